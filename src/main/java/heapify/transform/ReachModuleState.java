package heapify.transform;

import heapify.analysis.FunctionKind;
import heapify.analysis.FunctionRole;
import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.FunctionDef;
import heapify.model.Global;
import heapify.model.Param;
import heapify.model.StaticType;
import heapify.model.TableEntry;
import heapify.parse.Group;
import heapify.parse.ItemKind;
import heapify.parse.Node;
import heapify.parse.Nodes;
import heapify.parse.TopItem;
import heapify.source.Severity;
import heapify.source.Span;
import heapify.transform.MigrationContext.StateAccess;
import heapify.transform.MigrationContext.StateAccess.Kind;
import heapify.transform.Views.MethodAdapterView;
import heapify.transform.Views.StateLocalView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule 7: decides how every function that uses a migrated type or a moved global reaches the
 * module state, and gives it {@code st}: a local computed from its arguments (module functions,
 * getters, slots, tp_new, binary slots without raising, and METH_NOARGS/METH_O methods of
 * subclassable types, which keep the calls the interpreter specializes), {@code defining_class}
 * for other methods of subclassable types (through a METH_METHOD adapter), or a new first
 * parameter threaded from
 * the callers (helpers, lesson 11). Deallocs and functions used as callbacks cannot look state
 * up: {@code [state-unreachable]}.
 */
public final class ReachModuleState implements Transformer {

    @Override
    public void apply(MigrationContext ctx) {
        chooseMovedGlobals(ctx);
        findModuleVar(ctx);
        findStateMacros(ctx);
        Set<String> needs = new LinkedHashSet<>();
        for (FunctionDef f : ctx.model().functions()) {
            if (directlyNeeds(ctx, f)) {
                needs.add(f.name());
            }
        }
        ctx.analysis().exec().ifPresent(e -> {
            boolean initialValues = ctx.moved.stream().anyMatch(g -> !g.initializer().isEmpty()
                    && !g.initializer().equals("NULL") && !g.initializer().equals("0"));
            if (!ctx.migrated().isEmpty() || initialValues) {
                needs.add(e.name());
            }
        });
        // helpers and adapted methods get st as a parameter; their callers then need it too
        boolean changed = true;
        while (changed) {
            changed = false;
            for (FunctionDef f : ctx.model().functions()) {
                if (needs.contains(f.name())) {
                    continue;
                }
                for (String c : ctx.analysis().callees(f.name())) {
                    if (needs.contains(c) && takesParam(ctx, c)) {
                        needs.add(f.name());
                        changed = true;
                        break;
                    }
                }
            }
        }
        for (String fn : needs) {
            FunctionDef f = ctx.model().function(fn).orElseThrow();
            StateAccess a = decide(ctx, f);
            ctx.access.put(fn, a);
            if (a.kind() == Kind.PARAM || a.kind() == Kind.ADAPTER) {
                ctx.threaded.add(fn);
            }
        }
        for (String fn : needs) {
            FunctionDef f = ctx.model().function(fn).orElseThrow();
            emit(ctx, f, ctx.access.get(fn));
        }
        if (!ctx.sharedState.isEmpty() || ctx.access.values().stream().anyMatch(a -> a.kind() == Kind.UNREACHABLE)) {
            if (ctx.access.values().stream().anyMatch(a -> a.kind() == Kind.UNREACHABLE)) {
                ctx.sharedState.add("state-unreachable functions");
            }
        }
    }

    // ---- globals --------------------------------------------------------------------------------

    private static void chooseMovedGlobals(MigrationContext ctx) {
        for (Global g : ctx.analysis().movedGlobals()) {
            if (ctx.keepStatic.containsKey(g.name())) {
                ctx.diagnose(Severity.WARNING, "state-unreachable", g.span().start(), "'" + g.name()
                        + "' stays static and shared: it is used where the module state cannot be reached ("
                        + ctx.keepStatic.get(g.name()) + ")");
                ctx.todo(g.span().start(), "'" + g.name() + "' is shared by all module objects; "
                        + ctx.keepStatic.get(g.name()) + " cannot reach the module state");
                ctx.sharedState.add("'" + g.name() + "'");
                continue;
            }
            String decl = ctx.text().substring(g.span().start(), g.span().end());
            boolean array = decl.replaceAll("(?s)=.*", "").contains("[");
            if (array && !g.initializer().isEmpty() && !isWritten(ctx, g.name())) {
                continue; // a table never written is constant data in all but name
            }
            if (array && !g.initializer().isEmpty()) {
                ctx.diagnose(Severity.WARNING, "initializer-unparsed", g.span().start(),
                        "array '" + g.name() + "' has an initializer; left static and shared");
                ctx.sharedState.add("'" + g.name() + "'");
                continue;
            }
            ctx.moved.add(g);
        }
        sharedFunctionStatics(ctx);
    }

