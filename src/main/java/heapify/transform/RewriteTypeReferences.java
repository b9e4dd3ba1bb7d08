package heapify.transform;

import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.FunctionDef;
import heapify.source.Severity;
import heapify.source.Span;
import java.util.List;
import java.util.Set;

/**
 * Rule 9: inside every function that has {@code st}, {@code &Foo_Type} becomes
 * {@code st->Foo_Type}, {@code Foo_Type.tp_x} becomes {@code st->Foo_Type->tp_x}, a moved global
 * {@code ErrorObject} becomes {@code st->ErrorObject}, and calls of helpers and macros that now
 * take the state get {@code st} as first argument. Tokens already covered by another edit are
 * left to it. Afterwards any {@code &Foo_Type}, {@code Foo_Type.} or {@code sizeof(Foo_Type)} left
 * for a migrated type is an error ({@code [static-type-reference-left]}).
 */
public final class RewriteTypeReferences implements Transformer {

    @Override
    public void apply(MigrationContext ctx) {
        Set<String> types = ctx.migratedNames();
        Set<String> globals = ctx.movedNames();
        for (FunctionDef f : ctx.model().functions()) {
            if (!ctx.hasState(f.name())) {
                continue;
            }
            List<Integer> toks = ctx.analysis().bodyTokens(f);
            for (int k = 0; k < toks.size(); k++) {
                int ti = toks.get(k);
                Token t = ctx.token(ti);
                if (t.type() != CLexer.IDENTIFIER || ctx.layout().isMemberAccess(ti) || ctx.plan().touches(t.span())) {
                    continue;
                }
                int next = k + 1 < toks.size() ? toks.get(k + 1) : -1;
                int prev = k > 0 ? toks.get(k - 1) : -1;
                if (types.contains(t.text())) {
                    // '&' before a PyTypeObject is always its address: a bitwise and on a struct is no C
                    if (prev >= 0 && ctx.token(prev).type() == CLexer.AMP && !ctx.plan().touches(ctx.token(prev).span())) {
                        ctx.plan().replace(new Span(ctx.token(prev).start(), t.end()), "type reference in " + f.name(),
                                ctx.template("state-ref", new Views.StateRefView(t.text(), false, false), ""));
                    } else if (next >= 0 && ctx.token(next).type() == CLexer.DOT) {
                        ctx.plan().replace(new Span(t.start(), ctx.token(next).end()), "type field in " + f.name(),
                                ctx.template("state-ref", new Views.StateRefView(t.text(), true, false), ""));
                    }
                } else if (globals.contains(t.text())) {
                    ctx.plan().replace(t.span(), "global in " + f.name(),
                            ctx.template("state-ref", new Views.StateRefView(t.text(), false, false), ""));
                } else if (ctx.objectStateMacros.contains(t.text())
                        && (next < 0 || ctx.token(next).type() != CLexer.LPAREN)) {
                    ctx.plan().insert(t.end(), "state argument in " + f.name(),
                            ctx.template("state-arg-list", new Views.StateArgView(false), ""));
                } else if ((ctx.threaded.contains(t.text()) || ctx.stateMacros.contains(t.text())) && next >= 0
                        && ctx.token(next).type() == CLexer.LPAREN) {
                    int after = k + 2 < toks.size() ? toks.get(k + 2) : -1;
                    boolean empty = after >= 0 && ctx.token(after).type() == CLexer.RPAREN;
                    ctx.plan().insert(ctx.token(next).end(), "state argument in " + f.name(),
                            ctx.template("state-arg", new Views.StateArgView(!empty), ""));
                }
            }
        }
        leftovers(ctx, types);
    }

    /**
     * Every remaining mention of a migrated type or moved global that no edit covers is code the
     * state cannot reach (a function the parse did not see, a file-level initializer, a macro):
     * reported, and kept static in the next planning pass so the output compiles.
     */
    static void leftovers(MigrationContext ctx, Set<String> types) {
        Set<String> globals = ctx.movedNames();
        List<Token> all = ctx.tokens().all();
        heapify.source.LineMap lines = null; // built once, on the first leftover
        for (Token t : all) {
            if (t.type() != CLexer.IDENTIFIER) {
                continue;
            }
            boolean type = types.contains(t.text());
            boolean global = globals.contains(t.text());
            if (!type && !global || ctx.plan().touches(t.span())) {
                continue; // touches() walks every edit: only for the names that matter
            }
            if (heapify.model.PythonTwoBranch.contains(ctx.model().parsed(), t.index())) {
                continue; // no target compiles it: left as written, like the whole Python 2 branch
            }
            if (ctx.layout().isMemberAccess(t.index()) || ctx.layout().isMemberDeclaration(t.index())) {
                continue;
            }
            if (type) {
                ctx.diagnose(Severity.ERROR, "static-type-reference-left", t.start(),
                        "'" + t.text() + "' is a heap type now, but this reference was not rewritten");
                ctx.todo(t.start(), "reach '" + t.text() + "' through the module state here");
            }
            if (lines == null) {
                lines = new heapify.source.LineMap(ctx.text());
            }
            ctx.unreachableRefs.putIfAbsent(t.text(), "a use outside any function that has the state, line "
                    + lines.line(t.start()));
        }
    }
}
