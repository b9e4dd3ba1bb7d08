package heapify.model;

import heapify.lex.Token;
import heapify.lex.TokenList;
import heapify.parse.Conditional;
import heapify.parse.Group;
import heapify.parse.IslandParser;
import heapify.parse.Node;
import heapify.parse.Nodes;
import heapify.parse.ParsedFile;
import heapify.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rule python2-entry-point: an init function whose head is split by {@code #if} between a
 * Python 3 {@code PyInit_x(void)} and a Python 2 {@code initx(void)} that share one body (audit's
 * {@code auparse_python.c}, cffi's {@code _cffi_backend.c}):
 * <pre>
 * #if PY_MAJOR_VERSION &gt;= 3
 * ...
 * PyMODINIT_FUNC
 * PyInit_x(void)
 * #else
 * #define INITERROR return
 * PyMODINIT_FUNC
 * initx(void)
 * #endif
 * {
 * </pre>
 * Read only when the conditional has exactly those two branches, one of them only Python 2
 * compiles ({@link PythonTwoBranch}) and holds nothing but the Python 2 head and
 * {@code #define}/{@code #undef} lines, and it closes before the body at the body's own level.
 * The other branch may be one for a platform no Python 3 runs on instead
 * ({@link PythonTwoBranch#deadPlatformOnly}: pygame's {@code time.c}, {@code #ifdef __SYMBIAN32__}
 * / {@code PYGAME_EXPORT void initpygame_time(void)} / {@code #else} / {@code MODINIT_DEFINE(time)}
 * / {@code #endif}); the live head may then also be the use of an init macro ({@link InitMacros}),
 * when it is all that branch holds of the head.
 * {@code pythonTwoName}: the Python 2 function's name; {@code nameAt}/{@code params}: the
 * Python 3 name's node index and parameter group among the definition's nodes (the macro's and
 * its argument's, for a macro head); {@code lines}: the whole lines of the conditional's
 * directives and of its Python 2 branch, in file order; {@code branch}: what compiles the dropped
 * branch ({@code "Python 2"}, or the platform's name); {@code macro}: the macro head's text
 * ({@code MODINIT_DEFINE(time)}), or empty.
 */
public record PythonTwoInitHead(String pythonTwoName, int nameAt, Group params, List<Span> lines, String branch,
                                String macro) {
    public PythonTwoInitHead {
        lines = List.copyOf(lines);
    }

    /**
     * The split head of the definition {@code nodes} (its body last), or empty when it is not
     * this idiom.
     */
    static Optional<PythonTwoInitHead> read(ParsedFile parsed, List<Node> nodes, java.util.Set<String> initMacros) {
        TokenList tokens = parsed.tokens();
        Group body = (Group) nodes.get(nodes.size() - 1);
        int bodyFrame = parsed.conditions()[body.open()];
        int twoFrame = -1;
        int twoToken = -1;
        String branch = null;
        for (int i = 0; i + 1 < nodes.size() - 1; i++) {
            int f = parsed.conditions()[nodes.get(i).first()];
            if (f < 0 || f == bodyFrame || twoFrame >= 0 && f != twoFrame) {
                continue; // the head where the body is: not split (checked cheaply first)
            }
            if (twoFrame < 0) {
                branch = PythonTwoBranch.pythonTwoOnly(parsed, f) ? "Python 2"
                        : PythonTwoBranch.deadPlatformOnly(parsed, f);
                if (branch == null) {
                    continue;
                }
            }
            twoFrame = f;
            if (Nodes.isIdentifier(tokens, nodes.get(i)) && nodes.get(i + 1) instanceof Group g && g.isParen()) {
                twoToken = nodes.get(i).first();
            }
        }
        if (twoToken < 0) {
            return Optional.empty();
        }
        Conditional two = parsed.frames().get(twoFrame);
        List<Integer> chain = new ArrayList<>();
        for (int f = 0; f < parsed.frames().size(); f++) {
            if (parsed.frames().get(f).chainStart() == two.chainStart()) {
                chain.add(f);
            }
        }
        if (chain.size() != 2) {
            return Optional.empty();
        }
        int threeFrame = chain.get(0) == twoFrame ? chain.get(1) : chain.get(0);
        int last = chain.get(1);
        int endif = -1;
        for (int i = parsed.frames().get(last).directive() + 1; i < body.open() && endif < 0; i++) {
            Token t = tokens.get(i);
            if (t.isDirective() && parsed.conditions()[i] == last
                    && IslandParser.directiveKeyword(t.text().stripLeading()).equals("endif")) {
                endif = i;
            }
        }
        if (endif < 0 || parsed.conditions()[body.open()] != two.parent()) {
            return Optional.empty(); // the body is inside the conditional, or it does not close before it
        }
        int threeAt = -1;
        for (int i = 0; i + 1 < nodes.size() - 1; i++) {
            if (Nodes.isIdentifier(tokens, nodes.get(i)) && nodes.get(i + 1) instanceof Group g && g.isParen()
                    && tokens.get(nodes.get(i).first()).text().startsWith("PyInit_")
                    && parsed.conditions()[nodes.get(i).first()] == threeFrame) {
                if (threeAt >= 0) {
                    return Optional.empty();
                }
                threeAt = i;
            }
        }
        String macro = "";
        if (threeAt < 0 && !branch.equals("Python 2")) {
            threeAt = macroHead(parsed, nodes, twoFrame, threeFrame, initMacros);
            macro = threeAt < 0 ? "" : Nodes.code(tokens, nodes.subList(threeAt, threeAt + 2));
        }
        if (threeAt < 0) {
            return Optional.empty();
        }
        // the Python 2 branch: the head's tokens and macro definitions only
        int from = parsed.frames().get(twoFrame).directive();
        int to = twoFrame == chain.get(0) ? parsed.frames().get(chain.get(1)).directive() : endif;
        int headFirst = nodes.get(0).first();
        for (int i = from + 1; i < to; i++) {
            Token t = tokens.get(i);
            if (t.isDirective() && !IslandParser.directiveKeyword(t.text().stripLeading()).matches("define|undef")
                    || t.isCode() && i < headFirst) {
                return Optional.empty();
            }
        }
        String text = tokens.source().text();
        List<Span> lines = new ArrayList<>();
        int d0 = parsed.frames().get(chain.get(0)).directive();
        int d1 = parsed.frames().get(chain.get(1)).directive();
        if (twoFrame == chain.get(0)) { // #if PY_MAJOR_VERSION < 3 / initx / #else / PyInit_x / #endif
            lines.add(new Span(lineStart(text, tokens.get(d0).start()), lineEnd(text, tokens.get(d1))));
            lines.add(new Span(lineStart(text, tokens.get(endif).start()), lineEnd(text, tokens.get(endif))));
        } else {
            lines.add(new Span(lineStart(text, tokens.get(d0).start()), lineEnd(text, tokens.get(d0))));
            lines.add(new Span(lineStart(text, tokens.get(d1).start()), lineEnd(text, tokens.get(endif))));
        }
        return Optional.of(new PythonTwoInitHead(tokens.get(twoToken).text(), threeAt,
                (Group) nodes.get(threeAt + 1), lines, branch, macro));
    }

    /**
     * The node index of an init macro's use ({@code MODINIT_DEFINE(time)}) that is, with its
     * argument, the whole head outside the dropped branch {@code twoFrame} and lies in
     * {@code threeFrame}, or -1.
     */
    private static int macroHead(ParsedFile parsed, List<Node> nodes, int twoFrame, int threeFrame,
                                 java.util.Set<String> initMacros) {
        TokenList tokens = parsed.tokens();
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < nodes.size() - 1; i++) {
            if (parsed.conditions()[nodes.get(i).first()] != twoFrame) {
                live.add(i);
            }
        }
        if (live.size() != 2 || live.get(1) != live.get(0) + 1) {
            return -1;
        }
        int at = live.get(0);
        if (!Nodes.isIdentifier(tokens, nodes.get(at)) || !initMacros.contains(tokens.get(nodes.get(at).first()).text())
                || !(nodes.get(at + 1) instanceof Group g) || !g.isParen() || g.children().size() != 1
                || !Nodes.isIdentifier(tokens, g.children().get(0))
                || parsed.conditions()[nodes.get(at).first()] != threeFrame
                || parsed.conditions()[g.close()] != threeFrame) {
            return -1;
        }
        return at;
    }

    private static int lineStart(String text, int offset) {
        int i = offset;
        while (i > 0 && text.charAt(i - 1) != '\n') {
            i--;
        }
        return i;
    }

    /** Just after the line break that ends the directive's last line. */
    private static int lineEnd(String text, Token directive) {
        int i = Math.max(directive.start(), directive.end() - 1);
        while (i < text.length() && text.charAt(i) != '\n') {
            i++;
        }
        return Math.min(i + 1, text.length());
    }
}
