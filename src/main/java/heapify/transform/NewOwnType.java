package heapify.transform;

import heapify.analysis.FunctionKind;
import heapify.analysis.FunctionRole;
import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.FunctionDef;
import heapify.model.StaticType;
import heapify.source.Severity;
import heapify.source.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule new-own-type: in the tp_new of a migrated type that cannot be subclassed (no
 * {@code Py_TPFLAGS_BASETYPE}), {@code &Foo_Type} becomes the function's type parameter. The
 * interpreter calls a tp_new only with its type or a subtype, and without subclasses that is
 * Foo itself, of the module object whose type is being called: the same object the state would
 * give, without {@code PyType_GetModuleState} on every creation (issue #10). Applies when the
 * function is Foo's tp_new and nothing else (no other role, no caller in the file), its first
 * parameter is a {@code PyTypeObject *} the body neither assigns nor takes the address of, and
 * every state use of the body is {@code &Foo_Type} passed as a whole argument of a call.
 */
final class NewOwnType implements Transformer {

    @Override
    public void apply(MigrationContext ctx) {
        for (FunctionDef f : ctx.model().functions()) {
            String param = ownTypeParam(ctx, f);
            if (param == null) {
                continue;
            }
            String type = ctx.analysis().roles(f.name()).get(0).type();
            List<Integer> toks = ctx.analysis().bodyTokens(f);
            List<Integer> sites = new ArrayList<>();
            for (int k = 1; k < toks.size(); k++) {
                Token t = ctx.token(toks.get(k));
                Token amp = ctx.token(toks.get(k - 1));
                if (t.type() == CLexer.IDENTIFIER && t.text().equals(type) && amp.type() == CLexer.AMP
                        && !ctx.plan().touches(t.span()) && !ctx.plan().touches(amp.span())
                        && argument(ctx, toks, k - 1, k)) {
                    sites.add(k);
                }
            }
            // all or nothing: a state kept for another use (assert(type == &Foo_Type), gone under
            // NDEBUG) could be left unused, and an unused variable warns
            if (sites.isEmpty() || !sites.equals(ReachModuleState.directUses(ctx, f))) {
                continue;
            }
            for (int k : sites) {
                Span s = new Span(ctx.token(toks.get(k - 1)).start(), ctx.token(toks.get(k)).end());
                ctx.plan().replace(s, "own type in " + f.name(),
                        ctx.template("own-type-arg", new Views.OwnTypeArgView(param), ""));
                ctx.ownTypeArgs.add(s);
            }
            ctx.diagnose(Severity.NOTE, "new-own-type", ctx.token(toks.get(sites.get(0))).start(), "'" + f.name()
                    + "' is the tp_new of '" + type + "', which has no subclasses: its '" + param + "' is that type, "
                    + "so it names it instead of looking the module state up");
        }
    }

    /**
     * Whether {@code &Foo} (body tokens {@code amp} and {@code name}) is a whole argument of a call,
     * {@code PyObject_New(FooObject, &Foo_Type)}: a comparison such as {@code assert(type == &Foo_Type)}
     * would become {@code type == type}, which checks nothing and warns.
     */
    private static boolean argument(MigrationContext ctx, List<Integer> toks, int amp, int name) {
        if (amp == 0 || name + 1 >= toks.size()) {
            return false;
        }
        int before = ctx.token(toks.get(amp - 1)).type();
        int after = ctx.token(toks.get(name + 1)).type();
        return (before == CLexer.LPAREN || before == CLexer.COMMA) && (after == CLexer.RPAREN || after == CLexer.COMMA);
    }

    /** The type parameter of {@code f} when it is the tp_new of one migrated type without subclasses. */
    private static String ownTypeParam(MigrationContext ctx, FunctionDef f) {
        List<FunctionRole> roles = ctx.analysis().roles(f.name());
        if (roles.size() != 1 || roles.get(0).kind() != FunctionKind.NEW || f.params().isEmpty()
                || !ctx.analysis().callers(f.name()).isEmpty()) {
            return null;
        }
        StaticType type = ctx.type(roles.get(0).type());
        String p = f.params().get(0).name();
        if (type == null || !ctx.isMigrated(type.cName()) || type.hasFlag("Py_TPFLAGS_BASETYPE")
                || !f.params().get(0).type().replaceAll("\\s+", "").equals("PyTypeObject*") || p.isEmpty()) {
            return null;
        }
        List<Integer> toks = ctx.analysis().bodyTokens(f);
        for (int k = 0; k < toks.size(); k++) {
            Token t = ctx.token(toks.get(k));
            if (t.type() == CLexer.IDENTIFIER && t.text().equals(p) && !ctx.layout().isMemberAccess(toks.get(k))) {
                boolean assigned = k + 1 < toks.size() && ctx.token(toks.get(k + 1)).type() == CLexer.ASSIGN;
                boolean address = k > 0 && ctx.token(toks.get(k - 1)).type() == CLexer.AMP;
                if (assigned || address) {
                    return null;
                }
            }
        }
        return p;
    }
}
