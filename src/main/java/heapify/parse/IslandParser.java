package heapify.parse;

import heapify.lex.Token;
import heapify.lex.TokenList;
import heapify.lex.antlr.CLexer;
import heapify.source.Diagnostic;
import heapify.source.Severity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The island parser: balanced groups of code tokens (braces, parentheses, brackets), then
 * top-level items found by their shape.
 *
 * <p>Braces may balance only per preprocessor branch:
 * <pre>
 * #ifdef MS_WINDOWS
 *     if (a) {
 * #else
 *     if (b) {
 * #endif
 * </pre>
 * When the whole file does not balance, the parse first hides the later branches of just the
 * conditionals that have a branch which does not balance by itself (as above); the rest of the
 * file, {@code #else} code included, stays visible. If that does not balance either, it keeps
 * only the first branch of every conditional, and reports an error only when that fails too.
 * Hidden tokens are invisible to the tree, as if they were comments.
 */
public final class IslandParser {
    private IslandParser() {
    }

    public static ParsedFile parse(TokenList tokens) {
        List<Diagnostic> diagnostics = new ArrayList<>(tokens.diagnostics());
        List<Conditional> frames = new ArrayList<>();
        int[] conditions = conditionals(tokens, frames, diagnostics);
        int[] code = tokens.code();
        Imbalance imbalance = firstImbalance(tokens, code);
        if (imbalance != null) {
            int[] targeted = firstBranchesOfUnbalancedChains(tokens, code, conditions, frames);
            int[] firstBranches = firstBranchesOnly(code, conditions, frames);
            if (firstImbalance(tokens, targeted) == null) {
                code = targeted;
                imbalance = null;
            } else if (firstImbalance(tokens, firstBranches) == null) {
                code = firstBranches;
                imbalance = null;
            }
        }
        if (imbalance != null) {
            diagnostics.add(Diagnostic.at(Severity.ERROR, "unbalanced-brackets", tokens.source().path(),
                    tokens.get(imbalance.token).span(), imbalance.message));
            return new ParsedFile(tokens, List.of(), frames, conditions, diagnostics);
        }
        int tooDeep = firstTooDeep(tokens, code);
        if (tooDeep >= 0) {
            diagnostics.add(Diagnostic.at(Severity.ERROR, "nesting-too-deep", tokens.source().path(),
                    tokens.get(tooDeep).span(), "brackets nest deeper than " + MAX_DEPTH
                            + " levels (clang's default -fbracket-depth); file not parsed"));
            return new ParsedFile(tokens, List.of(), frames, conditions, diagnostics);
        }
        List<Node> top = tree(tokens, code);
        List<TopItem> items = segment(tokens, top, conditions, frames);
        return new ParsedFile(tokens, items, frames, conditions, diagnostics);
    }

    /** The keyword of a directive token: "if", "ifdef", "define", ... ("" for a null directive). */
    public static String directiveKeyword(String text) {
        int i = 1;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        int s = i;
        while (i < text.length() && Character.isLetter(text.charAt(i))) {
            i++;
        }
        return text.substring(s, i);
    }

    private static int[] conditionals(TokenList tokens, List<Conditional> frames, List<Diagnostic> diagnostics) {
        int[] of = new int[tokens.size()];
        int current = -1;
        for (Token t : tokens.all()) {
            if (t.isDirective()) {
                String text = t.text().stripLeading();
                String kw = directiveKeyword(text);
                switch (kw) {
                    case "if", "ifdef", "ifndef" -> {
                        frames.add(new Conditional(t.index(), t.index(), 0, current, text.strip()));
                        current = frames.size() - 1;
                    }
                    case "elif", "else", "elifdef", "elifndef" -> {
                        if (current < 0) {
                            diagnostics.add(Diagnostic.at(Severity.WARNING, "unmatched-directive",
                                    tokens.source().path(), t.span(), "#" + kw + " without #if"));
                        } else {
                            Conditional c = frames.get(current);
                            frames.add(new Conditional(t.index(), c.chainStart(), c.branch() + 1, c.parent(), text.strip()));
                            current = frames.size() - 1;
                        }
                    }
                    case "endif" -> {
                        if (current < 0) {
                            diagnostics.add(Diagnostic.at(Severity.WARNING, "unmatched-directive",
                                    tokens.source().path(), t.span(), "#endif without #if"));
                        } else {
                            of[t.index()] = current;
                            current = frames.get(current).parent();
                            continue;
                        }
                    }
                    default -> {
                    }
                }
            }
            of[t.index()] = current;
        }
        // conditionals still open at the end of the file, outermost first, as gcc's "unterminated #if"
        List<Integer> open = new ArrayList<>();
        for (int f = current; f >= 0; f = frames.get(f).parent()) {
            open.add(0, frames.get(f).chainStart());
        }
        for (int directive : open) {
            Token t = tokens.get(directive);
            diagnostics.add(Diagnostic.at(Severity.WARNING, "unmatched-directive", tokens.source().path(), t.span(),
                    "#" + directiveKeyword(t.text().stripLeading()) + " without #endif"));
        }
        return of;
    }

    /**
     * Hides the non-first branches of the conditional chains in which some branch's own tokens
     * (those whose innermost frame it is) do not balance; every other token stays.
     */
    private static int[] firstBranchesOfUnbalancedChains(TokenList tokens, int[] code, int[] conditions,
                                                         List<Conditional> frames) {
        int[] delta = new int[frames.size()];
        for (int i : code) {
            int f = conditions[i];
            if (f < 0) {
                continue;
            }
            int type = tokens.get(i).type();
            if (type == CLexer.LBRACE || type == CLexer.LPAREN || type == CLexer.LBRACKET) {
                delta[f]++;
            } else if (type == CLexer.RBRACE || type == CLexer.RPAREN || type == CLexer.RBRACKET) {
                delta[f]--;
            }
        }
        java.util.Set<Integer> unbalancedChains = new java.util.HashSet<>();
        for (int f = 0; f < frames.size(); f++) {
            if (delta[f] != 0) {
                unbalancedChains.add(frames.get(f).chainStart());
            }
        }
        return java.util.Arrays.stream(code).filter(i -> {
            for (int f = conditions[i]; f >= 0; f = frames.get(f).parent()) {
                Conditional c = frames.get(f);
                if (c.branch() > 0 && unbalancedChains.contains(c.chainStart())) {
                    return false;
                }
            }
            return true;
        }).toArray();
    }

    private static int[] firstBranchesOnly(int[] code, int[] conditions, List<Conditional> frames) {
        return java.util.Arrays.stream(code).filter(i -> {
            for (int f = conditions[i]; f >= 0; f = frames.get(f).parent()) {
                if (frames.get(f).branch() > 0) {
                    return false;
                }
            }
            return true;
        }).toArray();
    }

    private record Imbalance(int token, String message) {
    }

    private static Imbalance firstImbalance(TokenList tokens, int[] code) {
        Deque<Integer> open = new ArrayDeque<>();
        for (int i : code) {
            int type = tokens.get(i).type();
            if (type == CLexer.LBRACE || type == CLexer.LPAREN || type == CLexer.LBRACKET) {
                open.push(i);
            } else if (type == CLexer.RBRACE || type == CLexer.RPAREN || type == CLexer.RBRACKET) {
                if (open.isEmpty()) {
                    return new Imbalance(i, "unmatched '" + tokens.get(i).text() + "'");
                }
                if (!closes(tokens.get(open.peek()).type(), type)) {
                    return new Imbalance(open.peek(), "'" + tokens.get(open.peek()).text() + "' closed by '"
                            + tokens.get(i).text() + "' at line "
                            + new heapify.source.LineMap(tokens.source().text()).line(tokens.get(i).start()));
                }
                open.pop();
            }
        }
        if (!open.isEmpty()) {
            int last = open.getLast();
            return new Imbalance(last, "'" + tokens.get(last).text() + "' is never closed");
        }
        return null;
    }

    /**
     * Deepest nesting of braces, parentheses and brackets heapify parses: clang's default limit
     * ({@code -fbracket-depth=256}), so any file clang compiles as it is passes. Later stages walk
     * the tree recursively; the limit bounds their depth.
     */
    public static final int MAX_DEPTH = 256;

    /** The first opener nested deeper than {@link #MAX_DEPTH} in balanced code, or -1. */
    private static int firstTooDeep(TokenList tokens, int[] code) {
        int depth = 0;
        for (int i : code) {
            int type = tokens.get(i).type();
            if (type == CLexer.LBRACE || type == CLexer.LPAREN || type == CLexer.LBRACKET) {
                if (++depth > MAX_DEPTH) {
                    return i;
                }
            } else if (type == CLexer.RBRACE || type == CLexer.RPAREN || type == CLexer.RBRACKET) {
                depth--;
            }
        }
        return -1;
    }

    private static boolean closes(int open, int close) {
        return open == CLexer.LBRACE ? close == CLexer.RBRACE
                : open == CLexer.LPAREN ? close == CLexer.RPAREN : close == CLexer.RBRACKET;
    }

    /**
     * Builds the balanced tree with one explicit stack: the balance was checked before, so every
     * closer matches the innermost opener. (This replaced an ANTLR parser for the same one-rule
     * grammar, whose per-element contexts and prediction cost more than lexing on CPython's
     * Modules/.)
     */
    private static List<Node> tree(TokenList tokens, int[] code) {
        Deque<List<Node>> children = new ArrayDeque<>();
        Deque<Integer> opens = new ArrayDeque<>();
        List<Node> current = new ArrayList<>();
        for (int i : code) {
            int type = tokens.get(i).type();
            if (type == CLexer.LBRACE || type == CLexer.LPAREN || type == CLexer.LBRACKET) {
                children.push(current);
                opens.push(i);
                current = new ArrayList<>();
            } else if (type == CLexer.RBRACE || type == CLexer.RPAREN || type == CLexer.RBRACKET) {
                int open = opens.pop();
                Group g = new Group(tokens.get(open).text().charAt(0), open, i, current);
                current = children.pop();
                current.add(g);
            } else {
                current.add(new Leaf(i));
            }
        }
        return current;
    }

    /**
     * Splits top-level nodes into items. A run ends at a top-level ';', or at a brace group that
     * is a function body (the run has a parameter list and no '=' and is no struct/union/enum
     * head) or an opaque block. A ';' that ends the head of a K&amp;R definition does not end it
     * ({@link OldStyleDefinition}).
     */
    private static List<TopItem> segment(TokenList tokens, List<Node> top, int[] conditions, List<Conditional> frames) {
        List<TopItem> items = new ArrayList<>();
        List<Node> run = new ArrayList<>();
        int runStart = 0;
        boolean sawAssign = false;
        boolean sawParen = false;
        for (int k = 0; k < top.size(); k++) {
            Node n = top.get(k);
            if (run.isEmpty()) {
                sawAssign = sawParen = false;
                runStart = k;
            }
            run.add(n);
            if (n instanceof Leaf leaf) {
                Token t = tokens.get(leaf.token());
                if (t.type() == CLexer.SEMI) {
                    int body = sawAssign ? -1 : OldStyleDefinition.body(tokens, top, runStart, k);
                    if (body >= 0) {
                        // a K&R definition: its parameter declarations and body belong to it
                        items.add(item(ItemKind.FUNCTION, top.subList(runStart, body + 1), conditions, frames));
                        k = body;
                    } else {
                        items.add(item(ItemKind.DECLARATION, run, conditions, frames));
                    }
                    run = new ArrayList<>();
                } else if (t.type() == CLexer.ASSIGN) {
                    sawAssign = true;
                }
            } else {
                Group g = (Group) n;
                if (g.isParen()) {
                    sawParen = true;
                } else if (g.isBrace() && isExternC(tokens, run)) {
                    // extern "C" { ... } (usually under #ifdef __cplusplus): its items are top-level items
                    items.addAll(segment(tokens, g.children(), conditions, frames));
                    run = new ArrayList<>();
                } else if (g.isBrace() && !sawAssign && !isTagBody(tokens, run)) {
                    items.add(item(sawParen ? ItemKind.FUNCTION : ItemKind.OPAQUE, run, conditions, frames));
                    run = new ArrayList<>();
                }
            }
        }
        if (!run.isEmpty()) {
            items.add(item(ItemKind.OPAQUE, run, conditions, frames));
        }
        return items;
    }

    /** True when the run is {@code extern "C"} followed by the brace group just added. */
    private static boolean isExternC(TokenList tokens, List<Node> run) {
        return run.size() == 3 && Nodes.isIdentifier(tokens, run.get(0), "extern")
                && Nodes.isLeaf(tokens, run.get(1), CLexer.STRING);
    }

    /** True when the brace group just added follows {@code struct}, {@code union} or {@code enum} [tag]. */
    private static boolean isTagBody(TokenList tokens, List<Node> run) {
        for (int i = run.size() - 2, seen = 0; i >= 0 && seen < 2; i--, seen++) {
            if (!(run.get(i) instanceof Leaf leaf) || tokens.get(leaf.token()).type() != CLexer.IDENTIFIER) {
                return false;
            }
            String w = tokens.get(leaf.token()).text();
            if (w.equals("struct") || w.equals("union") || w.equals("enum")) {
                return true;
            }
        }
        return false;
    }

    private static TopItem item(ItemKind kind, List<Node> run, int[] conditions, List<Conditional> frames) {
        List<Integer> cond = new ArrayList<>();
        for (int f = conditions[run.get(0).first()]; f >= 0; f = frames.get(f).parent()) {
            cond.add(0, frames.get(f).directive());
        }
        return new TopItem(kind, run, cond);
    }
}
