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
        ctx.diagnose(Severity.NOTE, "python2-entry-point", init.span().start(), "the Python 2 entry point '"
                + two.pythonTwoName() + "' and its #if are dropped: a module of heap types builds on Python 3 only");
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
}