    /** {@code [process-global-state]} for each function-level static with mutable C state. */
    static void sharedFunctionStatics(MigrationContext ctx) {
        for (Global g : ctx.analysis().sharedGlobals()) {
            ctx.diagnose(Severity.WARNING, "process-global-state", g.span().start(),
                    "function-level static '" + g.name() + "' in '" + g.function()
                            + "' stays shared between module objects");
            ctx.sharedState.add("'" + g.name() + "'");
        }
    }

    /** An array with an initializer that no code writes: constant data, it never moves. */
    static boolean staysConstant(MigrationContext ctx, Global g) {
        String decl = ctx.text().substring(g.span().start(), g.span().end());
        boolean array = decl.replaceAll("(?s)=.*", "").contains("[");
        return array && !g.initializer().isEmpty() && !isWritten(ctx, g.name());
    }

    /** True when some code assigns to the variable or an element of it, or takes its address. */
    static boolean isWritten(MigrationContext ctx, String name) {
        List<Token> all = ctx.tokens().all();
        for (Token t : all) {
            if (t.type() != CLexer.IDENTIFIER || !t.text().equals(name) || ctx.layout().isMemberAccess(t.index())) {
                continue;
            }
            int p = ctx.layout().prevCode(t.index());
            if (p >= 0 && (ctx.token(p).type() == CLexer.AMP || ctx.token(p).text().equals("++")
                    || ctx.token(p).text().equals("--"))) {
                return true;
            }
            int n = ctx.layout().nextCode(t.index());
            // skip subscripts
            while (n >= 0 && ctx.token(n).type() == CLexer.LBRACKET) {
                int depth = 0;
                int k = n;
                for (; k < all.size(); k++) {
                    if (ctx.token(k).type() == CLexer.LBRACKET) {
                        depth++;
                    } else if (ctx.token(k).type() == CLexer.RBRACKET && --depth == 0) {
                        break;
                    }
                }
                n = ctx.layout().nextCode(k);
            }
            if (n < 0) {
                continue;
            }
            String nx = ctx.token(n).text();
            boolean declaration = p >= 0 && (ctx.token(p).type() == CLexer.IDENTIFIER || ctx.token(p).type() == CLexer.STAR);
            if (!declaration && (ctx.token(n).type() == CLexer.ASSIGN || nx.equals("++") || nx.equals("--")
                    || (nx.length() >= 2 && nx.endsWith("=") && !nx.equals("==") && !nx.equals("!=")
                    && !nx.equals("<=") && !nx.equals(">=")))) {
                return true;
            }
        }
        return false;
    }

    private static void findModuleVar(MigrationContext ctx) {
        ctx.analysis().exec().ifPresent(e -> {
            if (ctx.analysis().init().map(i -> i.multiPhase()).orElse(false)) {
                if (!e.params().isEmpty()) {
                    ctx.moduleVar = e.params().get(0).name();
                }
                ctx.execParam = ctx.moduleVar;
            } else {
                Matcher m = Pattern.compile("\\b(\\w+)\\s*=\\s*PyModule_Create2?\\s*\\(")
                        .matcher(Nodes.code(ctx.tokens(), e.body()));
                if (m.find()) {
                    ctx.moduleVar = m.group(1);
                }
                ctx.execParam = ctx.moduleVar;
                String v = Pattern.quote(ctx.moduleVar);
                boolean simple = false;
                for (heapify.analysis.Stmt st : ctx.statements().of(e.body())) {
                    String code = ctx.layout().code(st);
                    if (code.matches("(?s)PyObject\\s*\\*\\s*" + v + "\\s*(=\\s*NULL\\s*)?;")
                            || code.matches("(?s)PyObject\\s*\\*\\s*" + v + "\\s*=\\s*PyModule_Create2?\\s*\\(.*\\)\\s*;")) {
                        simple = true;
                    }
                }
                if (!simple) {
                    // e.g. "PyObject *m, *x;": keep the variable, assign it from the parameter
                    ctx.keepModuleVar = true;
                    ctx.execParam = Nodes.code(ctx.tokens(), e.body()).matches("(?s).*\\bmodule\\b.*")
                            ? "heapify_module" : "module";
                }
            }
        });
    }

