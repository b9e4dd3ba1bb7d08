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
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rule 7, the type from the caller's instance ({@code [type-from-instance]}): a helper whose one
 * use of the module state is comparing types with one migrated type, {@code Py_IS_TYPE(obj,
 * &Foo_Type)}, and whose every caller is a function of that type holding an instance of it as
 * self, takes the type as a new first parameter instead of the state; the callers pass
 * {@code Py_TYPE(self)}, which is the type itself because it has no subclasses (no
 * {@code Py_TPFLAGS_BASETYPE}). A tp_clear or dealloc cannot look the state up (gh-115874) but
 * always has its instance: itertools' {@code teedataobject_safe_decref}, called from
 * {@code teedataobject_clear}, which kept {@code teedataobject_type} static.
 */
final class TypeFromInstance {
    /** One helper: the type it compares with, its new parameter, and its callers with their self. */
    record Threaded(String helper, String type, String param, List<Caller> callers) {
    }

    /** A caller and the name of its self parameter. */
    record Caller(String function, String self) {
    }

    /** Kinds of function whose first parameter is an instance of their type, never NULL. */
    private static final Set<FunctionKind> SELF_FIRST = Set.of(FunctionKind.GC, FunctionKind.DEALLOC,
            FunctionKind.SELF_SLOT, FunctionKind.GETSET);
    private static final List<String> PARAM_NAMES = List.of("type", "tp", "tp_heapify");

    private TypeFromInstance() {
    }

    /** Finds the helpers; ReachModuleState then does not count their type comparisons as needing the state. */
    static void choose(MigrationContext ctx) {
        // the directives once: a walk over every token per helper had been a tenth of the planning
        List<String> directives = new ArrayList<>();
        for (Token d : ctx.tokens().directiveTokens()) {
            if (d.isDirective()) {
                directives.add(d.text());
            }
        }
        for (FunctionDef f : ctx.model().functions()) {
            Threaded t = threaded(ctx, f, directives);
            if (t != null) {
                ctx.typeFromInstance.put(f.name(), t);
            }
        }
    }

    private static Threaded threaded(MigrationContext ctx, FunctionDef f, List<String> directives) {
        if (ctx.analysis().kind(f.name()) != FunctionKind.HELPER || ctx.analysis().usedAsValue(f.name())
                || !ReachModuleState.internalLinkage(ctx, f) || !ctx.analysis().callees(f.name()).isEmpty()
                || inDirective(directives, f.name())) {
            return null;
        }
        List<Integer> toks = ctx.analysis().bodyTokens(f);
        List<Integer> uses = ReachModuleState.directUses(ctx, f);
        if (uses.isEmpty()) {
            return null;
        }
        String type = ctx.token(toks.get(uses.get(0))).text();
        for (int k : uses) {
            if (!ctx.token(toks.get(k)).text().equals(type) || !comparedType(ctx, toks, k)) {
                return null;
            }
        }
        StaticType t = ctx.type(type);
        if (t == null || !ctx.isMigrated(type) || t.hasFlag("Py_TPFLAGS_BASETYPE")) {
            return null;
        }
        List<String> callerNames = ctx.analysis().callers(f.name());
        if (callerNames.isEmpty()) {
            return null;
        }
        List<Caller> callers = new ArrayList<>();
        for (String c : callerNames) {
            FunctionDef cf = ctx.model().function(c).orElse(null);
            String self = cf == null ? null : self(ctx, cf, type);
            if (self == null) {
                return null;
            }
            callers.add(new Caller(c, self));
        }
        String param = PARAM_NAMES.stream().filter(n -> !spells(ctx, f, n)).findFirst().orElse(null);
        return param == null ? null : new Threaded(f.name(), type, param, callers);
    }

    /** {@code Py_IS_TYPE(expr, &T)}: {@code &T} is the last argument of a call of Py_IS_TYPE. */
    private static boolean comparedType(MigrationContext ctx, List<Integer> toks, int k) {
        if (k < 2 || k + 1 >= toks.size() || ctx.token(toks.get(k - 1)).type() != CLexer.AMP
                || ctx.token(toks.get(k - 2)).type() != CLexer.COMMA || ctx.token(toks.get(k + 1)).type() != CLexer.RPAREN) {
            return false;
        }
        int depth = 0;
        for (int i = k - 2; i >= 0; i--) {
            int type = ctx.token(toks.get(i)).type();
            if (type == CLexer.RPAREN) {
                depth++;
            } else if (type == CLexer.LPAREN && depth-- == 0) {
                return i > 0 && ctx.token(toks.get(i - 1)).text().equals("Py_IS_TYPE");
            } else if (type == CLexer.COMMA && depth == 0 && i != k - 2) {
                return false; // Py_IS_TYPE has two arguments
            }
        }
        return false;
    }

