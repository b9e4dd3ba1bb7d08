package heapify.transform;

import heapify.model.FunctionDef;
import heapify.model.PythonTwoInitHead;
import heapify.source.Severity;
import heapify.source.Span;

/**
 * Rule python2-entry-point: the init head split by {@code #if} between {@code PyInit_x(void)} and
 * a Python 2 {@code initx(void)} (audit, cffi) becomes the exec head alone. The conditional's
 * directives and its Python 2 branch (the old head, its {@code #define}s) go; what the Python 3
 * branch held stays, unconditional, as every target (3.9 and later) compiled it. A module of heap
 * types does not build on Python 2 at all, so no branch for it is kept.
 */
final class DropPythonTwoInit {
    private DropPythonTwoInit() {
    }

    /** Plans the deletions and returns the span of the Python 3 head the exec head replaces. */
    static Span apply(MigrationContext ctx, FunctionDef init, PythonTwoInitHead two) {
        Span head = new Span(init.span().start(), ctx.token(two.params().close()).end());
        for (Span line : two.lines()) {
            if (line.end() <= head.start()) {
                blankAfterModuleDefinition(ctx, line.end(), head.start());
            }
            if (!line.overlaps(head)) {
                ctx.plan().replace(line, "Python 2 init head");
            } else if (line.start() < head.start()) {
                ctx.plan().replace(new Span(line.start(), head.start()), "Python 2 init head");
            }
        }
        ctx.diagnose(Severity.NOTE, "python2-entry-point", init.span().start(), two.branch().equals("Python 2")
                ? "the Python 2 entry point '" + two.pythonTwoName()
                        + "' and its #if are dropped: a module of heap types builds on Python 3 only"
                : "the " + two.branch() + " entry point '" + two.pythonTwoName() + "' and its #if are dropped: no "
                        + "Python 3 runs on " + two.branch() + ", and a module of heap types builds on Python 3 only");
        return head;
    }

    /**
     * Where only the module definition, which Rule 6 moves after exec, and blank lines stand
     * between the deleted {@code #if} line and the head, the blank line after the definition goes
     * too: one blank line, not two, then separates what was before the {@code #if} from exec.
     */
    private static void blankAfterModuleDefinition(MigrationContext ctx, int from, int to) {
        if (ctx.analysis().def().isEmpty()) {
            return;
        }
        Span def = ctx.layout().withSemicolon(ctx.analysis().def().get().definition());
        if (def.start() < from || def.end() > to || !(ctx.text().substring(from, def.start())
                + ctx.text().substring(def.end(), to)).isBlank()) {
            return;
        }
        int blank = ctx.layout().nextLineStart(def.end());
        int after = ctx.layout().nextLineStart(blank);
        if (blank < to && after <= to && ctx.text().substring(blank, after).isBlank()) {
            ctx.plan().replace(new Span(blank, after), "Python 2 init head");
        }
    }

    /**
     * The whole lines of a conditional of two branches whose branch every target compiles holds
     * {@code s} alone and whose other branch only Python 2 compiles
     * ({@code #ifdef IS_PY3K} / {@code m = PyModule_Create(&def);} / {@code #else} /
     * {@code m = Py_InitModule3(...);} / {@code #endif}: audit), or null. Exec creates no module,
     * so the conditional goes whole rather than leaving an empty branch and the Python 2 call.
     */
    static Span chainAround(MigrationContext ctx, heapify.analysis.Stmt s) {
        heapify.parse.ParsedFile parsed = ctx.model().parsed();
        int frame = parsed.conditions()[s.first()];
        if (frame < 0 || !heapify.model.PythonTwoBranch.alwaysCompiled(parsed, frame)
                || parsed.conditions()[s.last()] != frame) {
            return null;
        }
        int start = parsed.frames().get(frame).chainStart();
        java.util.List<Integer> chain = new java.util.ArrayList<>();
        for (int f = 0; f < parsed.frames().size(); f++) {
            if (parsed.frames().get(f).chainStart() == start) {
                chain.add(f);
            }
        }
        if (chain.size() != 2) {
            return null;
        }
        int other = chain.get(0) == frame ? chain.get(1) : chain.get(0);
        if (!heapify.model.PythonTwoBranch.pythonTwoOnly(parsed, other)) {
            return null;
        }
        int last = chain.get(1);
        int endif = -1;
        for (int i = parsed.frames().get(last).directive() + 1; i < ctx.tokens().size() && endif < 0; i++) {
            heapify.lex.Token t = ctx.token(i);
            if (t.isDirective() && parsed.conditions()[i] == last
                    && heapify.parse.IslandParser.directiveKeyword(t.text().stripLeading()).equals("endif")) {
                endif = i;
            }
        }
        if (endif < 0) {
            return null;
        }
        int branchStart = parsed.frames().get(frame).directive();
        int branchEnd = frame == chain.get(0) ? parsed.frames().get(chain.get(1)).directive() : endif;
        for (int i = branchStart + 1; i < branchEnd; i++) {
            heapify.lex.Token t = ctx.token(i);
            if (t.isDirective() || t.isCode() && (i < s.first() || i > s.last())) {
                return null; // the branch holds more than the statement
            }
        }
        Span whole = new Span(ctx.layout().lineStart(ctx.token(start).start()),
                ctx.layout().nextLineStart(Math.max(ctx.token(endif).start(), ctx.token(endif).end() - 1)));
        return ctx.plan().touches(whole) ? null : whole;
    }
}