    // ---- macros ---------------------------------------------------------------------------------

    private static final Pattern DEFINE = Pattern.compile("^(\\s*#\\s*define\\s+)(\\w+)\\(([^)]*)\\)(.*)$",
            Pattern.DOTALL);

    private static void findStateMacros(MigrationContext ctx) {
        Set<String> types = ctx.migratedNames();
        Set<String> globals = ctx.movedNames();
        for (Token t : ctx.tokens().all()) {
            if (!t.isDirective()) {
                continue;
            }
            Matcher m = DEFINE.matcher(t.text());
            if (!m.find()) {
                Matcher obj = Pattern.compile("^\\s*#\\s*define\\s+(\\w+)\\s+(.*)$", Pattern.DOTALL).matcher(t.text());
                if (obj.find() && mentions(obj.group(2), types, globals)) {
                    for (String n : mentioned(obj.group(2), types, globals)) {
                        ctx.unreachableRefs.putIfAbsent(n, "macro '" + obj.group(1) + "' has no parameters");
                    }
                }
                continue;
            }
            String body = m.group(4);
            if (!mentions(body, types, globals)) {
                continue;
            }
            String newBody = body;
            for (String ty : types) {
                newBody = newBody.replaceAll("&\\s*" + ty + "\\b", "(st)->" + ty);
                newBody = newBody.replaceAll("\\b" + ty + "\\s*\\.", "(st)->" + ty + "->");
            }
            for (String g : globals) {
                newBody = newBody.replaceAll("(?<![\\w.>])" + g + "\\b", "(st)->" + g);
            }
            String params = m.group(3).isBlank() ? "st" : "st, " + m.group(3);
            ctx.stateMacros.add(m.group(2));
            ctx.plan().replace(t.span(), "state parameter for macro " + m.group(2),
                    Fragment.text(m.group(1) + m.group(2) + "(" + params + ")" + newBody));
        }
    }

    private static List<String> mentioned(String text, Set<String> types, Set<String> globals) {
        List<String> out = new ArrayList<>();
        for (String ty : types) {
            if (Pattern.compile("&\\s*" + ty + "\\b|\\b" + ty + "\\s*\\.").matcher(text).find()) {
                out.add(ty);
            }
        }
        for (String g : globals) {
            if (Pattern.compile("(?<![\\w.>])" + g + "\\b").matcher(text).find()) {
                out.add(g);
            }
        }
        return out;
    }