    /** The self parameter of a function of {@code type} that gets an instance first and never reassigns it. */
    private static String self(MigrationContext ctx, FunctionDef f, String type) {
        List<FunctionRole> roles = ctx.analysis().roles(f.name());
        if (roles.isEmpty() || f.params().isEmpty() || !roles.stream().allMatch(r -> r.type().equals(type)
                && (SELF_FIRST.contains(r.kind()) || (r.kind() == FunctionKind.METHOD
                && !r.methodFlags().matches(".*METH_(STATIC|CLASS).*"))))) {
            return null;
        }
        String self = f.params().get(0).name();
        List<Integer> toks = ctx.analysis().bodyTokens(f);
        for (int k = 0; k + 1 < toks.size(); k++) {
            if (ctx.token(toks.get(k)).text().equals(self) && ctx.token(toks.get(k + 1)).type() == CLexer.ASSIGN) {
                return null;
            }
        }
        return self.isEmpty() ? null : self;
    }

    private static boolean spells(MigrationContext ctx, FunctionDef f, String name) {
        Pattern word = Pattern.compile("\\b" + Pattern.quote(name) + "\\b");
        return word.matcher(ctx.text().substring(f.span().start(), f.span().end())).find();
    }

    /** A macro that names the helper would call it without the new argument. */
    private static boolean inDirective(List<String> directives, String name) {
        Pattern word = Pattern.compile("\\b" + Pattern.quote(name) + "\\b");
        return directives.stream().anyMatch(d -> d.contains(name) && word.matcher(d).find());
    }

    /** The parameter, the comparisons that read it, and the argument at every call. */
    static void emit(MigrationContext ctx) {
        for (Threaded t : ctx.typeFromInstance.values()) {
            FunctionDef f = ctx.model().function(t.helper()).orElseThrow();
            ReachModuleState.addParam(ctx, f, "PyTypeObject *".length() + t.param().length(),
                    (more, ownLine, align, indent) -> ctx.template("type-param",
                            new Views.TypeParamView(t.param(), more, ownLine, align), indent));
            List<Integer> toks = ctx.analysis().bodyTokens(f);
            for (int k : ReachModuleState.directUses(ctx, f)) {
                Token amp = ctx.token(toks.get(k - 1));
                ctx.plan().replace(new Span(amp.start(), ctx.token(toks.get(k)).end()), "type parameter in " + f.name(),
                        ctx.template("type-param-ref", new Views.TypeParamView(t.param(), false, false, ""), ""));
            }
            for (Caller c : t.callers()) {
                FunctionDef cf = ctx.model().function(c.function()).orElseThrow();
                List<Integer> ct = ctx.analysis().bodyTokens(cf);
                for (int k = 0; k + 2 < ct.size(); k++) {
                    if (ctx.token(ct.get(k)).text().equals(t.helper()) && !ctx.layout().isMemberAccess(ct.get(k))
                            && ctx.token(ct.get(k + 1)).type() == CLexer.LPAREN) {
                        boolean more = ctx.token(ct.get(k + 2)).type() != CLexer.RPAREN;
                        ctx.plan().insert(ctx.token(ct.get(k + 1)).end(), "type argument in " + cf.name(),
                                ctx.template("type-arg", new Views.TypeArgView(c.self(), more), ""));
                    }
                }
            }
            ctx.diagnose(Severity.NOTE, "type-from-instance", ctx.tokens().get(f.body().open()).start(), "'"
                    + t.helper() + "' only compares types with '" + t.type() + "': it takes the type as a parameter,"
                    + " passed as Py_TYPE(self) by " + String.join(", ", t.callers().stream().map(c -> "'"
                    + c.function() + "'").toList()) + ", instead of the module state");
        }
    }
}
