package heapify.transform;

import heapify.analysis.FunctionKind;
import heapify.analysis.FunctionRole;
import heapify.model.FunctionDef;
import heapify.model.StaticType;
import heapify.transform.MigrationContext.StateAccess;
import heapify.transform.MigrationContext.StateAccess.Kind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rule 7: how one function reaches the module state, by its kind: the module argument, the
 * defining class, the state cached in {@code self} (StateInObject), a lookup by definition from
 * {@code self} or the type argument, a non-raising
 * two-operand lookup in binary slots, a new parameter for helpers, or not at all (deallocs,
 * traverse/clear, callbacks, functions of types that stay static).
 */
final class StateAccessChoice {
    /**
     * PyType_GetModuleByDef walks tp_mro, and the type's ht_module may be NULL as well: a garbage
     * cycle holding the instance, its type and the module is cleared in no fixed order
     * (gh-115874: FutureIter_dealloc and itertools' tee crashed at exit this way).
     */
    static final String DEALLOC_REASON = "a dealloc must not look up module state: the GC may have cleared "
            + "its type's MRO and module first (gh-115874, rule 4)";
    static final String GC_REASON = "traverse and clear must not look up module state";

    private StateAccessChoice() {
    }

    static String param(FunctionDef f, int i) {
        return f.params().size() > i ? f.params().get(i).name() : "";
    }

    /**
     * Whether parameter {@code i} is declared {@code PyObject *} (or {@code void *}, which converts
     * implicitly): a module function may declare its module parameter as an object struct pointer
     * ({@code Camera(pgCameraObject *self, PyObject *arg)}), which the state getter takes only through a
     * cast.
     */
    static boolean objectParam(FunctionDef f, int i) {
        return f.params().size() > i && (f.params().get(i).isObjectPointer()
                || f.params().get(i).type().replaceAll("\\s+", "").equals("void*"));
    }