    private static boolean mentions(String text, Set<String> types, Set<String> globals) {
        for (String ty : types) {
            if (Pattern.compile("&\\s*" + ty + "\\b|\\b" + ty + "\\s*\\.").matcher(text).find()) {
                return true;
            }
        }
        for (String g : globals) {
            if (Pattern.compile("(?<![\\w.>])" + g + "\\b").matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    // ---- needs ----------------------------------------------------------------------------------

    private static boolean directlyNeeds(MigrationContext ctx, FunctionDef f) {
        List<Integer> toks = ctx.analysis().bodyTokens(f);
        for (int k : directUses(ctx, f)) {
            String name = ctx.token(toks.get(k)).text();
            if (!ctx.stateMacros.contains(name)
                    || (k + 1 < toks.size() && ctx.token(toks.get(k + 1)).type() == CLexer.LPAREN)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Positions (in the body's token list) of the migrated types, moved globals and state macros
     * a function's body names itself; member names and a dealloc's {@code Foo_Type.tp_free}
     * (which becomes {@code tp->tp_free}) do not count.
     */
    private static List<Integer> directUses(MigrationContext ctx, FunctionDef f) {
        Set<String> types = ctx.migratedNames();
        Set<String> globals = ctx.movedNames();
        boolean dealloc = ctx.analysis().kind(f.name()) == FunctionKind.DEALLOC;
        List<Integer> toks = ctx.analysis().bodyTokens(f);
        List<Integer> uses = new ArrayList<>();
        for (int k = 0; k < toks.size(); k++) {
            Token t = ctx.token(toks.get(k));
            if (t.type() != CLexer.IDENTIFIER || ctx.layout().isMemberAccess(toks.get(k))) {
                continue;
            }
            if (types.contains(t.text())) {
                if (dealloc && k + 2 < toks.size() && ctx.token(toks.get(k + 1)).type() == CLexer.DOT
                        && ctx.token(toks.get(k + 2)).text().equals("tp_free")) {
                    continue;
                }
                uses.add(k);
            } else if (globals.contains(t.text()) || ctx.stateMacros.contains(t.text())) {
                uses.add(k);
            }
        }
        return uses;
    }

    /** Types and globals a function uses directly or through threaded callees (for keeping them static). */
    private static Set<String> namesNeeded(MigrationContext ctx, FunctionDef f, Set<String> seen) {
        Set<String> out = new LinkedHashSet<>();
        if (!seen.add(f.name())) {
            return out;
        }
        Set<String> types = ctx.migratedNames();
        Set<String> globals = ctx.movedNames();
        List<Integer> toks = ctx.analysis().bodyTokens(f);
        for (int k : directUses(ctx, f)) {
            String name = ctx.token(toks.get(k)).text();
            if (!ctx.stateMacros.contains(name) || types.contains(name) || globals.contains(name)) {
                out.add(name);
                continue;
            }
            Matcher m = DEFINE.matcher("");
            for (Token d : ctx.tokens().all()) {
                if (d.isDirective() && (m = DEFINE.matcher(d.text())).find() && m.group(2).equals(name)) {
                    out.addAll(mentioned(m.group(4), types, globals));
                }
            }
        }
        for (String c : ctx.analysis().callees(f.name())) {
            if (ctx.threaded.contains(c)) {
                for (FunctionDef cf : ctx.model().functions()) {
                    if (cf.name().equals(c)) {
                        out.addAll(namesNeeded(ctx, cf, new java.util.HashSet<>(seen)));
                    }
                }
            }
        }
        return out;
    }

    /** A callee that gets st as a parameter: a helper, or a method converted through an adapter. */
    private static boolean takesParam(MigrationContext ctx, String fn) {
        FunctionKind k = ctx.analysis().kind(fn);
        if (k == FunctionKind.HELPER) {
            return !ctx.analysis().usedAsValue(fn)
                    && ctx.model().function(fn).map(f -> internalLinkage(ctx, f)).orElse(false);
        }
        if (k == FunctionKind.METHOD) {
            FunctionDef f = ctx.model().function(fn).orElseThrow();
            return decide(ctx, f).kind() == Kind.ADAPTER;
        }
        return false;
    }

    private static String param(FunctionDef f, int i) {
        return f.params().size() > i ? f.params().get(i).name() : "";
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
                return new StateAccess(Kind.UNREACHABLE, "it belongs to the static type '" + r.type() + "'");
            }
        }
        String def = "&" + ctx.names().defName();
        switch (kind) {
            case INIT:
                return new StateAccess(Kind.LOCAL, get + "(" + ctx.execParam + ")");
            case MODULE_FUNCTION:
                return new StateAccess(Kind.LOCAL, get + "(" + self + ")");
            case METHOD: {
                String flags = roles.get(0).methodFlags();
                if (!single) {
                    ctx.needModuleByDef = true;
                    return new StateAccess(Kind.LOCAL, get + "(PyType_GetModuleByDef(Py_TYPE(" + self + "), " + def + "))");
                }
                if (flags.contains("METH_STATIC")) {
                    return new StateAccess(Kind.UNREACHABLE, "a METH_STATIC method has neither module nor type");
                }
                if (flags.contains("METH_CLASS")) {
                    ctx.needModuleByDef = true;
                    return new StateAccess(Kind.LOCAL, get + "(PyType_GetModuleByDef((PyTypeObject *)" + self + ", " + def + "))");
                }
                if (flags.contains("METH_METHOD")) {
                    return new StateAccess(Kind.LOCAL, "PyType_GetModuleState(" + param(f, 1) + ")");
                }
                if (exact) {
                    return new StateAccess(Kind.LOCAL, "PyType_GetModuleState(Py_TYPE(" + self + "))");
                }
                if (flags.matches("\\s*METH_(NOARGS|O)\\s*")) {
                    // The interpreter specializes calls of METH_NOARGS and METH_O methods, not of
                    // METH_METHOD ones: an adapter made a cheap method 1.5x slower (bench/README.md),
                    // a lookup by definition, exact for subclasses too, costs a few percent.
                    ctx.needModuleByDef = true;
                    return new StateAccess(Kind.LOCAL, get + "(PyType_GetModuleByDef(Py_TYPE(" + self + "), " + def + "))");
                }
                return new StateAccess(Kind.ADAPTER, "PyType_GetModuleState(defining_class)");
            }
            case GETSET:
            case SELF_SLOT:
                if (exact) {
                    return new StateAccess(Kind.LOCAL, "PyType_GetModuleState(Py_TYPE(" + self + "))");
                }
                ctx.needModuleByDef = true;
                return new StateAccess(Kind.LOCAL, get + "(PyType_GetModuleByDef(Py_TYPE(" + self + "), " + def + "))");
            case NEW:
                if (exact) {
                    return new StateAccess(Kind.LOCAL, "PyType_GetModuleState(" + self + ")");
                }
                ctx.needModuleByDef = true;
                return new StateAccess(Kind.LOCAL, get + "(PyType_GetModuleByDef(" + self + ", " + def + "))");
            case BINARY_SLOT:
                ctx.needBinaryHelper = true;
                return new StateAccess(Kind.LOCAL_OR_NOT_IMPLEMENTED,
                        binaryHelper(ctx) + "(" + self + ", " + param(f, 1) + ")");
            case DEALLOC:
                return new StateAccess(Kind.UNREACHABLE, "a dealloc must not look up module state (rule 4)");
            case GC:
                return new StateAccess(Kind.UNREACHABLE, "traverse and clear must not look up module state");
            default:
                if (!internalLinkage(ctx, f)) {
                    return new StateAccess(Kind.UNREACHABLE, "'" + f.name()
                            + "' has external linkage, so other files call it without a state");
                }
                if (ctx.analysis().usedAsValue(f.name())) {
                    return new StateAccess(Kind.UNREACHABLE, "'" + f.name()
                            + "' is used as a callback, so no state parameter can be passed");
                }
                return new StateAccess(Kind.PARAM, "");
        }
    }

    static String binaryHelper(MigrationContext ctx) {
        return "find_" + ctx.names().baseName() + "_state_binary";
    }

    // ---- edits ----------------------------------------------------------------------------------

    private static void emit(MigrationContext ctx, FunctionDef f, StateAccess a) {
        switch (a.kind()) {
            case LOCAL, LOCAL_OR_NOT_IMPLEMENTED -> ctx.plan().insert(ctx.layout().bodyInsertionPoint(f), "state for " + f.name(),
                    ctx.template("state-local", new StateLocalView(ctx.names().stateType(), a.expression(),
                            a.kind() == Kind.LOCAL_OR_NOT_IMPLEMENTED), ctx.layout().bodyIndent(f)));
            case PARAM -> addParam(ctx, f);
            case ADAPTER -> {
                addParam(ctx, f);
                adapter(ctx, f);
            }
            case UNREACHABLE -> {
                for (String n : namesNeeded(ctx, f, new java.util.HashSet<>())) {
                    ctx.unreachableRefs.putIfAbsent(n, "'" + f.name() + "': " + a.expression());
                }
                ctx.diagnose(Severity.ERROR, "state-unreachable", ctx.tokens().get(f.body().open()).start(),
                        "'" + f.name() + "' uses module state but cannot reach it: " + a.expression());
                ctx.todo(ctx.tokens().get(ctx.layout().statementsStart(f)).start(),
                        "'" + f.name() + "' needs the module state: " + a.expression());
            }
        }
    }

    /** Static by its definition or by an earlier {@code static} prototype (C11 6.2.2p5). */
    static boolean internalLinkage(MigrationContext ctx, FunctionDef f) {
        if (f.isStatic()) {
            return true;
        }
        for (TopItem item : ctx.model().parsed().items()) {
            if (item.kind() != ItemKind.DECLARATION) {
                continue;
            }
            List<Node> nodes = item.nodes();
            if (nodes.isEmpty() || !Nodes.isIdentifier(ctx.tokens(), nodes.get(0), "static")) {
                continue;
            }
            for (int i = 0; i + 1 < nodes.size(); i++) {
                if (Nodes.isIdentifier(ctx.tokens(), nodes.get(i), f.name()) && nodes.get(i + 1) instanceof Group g
                        && g.isParen()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Adds {@code foo_state *st} as first parameter of the definition and of its prototypes. */
    private static void addParam(MigrationContext ctx, FunctionDef f) {
        String decl = ctx.names().stateType() + " *st";
        for (Group params : paramLists(ctx, f)) {
            boolean empty = params.children().isEmpty();
            boolean isVoid = params.children().size() == 1 && Nodes.isIdentifier(ctx.tokens(), params.children().get(0), "void");
            if (isVoid) {
                ctx.plan().replace(ctx.token(params.children().get(0).first()).span(), "state parameter of " + f.name(),
                        Fragment.text(decl));
            } else {
                ctx.plan().insert(ctx.token(params.open()).end(), "state parameter of " + f.name(),
                        Fragment.text(empty ? decl : decl + ", "));
            }
        }
    }

    /** The parameter groups of a function's definition and of prototypes of it. */
    private static List<Group> paramLists(MigrationContext ctx, FunctionDef f) {
        List<Group> out = new ArrayList<>();
        for (TopItem item : ctx.model().parsed().items()) {
            List<Node> nodes = item.nodes();
            if (item.kind() == ItemKind.OPAQUE) {
                continue;
            }
            for (int i = 0; i + 1 < nodes.size(); i++) {
                if (Nodes.isIdentifier(ctx.tokens(), nodes.get(i), f.name()) && nodes.get(i + 1) instanceof Group g
                        && g.isParen()) {
                    if (item.kind() == ItemKind.FUNCTION && i + 2 != nodes.size() - 1) {
                        continue;
                    }
                    out.add(g);
                    break;
                }
            }
        }
        return out;
    }

    /** A METH_METHOD|METH_FASTCALL|METH_KEYWORDS adapter right after the method, and its table entry. */
    private static void adapter(MigrationContext ctx, FunctionDef f) {
        FunctionRole role = ctx.analysis().roles(f.name()).get(0);
        String flags = role.methodFlags();
        String convention = flags.contains("METH_NOARGS") ? "noargs" : flags.contains("METH_O") ? "o"
                : flags.contains("METH_FASTCALL") ? "fastcall" : "varargs";
        boolean keywords = flags.contains("METH_KEYWORDS");
        String name = ctx.names().fresh("adapter " + f.name(), f.name() + "_defcls");
        StaticType t = ctx.type(role.type());
        String typeName = t == null ? "" : t.tpName().replaceAll("^\"|\"$", "");
        typeName = typeName.substring(typeName.lastIndexOf('.') + 1);
        String display = typeName + "." + role.slot().replaceAll("^\"|\"$", "");
        Param self = f.params().isEmpty() ? new Param("PyObject *", "self") : f.params().get(0);
        MethodAdapterView view = new MethodAdapterView(name, f.name(), ctx.names().stateType(), "(" + self.type() + ")",
                convention, display, keywords);
        ctx.plan().insert(ctx.layout().nextLineStart(ctx.tokens().get(f.body().close()).end()), "adapter for " + f.name(),
                Fragment.text(ctx.eol()), ctx.template("method-adapter", view, ""), Fragment.text(ctx.eol()));
        // every table entry that names the method: function and flags
        boolean prototype = false;
        for (FunctionRole r : ctx.analysis().roles(f.name())) {
            if (r.entry() == null) {
                continue;
            }
            if (!prototype && r.table() != null && r.table().definition().start() < f.span().start()) {
                ctx.plan().insert(ctx.layout().lineStart(r.table().definition().start()), "adapter prototype for " + f.name(),
                        ctx.template("method-adapter-decl", view, ""));
                prototype = true;
            }
            List<Span> parts = entryParts(ctx, r.entry().span());
            if (parts.size() >= 3) {
                ctx.plan().replace(parts.get(1), "adapter entry for " + f.name(),
                        Fragment.text("(PyCFunction)(void (*)(void))" + name));
                ctx.plan().replace(parts.get(2), "adapter flags for " + f.name(),
                        Fragment.text("METH_METHOD | METH_FASTCALL | METH_KEYWORDS"));
            }
        }
    }

    /** Spans of the comma-separated parts inside a braced table entry. */
    static List<Span> entryParts(MigrationContext ctx, Span entry) {
        List<Span> out = new ArrayList<>();
        int depth = 0;
        int start = -1;
        int end = -1;
        for (Token t : ctx.tokens().all()) {
            if (t.start() < entry.start() || t.end() > entry.end() || !t.isCode()) {
                continue;
            }
            int type = t.type();
            if (type == CLexer.LBRACE || type == CLexer.LPAREN || type == CLexer.LBRACKET) {
                depth++;
                if (depth == 1) {
                    continue;
                }
            } else if (type == CLexer.RBRACE || type == CLexer.RPAREN || type == CLexer.RBRACKET) {
                depth--;
                if (depth == 0) {
                    if (start >= 0) {
                        out.add(new Span(start, end));
                    }
                    break;
                }
            }
            if (depth == 1 && type == CLexer.COMMA) {
                if (start >= 0) {
                    out.add(new Span(start, end));
                }
                start = -1;
                continue;
            }
            if (start < 0) {
                start = t.start();
            }
            end = t.end();
        }
        return out;
    }
}
