package heapify.transform;

import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.source.Severity;
import heapify.source.Span;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule subtype-check-by-dealloc: in a module whose types join its existing state (state-merged),
 * a one-line macro whose whole body is the subtype check {@code PyObject_TypeCheck(op, &Foo_Type)}
 * first compares the object's dealloc with Foo's own:
 * <pre>
 * #define Element_Check(op) \
 *     (Py_TYPE(op)->tp_dealloc == (destructor)element_dealloc || \
 *      PyObject_TypeCheck(op, ET_STATE_GLOBAL->Element_Type))
 * </pre>
 * An instance of Foo, the common case, then needs no {@code PyState_FindModule}; a subclass's
 * instance takes the check through the state, as before. The dealloc must identify Foo by
 * ExactCheckByDealloc's conditions and be declared before the macro, and every use of the macro
 * in the file must pass a side-effect-free argument (names, numbers, {@code ->}, {@code .} and
 * {@code []}), because
 * the argument is now evaluated twice. {@code &Foo_Type} stays for MergeIntoExistingState, which
 * names it through the accessor and keeps the type static where the accessor cannot run.
 */
public final class SubtypeCheckByDealloc implements Transformer {
    private static final Pattern CHECK = Pattern.compile(
            "^(\\s+)(PyObject_TypeCheck\\s*\\(\\s*(\\w+)\\s*,\\s*&\\s*(\\w+)\\s*\\))\\s*$");
    private static final int MAX = 79;
    /** The characters subtype-check-by-dealloc.ftl puts around the object and the dealloc on its line. */
    private static final int HEAD_TEXT = 31;
    /** Tokens of an argument that reads without side effects: {@code extra->children[i]}. */
    private static final Set<Integer> PURE = Set.of(CLexer.IDENTIFIER, CLexer.ARROW, CLexer.DOT, CLexer.LBRACKET,
            CLexer.RBRACKET, CLexer.NUMBER);

    /** The first line's tail, from the template: {@code " \"}. */
    public record HeadView(String object, String dealloc, String eol) {
    }

    @Override
    public void apply(MigrationContext ctx) {
        if (ctx.existing == null) {
            return; // elsewhere the state is at hand where such a macro is used (st parameter)
        }
        Map<String, String> deallocs = ExactCheckByDealloc.eligible(ctx);
        Set<String> noted = new LinkedHashSet<>();
        for (Token d : ctx.tokens().directiveTokens()) {
            if (d.text().indexOf('\n') >= 0) {
                continue;
            }
            Matcher define = StateMacros.DEFINE.matcher(d.text());
            if (!define.find() || !define.group(3).strip().matches("\\w+")) {
                continue;
            }
            Matcher m = CHECK.matcher(define.group(4));
            if (!m.find() || !m.group(3).equals(define.group(3).strip()) || !deallocs.containsKey(m.group(4))) {
                continue;
            }
            String type = m.group(4);
            String dealloc = deallocs.get(type);
            String fn = ExactCheckByDealloc.function(dealloc);
            int declared = Math.min(ExactCheckByDealloc.declaredAt(ctx, fn),
                    ctx.deallocPrototypes.getOrDefault(fn, Integer.MAX_VALUE));
            String object = m.group(3);
            int head = 4 + HEAD_TEXT + object.length() + dealloc.length();
            int tail = 5 + m.group(2).length() - 1 - type.length() + ctx.existing.accessor().length() + 2
                    + type.length() + 1;
            if (declared > d.start() || head > MAX || tail > MAX || !pureUses(ctx, define.group(2), d)) {
                continue;
            }
            int bodyStart = d.start() + define.start(4);
            int checkStart = bodyStart + m.start(2);
            int checkEnd = bodyStart + m.end(2);
            ctx.plan().replace(new Span(bodyStart, checkStart), "exact fast path of " + define.group(2),
                    ctx.template("subtype-check-by-dealloc", new HeadView(object, dealloc, ctx.eol()), ""));
            ctx.plan().insert(checkEnd, "exact fast path of " + define.group(2),
                    ctx.template("subtype-check-by-dealloc-close", new HeadView(object, dealloc, ctx.eol()), ""));
            if (noted.add(define.group(2))) {
                ctx.diagnose(Severity.NOTE, "subtype-check-by-dealloc", d.start(), "'" + define.group(2)
                        + "' compares the dealloc ('" + dealloc + "') before the subtype check: an instance of '"
                        + type + "' needs no state lookup");
            }
        }
    }

    /** Whether every use of {@code macro} outside its definition passes only {@link #PURE} tokens. */
    private static boolean pureUses(MigrationContext ctx, String macro, Token definition) {
        SourceLayout layout = ctx.layout();
        for (Token t : ctx.tokens().all()) {
            if (t.isDirective() && t != definition && Pattern.compile("\\b" + macro + "\\b").matcher(t.text()).find()) {
                return false; // another macro passes its own arguments on
            }
            if (!t.isCode() || !t.isIdentifier(macro)) {
                continue;
            }
            int open = layout.nextCode(t.index());
            if (open < 0 || ctx.token(open).type() != CLexer.LPAREN) {
                return false;
            }
            int k = layout.nextCode(open);
            int n = 0;
            for (; k >= 0 && ctx.token(k).type() != CLexer.RPAREN; k = layout.nextCode(k), n++) {
                int type = ctx.token(k).type();
                if (!PURE.contains(type)) {
                    return false;
                }
            }
            if (k < 0 || n == 0) {
                return false;
            }
        }
        return true;
    }
}