    static StateAccess decide(MigrationContext ctx, FunctionDef f) {
        List<FunctionRole> roles = ctx.analysis().roles(f.name());
        FunctionKind kind = roles.isEmpty() ? FunctionKind.HELPER : roles.get(0).kind();
        Set<String> ofTypes = new LinkedHashSet<>();
        for (FunctionRole r : roles) {
            ofTypes.add(r.type());
        }
        boolean single = ofTypes.size() == 1 && roles.stream().allMatch(r -> r.kind() == kind
                && r.methodFlags().equals(roles.get(0).methodFlags()));
        StaticType type = roles.isEmpty() ? null : ctx.type(roles.get(0).type());
        boolean exact = single && type != null && ctx.isMigrated(type.cName()) && !type.hasFlag("Py_TPFLAGS_BASETYPE");
        String self = param(f, 0);
        String get = ctx.names().getter();
        for (FunctionRole r : roles) {
            if (!r.type().isEmpty() && !ctx.isMigrated(r.type())) {
                return StateAccess.unreachable("it belongs to the static type '" + r.type() + "'");
            }
        }
        String def = ctx.names().defName();
        StateAccess cached = StateInObject.access(ctx, f, kind, single, type);
        switch (kind) {
            case INIT:
                return StateAccess.local(new Views.StateLookupView("module", get, ctx.execParam, def, ""));
            case MODULE_FUNCTION:
                if (freeCalledWithoutModule(ctx, f, roles)) {
                    return new StateAccess(Kind.PARAM, "", null);
                }
                return StateAccess.local(new Views.StateLookupView(objectParam(f, 0) ? "module" : "module-cast",
                        get, self, def, ""));
            case METHOD: {
                String flags = roles.get(0).methodFlags();
                if (!single) {
                    ctx.needModuleByDef = true;
                    return StateAccess.local(new Views.StateLookupView("by-def", get, self, def, ""));
                }
                if (flags.contains("METH_STATIC")) {
                    return StateAccess.unreachable("a METH_STATIC method has neither module nor type");
                }
                if (flags.contains("METH_CLASS")) {
                    ctx.needModuleByDef = true;
                    return StateAccess.local(new Views.StateLookupView("by-def-class", get, self, def, ""));
                }
                if (flags.contains("METH_METHOD")) {
                    return StateAccess.local(new Views.StateLookupView("type-arg", get, param(f, 1), def, ""));
                }
                if (cached != null) {
                    return cached; // any convention: no adapter, no lookup
                }
                if (exact) {
                    return StateAccess.local(new Views.StateLookupView("own-type", get, self, def, ""));
                }
                if (flags.matches("\\s*METH_(NOARGS|O)\\s*")) {
                    // The interpreter specializes calls of METH_NOARGS and METH_O methods, not of
                    // METH_METHOD ones: an adapter made a cheap method 1.5x slower (bench/README.md),
                    // a lookup by definition, exact for subclasses too, costs a few percent.
                    ctx.needModuleByDef = true;
                    return StateAccess.local(new Views.StateLookupView("by-def", get, self, def, ""));
                }
                return new StateAccess(Kind.ADAPTER, "", null);
            }
            case GETSET:
            case SELF_SLOT:
                if (cached != null) {
                    return cached;
                }
                if (exact) {
                    return StateAccess.local(new Views.StateLookupView("own-type", get, self, def, ""));
                }
                ctx.needModuleByDef = true;
                return StateAccess.local(new Views.StateLookupView("by-def", get, self, def, ""));
            case NEW:
                if (exact) {
                    return StateAccess.local(new Views.StateLookupView("type-arg", get, self, def, ""));
                }
                ctx.needModuleByDef = true;
                return StateAccess.local(new Views.StateLookupView("by-def-type", get, self, def, ""));
            case BINARY_SLOT:
                if (cached != null) {
                    return cached;
                }
                ctx.needBinaryHelper = true;
                return new StateAccess(Kind.LOCAL_OR_NOT_IMPLEMENTED, "",
                        new Views.StateLookupView("binary", binaryHelper(ctx), self, def, param(f, 1)));
            case DEALLOC:
                return StateAccess.unreachable(DEALLOC_REASON);
            case GC:
                return StateAccess.unreachable(GC_REASON);
            default:
                if (!ReachModuleState.internalLinkage(ctx, f)) {
                    return StateAccess.unreachable("'" + f.name()
                            + "' has external linkage, so other files call it without a state");
                }
                StateAccess clinic = ClinicStateTypes.implAccess(ctx, f);
                if (clinic != null && clinic.lookup() != null && clinic.lookup().how().equals("by-def")) {
                    StateAccess fromSelf = StateInObject.clinicAccess(ctx, f);
                    return fromSelf != null ? fromSelf : clinic;
                }
                if (clinic != null) {
                    return clinic;
                }
                if (ctx.analysis().onlyBoundByMethodDef(f.name()) && !f.params().isEmpty()) {
                    // the callback's own context: PyCFunction_New(&def, obj) passes obj first,
                    // an instance of a migrated type, alive while the callback runs
                    String owner = ctx.typeOfInstances(f.params().get(0).type());
                    if (owner != null && ctx.isMigrated(owner)) {
                        ctx.needModuleByDef = true;
                        return StateAccess.local(new Views.StateLookupView("by-def", get, self, def, ""));
                    }
                    if (owner != null) {
                        return StateAccess.unreachable("it is a callback bound to an instance of the static type '"
                                + owner + "'");
                    }
                }
                if (ctx.analysis().usedAsValue(f.name())) {
                    return StateAccess.unreachable("'" + f.name()
                            + "' is used as a callback, so no state parameter can be passed");
                }
                return new StateAccess(Kind.PARAM, "", null);
        }
    }

    /**
     * The module's own m_free that the file also calls with NULL for the module (_asyncio's
     * module_init fails with module_free(NULL)): it cannot find the state from its argument, so
     * it takes st as a parameter, from its callers and from the generated free hook.
     */
    static boolean freeCalledWithoutModule(MigrationContext ctx, FunctionDef f, List<FunctionRole> roles) {
        if (roles.size() != 1 || !roles.get(0).slot().equals("m_free") || f.params().size() != 1) {
            return false;
        }
        for (heapify.lex.Token t : ctx.tokens().all()) {
            if (!t.isCode() || !t.isIdentifier(f.name()) || f.span().start() <= t.start() && t.end() <= f.span().end()) {
                continue;
            }
            int open = ctx.layout().nextCode(t.index());
            int arg = open < 0 ? -1 : ctx.layout().nextCode(open);
            int close = arg < 0 ? -1 : ctx.layout().nextCode(arg);
            if (close >= 0 && ctx.token(open).type() == heapify.lex.antlr.CLexer.LPAREN
                    && (ctx.token(arg).isIdentifier("NULL") || ctx.token(arg).text().equals("0"))
                    && ctx.token(close).type() == heapify.lex.antlr.CLexer.RPAREN) {
                return true;
            }
        }
        return false;
    }

    static String deallocHelper(MigrationContext ctx) {
        return "find_" + ctx.names().baseName() + "_state_in_dealloc";
    }

    static String binaryHelper(MigrationContext ctx) {
        return "find_" + ctx.names().baseName() + "_state_binary";
    }
}
