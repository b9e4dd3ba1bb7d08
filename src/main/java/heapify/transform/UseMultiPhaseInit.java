package heapify.transform;

import heapify.analysis.Stmt;
import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.FunctionDef;
import heapify.model.Global;
import heapify.model.InitFunction;
import heapify.model.MemberTable;
import heapify.model.ModuleDef;
import heapify.model.StaticType;
import heapify.model.TableEntry;
import heapify.parse.Group;
import heapify.parse.Node;
import heapify.parse.Nodes;
import heapify.source.Severity;
import heapify.source.Span;
import heapify.transform.Views.AddTypeView;
import heapify.transform.Views.ExecHeadView;
import heapify.transform.Views.ModuleDefView;
import heapify.transform.Views.ModuleInitView;
import heapify.transform.Views.ModuleSlotsView;
import heapify.transform.Views.StateInitView;
import heapify.transform.Views.TypeCreateView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule 6: turns a single-phase {@code PyInit_foo} into {@code static int foo_exec(PyObject *m)}
 * in place (its body after {@code PyModule_Create} keeps its order; {@code return m} becomes
 * {@code return 0}, {@code return NULL} becomes {@code return -1}, the module is no longer
 * DECREF'd), then emits the slot array, the multi-phase {@code PyModuleDef} (moved after exec) and
 * a {@code PyInit_foo} returning {@code PyModuleDef_Init}. In both styles the exec function
 * creates the heap types first, base first, and loses {@code PyType_Ready}, the INCREF/DECREF of
 * static types and the init-code field assignments; adds of types become {@code PyModule_AddType}.
 */
public final class UseMultiPhaseInit implements Transformer {
    private static final Pattern READY = Pattern.compile("PyType_Ready\\s*\\(\\s*&\\s*(\\w+)\\s*\\)");

    @Override
    public void apply(MigrationContext ctx) {
        Optional<InitFunction> init = ctx.analysis().init();
        Optional<FunctionDef> execOpt = ctx.analysis().exec();
        Optional<ModuleDef> defOpt = ctx.analysis().def();
        if (init.isEmpty() || execOpt.isEmpty() || defOpt.isEmpty()) {
            if (init.isPresent()) {
                ctx.diagnose(Severity.ERROR, "initializer-unparsed", init.get().function().span().start(),
                        "module definition or exec function not found; module init left as it is");
            }
            return;
        }
        FunctionDef exec = execOpt.get();
        ModuleDef def = defOpt.get();
        boolean single = !init.get().multiPhase();
        boolean hasState = !ctx.migrated().isEmpty() || !ctx.moved.isEmpty();
        if (!single && !hasState) {
            return; // already multi-phase, nothing moved into a state
        }
        rewriteBody(ctx, exec, single);
        typeDictWrites(ctx, exec);
        if (single) {
            initOnlyMacros(ctx, exec);
        }
        if (hasState) {
            createTypes(ctx, exec);
        }
        String slotsName = def.value("m_slots");
        boolean perInterpreter = perInterpreter(ctx);
        if (single) {
            Token close = ctx.token(exec.body().close());
            String execName = ctx.names().fresh("module exec", ctx.names().baseName() + "_exec");
            // header: PyMODINIT_FUNC PyInit_foo(void) -> static int foo_exec(PyObject *m)
            int paramsEnd = ctx.layout().prevCode(exec.body().open());
            ctx.plan().replace(new Span(exec.span().start(), ctx.token(paramsEnd).end()), "init to exec",
                    ctx.template("exec-head", new ExecHeadView(execName, ctx.execParam), ""));
            slotsName = ctx.names().fresh("module slots", ctx.names().baseName() + "_slots");
            String declaration = declarationOf(ctx, def);
            ctx.plan().replace(ctx.layout().deletionSpan(ctx.layout().withSemicolon(def.definition())), "module definition moves after exec");
            int at = ctx.layout().nextLineStart(close.end());
            ctx.plan().insert(at, "module slots, definition and init",
                    Fragment.text(ctx.eol()),
                    ctx.template("module-slots", new ModuleSlotsView(slotsName, execName, perInterpreter,
                            ctx.options().below(12) || limitedApi(ctx), limitedApi(ctx)), ""),
                    Fragment.text(ctx.eol() + ctx.eol()),
                    ctx.template("module-def", defView(ctx, def, declaration, slotsName, hasState), ""),
                    Fragment.text(ctx.eol() + ctx.eol()),
                    ctx.template("module-init", new ModuleInitView("PyInit_" + init.get().moduleName(), def.cName()), ""),
                    Fragment.text(ctx.eol()));
        } else {
            Optional<MemberTable> slots = ctx.analysis().moduleSlots();
            if (slots.isPresent() && hasState && !ctx.text().contains("TODO(heapify): Py_mod_gil")
                    && slots.get().entries().stream().noneMatch(e -> e.value(0).equals("Py_mod_multiple_interpreters"))) {
                List<TableEntry> es = slots.get().entries();
                TableEntry sentinel = es.get(es.size() - 1);
                ctx.plan().insert(ctx.layout().lineStart(sentinel.span().start()), "per-interpreter GIL slot",
                        ctx.template("module-slot-entries", new ModuleSlotsView(slotsName, "", perInterpreter,
                                ctx.options().below(12) || limitedApi(ctx), limitedApi(ctx)), ctx.layout().indentAt(sentinel.span().start())));
            }
            if (hasState) {
                ctx.plan().replace(ctx.layout().withSemicolon(def.definition()), "module definition with state",
                        ctx.template("module-def", defView(ctx, def, declarationOf(ctx, def), slotsName, true), ""));
            }
        }
        if (!perInterpreter && hasState) {
            ctx.diagnose(Severity.NOTE, "shared-state-left", def.definition().start(),
                    "no Py_mod_multiple_interpreters slot: shared state remains (" + String.join(", ", ctx.sharedState)
                            + ")");
        }
    }

    /** The file defines {@code Py_LIMITED_API} itself. */
    private static boolean limitedApi(MigrationContext ctx) {
        for (Token t : ctx.tokens().all()) {
            if (t.isDirective() && t.text().matches("(?s)\\s*#\\s*define\\s+Py_LIMITED_API\\b.*")) {
                return true;
            }
        }
        return false;
    }

    private static boolean perInterpreter(MigrationContext ctx) {
        if (ctx.text().contains("PyGILState_")) {
            ctx.sharedState.add("PyGILState_* calls");
        }
        if (ctx.text().contains("PyState_FindModule")) {
            ctx.sharedState.add("PyState_FindModule");
        }
        for (StaticType t : ctx.analysis().types()) {
            if (!ctx.isMigrated(t.cName())) {
                ctx.sharedState.add("static type '" + t.cName() + "'");
            }
        }
        for (StaticType t : ctx.model().types()) {
            if (!t.isStatic()) {
                ctx.sharedState.add("type '" + t.cName() + "' with external linkage");
            }
        }
        for (heapify.analysis.IncludedState inc : ctx.includes()) {
            for (String t : inc.staticTypes()) {
                ctx.sharedState.add("static type '" + t + "' in '" + inc.file() + "'");
            }
            for (String g : inc.globals()) {
                ctx.sharedState.add("'" + g + "' in '" + inc.file() + "'");
            }
        }
        return ctx.sharedState.isEmpty();
    }

    private static String declarationOf(MigrationContext ctx, ModuleDef def) {
        String head = ctx.text().substring(def.definition().start(), def.definition().end());
        int i = head.indexOf(def.cName());
        return head.substring(0, i).strip().replaceAll("\\s+", " ");
    }

    private static ModuleDefView defView(MigrationContext ctx, ModuleDef def, String declaration, String slots,
                                         boolean hasState) {
        String methods = def.value("m_methods");
        return new ModuleDefView(declaration + " " + def.cName(), def.value("m_name"), clean(def.value("m_doc")),
                hasState ? ctx.names().stateType() : "", clean(methods), slots,
                hasState ? AddModuleState.hookName(ctx, "traverse") : "",
                hasState ? AddModuleState.hookName(ctx, "clear") : "",
                hasState ? AddModuleState.hookName(ctx, "free") : "");
    }

    private static String clean(String v) {
        return v.equals("NULL") || v.equals("0") ? "" : v;
    }

    // ---- body ---------------------------------------------------------------------------------

    private static void rewriteBody(MigrationContext ctx, FunctionDef exec, boolean single) {
        List<Stmt> top = ctx.statements().of(exec.body());
        ctx.initAssignmentStatements.forEach((s, type) -> {
            if (ctx.isMigrated(type)) {
                ctx.plan().replace(ctx.layout().deletionSpan(ctx.layout().spanOf(s)), "field assignment folded into the spec");
            }
        });
        String m = ctx.moduleVar;
        for (int i = 0; i < top.size(); i++) {
            Stmt s = top.get(i);
            String code = ctx.layout().code(s);
            if (single && code.matches("(?s)^return\\s+PyModule_Create2?\\s*\\(.*\\)\\s*;$")) {
                ctx.plan().replace(ctx.layout().spanOf(s), "exec returns 0", Fragment.text("return 0;"));
                continue;
            }
            if (single && ctx.keepModuleVar && code.contains("PyModule_Create")) {
                replaceCreate(ctx, s.nodes());
                walk(ctx, s, single);
                continue;
            }
            if (single && s.kind() == Stmt.Kind.SIMPLE
                    && code.matches("(?s)PyObject\\s*\\*\\s*" + m + "\\s*(=\\s*NULL\\s*)?;")) {
                delete(ctx, s, "module variable becomes the exec parameter");
                continue;
            }
            if (single && code.contains("PyModule_Create")) {
                delete(ctx, s, "module is created by the import machinery");
                if (s.kind() == Stmt.Kind.SIMPLE && i + 1 < top.size() && top.get(i + 1).kind() == Stmt.Kind.IF
                        && ifCondition(ctx, top.get(i + 1)).replaceAll("\\s+", "")
                                .matches("\\(?(" + m + "==NULL|!" + m + "|NULL==" + m + ")\\)?")) {
                    delete(ctx, top.get(i + 1), "module is created by the import machinery");
                    i++;
                }
                continue;
            }
            if (s.kind() == Stmt.Kind.SIMPLE && code.matches("(?s)Py_X?DECREF\\s*\\(\\s*(\\w+)\\s*\\)\\s*;")) {
                String name = code.replaceAll("(?s)^Py_X?DECREF\\s*\\(\\s*(\\w+)\\s*\\)\\s*;$", "$1");
                if (ctx.movedNames().contains(name)) {
                    delete(ctx, s, "the module state keeps its reference to " + name);
                    continue;
                }
            }
            if (readyOnly(ctx, s)) {
                continue;
            }
            walk(ctx, s, single);
        }
    }

    /** {@code PyModule_Create(&def)} becomes the exec parameter, wherever it sits in the statement. */
    private static void replaceCreate(MigrationContext ctx, List<Node> nodes) {
        for (int i = 0; i + 1 < nodes.size(); i++) {
            if ((Nodes.isIdentifier(ctx.tokens(), nodes.get(i), "PyModule_Create")
                    || Nodes.isIdentifier(ctx.tokens(), nodes.get(i), "PyModule_Create2"))
                    && nodes.get(i + 1) instanceof Group g && g.isParen()) {
                ctx.plan().replace(new Span(ctx.token(nodes.get(i).first()).start(), ctx.token(g.close()).end()),
                        "module comes from the import machinery", Fragment.text(ctx.execParam));
                return;
            } else if (nodes.get(i) instanceof Group g) {
                replaceCreate(ctx, g.children());
            }
        }
    }

    /**
     * Rule 3: class attributes written into {@code Foo_Type.tp_dict} in exec (now
     * {@code st->Foo_Type->tp_dict}, which IMMUTABLETYPE does not guard) need
     * {@code PyType_Modified} before any instance exists: added before exec's final return.
     */
    private static void typeDictWrites(MigrationContext ctx, FunctionDef exec) {
        String body = Nodes.code(ctx.tokens(), exec.body());
        List<String> touched = new ArrayList<>();
        for (StaticType t : ctx.migrated()) {
            if (body.matches("(?s).*\\b" + t.cName() + "\\s*\\.\\s*tp_dict\\b.*")) {
                touched.add(t.cName());
            }
        }
        if (touched.isEmpty()) {
            return;
        }
        List<Stmt> top = ctx.statements().of(exec.body());
        Stmt last = null;
        for (Stmt s : top) {
            if (s.kind() == Stmt.Kind.SIMPLE && ctx.layout().code(s).matches("(?s)^return\\s+(0|" + ctx.moduleVar + ")\\s*;$")) {
                last = s;
            }
        }
        if (last == null) {
            ctx.diagnose(Severity.WARNING, "initializer-unparsed", exec.span().start(),
                    "exec writes class attributes into tp_dict; call PyType_Modified on " + touched + " by hand");
            return;
        }
        for (String t : touched) {
            ctx.plan().insert(ctx.layout().lineStart(ctx.layout().spanOf(last).start()), "PyType_Modified for " + t,
                    ctx.template("statement", new Views.StatementView("PyType_Modified(st->" + t + ");"),
                            ctx.layout().indentAt(ctx.layout().spanOf(last).start())));
        }
    }

    /**
     * Function-like macros that {@code return NULL} and are used only in the init function, like
     * ossaudiodev's {@code _EXPORT_INT}, return -1 in exec.
     */
    private static void initOnlyMacros(MigrationContext ctx, FunctionDef exec) {
        Pattern define = Pattern.compile("^(\\s*#\\s*define\\s+)(\\w+)\\(", Pattern.DOTALL);
        for (Token d : ctx.tokens().all()) {
            Matcher m = define.matcher(d.text());
            if (!d.isDirective() || !m.find() || !d.text().matches("(?s).*\\breturn\\s+NULL\\b.*")) {
                continue;
            }
            String name = m.group(2);
            boolean inInit = false;
            boolean elsewhere = false;
            for (Token t : ctx.tokens().all()) {
                if (t.type() == CLexer.IDENTIFIER && t.text().equals(name)) {
                    if (exec.span().contains(t.span())) {
                        inInit = true;
                    } else {
                        elsewhere = true;
                    }
                }
            }
            if (inInit && !elsewhere) {
                ctx.plan().replace(d.span(), "macro " + name + " returns -1 in exec",
                        Fragment.text(d.text().replaceAll("\\breturn\\s+NULL\\b", "return -1")));
            } else if (inInit) {
                ctx.diagnose(Severity.WARNING, "initializer-unparsed", d.start(), "macro '" + name
                        + "' returns NULL and is used outside the init code too; exec must return -1");
            }
        }
    }

    private static void walk(MigrationContext ctx, Stmt s, boolean single) {
        if ((s.kind() == Stmt.Kind.SIMPLE || s.kind() == Stmt.Kind.EMPTY) && ctx.plan().touches(ctx.layout().spanOf(s))) {
            return;
        }
        String m = ctx.moduleVar;
        if (s.kind() == Stmt.Kind.SIMPLE || s.kind() == Stmt.Kind.EMPTY) {
            String code = ctx.layout().code(s);
            Matcher incref = Pattern.compile("(?s)^Py_X?(INCREF|DECREF)\\s*\\(\\s*(\\(\\s*PyObject\\s*\\*\\s*\\)\\s*)?&\\s*(\\w+)\\s*\\)\\s*;$")
                    .matcher(code);
            if (incref.find() && ctx.isMigrated(incref.group(3))) {
                delete(ctx, s, "no reference counting of a static type");
                return;
            }
            if (single && code.matches("(?s)^(Py_X?DECREF|Py_CLEAR)\\s*\\(\\s*" + m + "\\s*\\)\\s*;$")) {
                delete(ctx, s, "exec does not own the module");
                return;
            }
            if (single && code.matches("(?s)^return\\s+" + m + "\\s*;$")) {
                ctx.plan().replace(ctx.layout().spanOf(s), "exec returns 0", Fragment.text("return 0;"));
                return;
            }
            if (single && code.matches("(?s)^return\\s+(NULL|0|\\(\\s*PyObject\\s*\\*\\s*\\)\\s*NULL)\\s*;$")) {
                ctx.plan().replace(ctx.layout().spanOf(s), "exec returns -1", Fragment.text("return -1;"));
                return;
            }
        }
        addObjects(ctx, s);
        for (Stmt c : s.children()) {
            walk(ctx, c, single);
        }
    }

    /** {@code PyModule_AddObject[Ref](m, "Foo", (PyObject *)&Foo_Type)} inside a statement's own tokens. */
    private static void addObjects(MigrationContext ctx, Stmt s) {
        List<Node> nodes = s.nodes();
        scanAdds(ctx, nodes, s.children());
    }

    private static void scanAdds(MigrationContext ctx, List<Node> nodes, List<Stmt> children) {
        for (int i = 0; i + 1 < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (inChildren(n, children)) {
                continue;
            }
            if ((Nodes.isIdentifier(ctx.tokens(), n, "PyModule_AddObject")
                    || Nodes.isIdentifier(ctx.tokens(), n, "PyModule_AddObjectRef"))
                    && nodes.get(i + 1) instanceof Group g && g.isParen()) {
                List<List<Node>> args = Nodes.splitCommas(ctx.tokens(), g.children());
                if (args.size() == 3 && Nodes.isIdentifier(ctx.tokens(), n, "PyModule_AddObject")
                        && args.get(2).size() == 1 && ctx.movedNames().contains(Nodes.code(ctx.tokens(), args.get(2)))) {
                    String gname = Nodes.code(ctx.tokens(), args.get(2));
                    String body = ctx.text();
                    boolean increfed = body.matches("(?s).*\\b(Py_X?INCREF|Py_NewRef|Py_XNewRef)\\s*\\(\\s*"
                            + Pattern.quote(gname) + "\\s*\\).*");
                    if (!increfed && ctx.text().contains("Py_LIMITED_API")) {
                        // limited API below 3.10 has no PyModule_AddObjectRef: give the dict its own reference
                        Span arg = ctx.token(args.get(2).get(0).first()).span();
                        ctx.plan().insert(arg.start(), "the state keeps its reference to " + gname,
                                Fragment.text("(Py_INCREF(st->" + gname + "), "));
                        ctx.plan().insert(arg.end(), "the state keeps its reference to " + gname, Fragment.text(")"));
                    } else if (!increfed) {
                        // the state keeps a strong reference now: the module dict must get its own
                        ctx.needAddObjectRef = true;
                        ctx.plan().replace(ctx.token(n.first()).span(), "the state keeps its reference to " + gname,
                                Fragment.text("PyModule_AddObjectRef"));
                    }
                }
                if (args.size() == 3) {
                    String obj = Nodes.code(ctx.tokens(), args.get(2)).replaceAll("\\s+", "");
                    Matcher tm = Pattern.compile("^(\\(PyObject\\*\\))?&(\\w+)$").matcher(obj);
                    if (tm.find() && ctx.isMigrated(tm.group(2))) {
                        StaticType t = ctx.type(tm.group(2));
                        String attr = Nodes.code(ctx.tokens(), args.get(1));
                        String last = t.tpName().replaceAll("^\"|\"$", "");
                        last = last.substring(last.lastIndexOf('.') + 1);
                        boolean byName = !attr.equals("\"" + last + "\"");
                        if (byName) {
                            ctx.needAddObjectRef = true;
                        }
                        ctx.plan().replace(new Span(ctx.token(n.first()).start(), ctx.token(g.close()).end()),
                                "add heap type " + t.cName(), ctx.template("add-type",
                                        new AddTypeView(Nodes.code(ctx.tokens(), args.get(0)), t.cName(), attr, byName), ""));
                    }
                }
            } else if (n instanceof Group g) {
                scanAdds(ctx, g.children(), List.of());
            }
        }
    }

    private static boolean inChildren(Node n, List<Stmt> children) {
        for (Stmt c : children) {
            if (c.first() <= n.first() && n.last() <= c.last()) {
                return true;
            }
        }
        return false;
    }

    private static String ifCondition(MigrationContext ctx, Stmt s) {
        if (s.nodes().size() > 1 && s.nodes().get(1) instanceof Group g) {
            return Nodes.code(ctx.tokens(), g);
        }
        return "";
    }

    /** An if-statement whose condition is only PyType_Ready calls on migrated types, or such a bare call. */
    private static boolean readyOnly(MigrationContext ctx, Stmt s) {
        String cond;
        if (s.kind() == Stmt.Kind.IF && s.children().size() == 1) {
            cond = ifCondition(ctx, s);
        } else if (s.kind() == Stmt.Kind.SIMPLE) {
            cond = ctx.layout().code(s).replaceAll(";$", "");
        } else {
            return false;
        }
        Matcher m = READY.matcher(cond);
        boolean any = false;
        while (m.find()) {
            if (!ctx.isMigrated(m.group(1))) {
                return false;
            }
            any = true;
        }
        if (!any) {
            return false;
        }
        String rest = READY.matcher(cond).replaceAll("").replaceAll("[\\s()<0|!]", "");
        return rest.isEmpty();
    }

    private static void delete(MigrationContext ctx, Stmt s, String reason) {
        Span span = ctx.layout().deletionSpan(ctx.layout().spanOf(s));
        if (!ctx.plan().touches(span)) {
            ctx.plan().replace(span, reason);
        }
    }

    // ---- type creation ---------------------------------------------------------------------------

    /**
     * Each type is created where the init code first readied it (its base expression may only be
     * valid there, as {@code PyDateTimeAPI->TZInfoType} in _zoneinfo), else at the top of exec;
     * a subclass of a migrated type right after its base.
     */
    private static void createTypes(MigrationContext ctx, FunctionDef exec) {
        int top = ctx.layout().bodyInsertionPoint(exec);
        String indent = ctx.layout().bodyIndent(exec);
        java.util.Map<String, Stmt> at = new java.util.LinkedHashMap<>();
        for (Stmt s : ctx.statements().of(exec.body())) {
            if (readyOnly(ctx, s)) {
                Matcher m = READY.matcher(ctx.layout().code(s));
                while (m.find()) {
                    at.putIfAbsent(m.group(1), s);
                }
            }
        }
        java.util.Map<Stmt, List<Fragment>> byStmt = new java.util.LinkedHashMap<>();
        List<Fragment> atTop = new ArrayList<>();
        java.util.Map<String, Stmt> placed = new java.util.HashMap<>();
        for (StaticType t : ctx.typesBaseFirst()) {
            if (!ctx.isMigrated(t.cName())) {
                continue;
            }
            String base = ctx.baseOf(t);
            Stmt where = ctx.isMigrated(base) ? placed.get(base) : at.get(t.cName());
            Stmt baseReady = ctx.type(base) != null && !ctx.isMigrated(base) ? readyOf(ctx, exec, base) : null;
            if (baseReady != null && (where == null || ctx.layout().spanOf(where).start() < ctx.layout().spanOf(baseReady).start())) {
                // a static base of this file must be ready before the heap subclass is created
                String ind = ctx.layout().indentAt(ctx.layout().spanOf(baseReady).start());
                ctx.plan().insert(ctx.layout().nextLineStart(ctx.layout().spanOf(baseReady).end()), "create heap type after its base",
                        ctx.template("type-create", new TypeCreateView(ctx.execParam, t.cName(),
                                ctx.specNames.get(t.cName()), ctx.basesExpression(base), !base.isEmpty()
                                && ctx.options().below(10), ctx.disallowInstantiation.contains(t.cName())
                                && ctx.options().below(10), "-1", ctx.vectorcalls.getOrDefault(t.cName(), "")), ind));
                placed.put(t.cName(), null);
                continue;
            }
            placed.put(t.cName(), where);
            boolean tuple = !base.isEmpty() && ctx.options().below(10);
            boolean clearNew = ctx.disallowInstantiation.contains(t.cName()) && ctx.options().below(10);
            String ind = where == null ? indent : ctx.layout().indentAt(ctx.layout().spanOf(where).start());
            Fragment f = ctx.template("type-create", new TypeCreateView(ctx.execParam, t.cName(),
                    ctx.specNames.get(t.cName()), ctx.basesExpression(base), tuple, clearNew, "-1",
                    ctx.vectorcalls.getOrDefault(t.cName(), "")), ind);
            if (where == null) {
                atTop.add(f);
            } else {
                byStmt.computeIfAbsent(where, k -> new ArrayList<>()).add(f);
            }
        }
        for (Fragment f : atTop) {
            ctx.plan().insert(top, "create heap type", f);
        }
        for (Global g : ctx.moved) {
            String v = g.initializer();
            if (v.isEmpty() || v.equals("NULL") || v.equals("0")) {
                continue;
            }
            String decl = ctx.text().substring(g.span().start(), g.span().end());
            String value = v.startsWith("{") ? "(" + typeOf(decl, g.name()) + ")" + v : v;
            ctx.plan().insert(top, "initial value of " + g.name(), ctx.template("state-init",
                    new StateInitView(g.name(), value), indent));
        }
        for (Stmt s : ctx.statements().of(exec.body())) {
            if (readyOnly(ctx, s)) {
                Span span = ctx.layout().deletionSpan(ctx.layout().spanOf(s));
                List<Fragment> fs = byStmt.get(s);
                if (fs == null) {
                    ctx.plan().replace(span, "PyType_Ready of a heap type");
                } else {
                    Span line = new Span(ctx.layout().lineStart(span.start()), span.end());
                    ctx.plan().replace(line.equals(span) ? span : ctx.layout().spanOf(s), "create heap types where they were readied",
                            fs.toArray(new Fragment[0]));
                }
            }
        }
    }

    /** The top-level statement of exec that readies a (static) type, or null. */
    private static Stmt readyOf(MigrationContext ctx, FunctionDef exec, String type) {
        for (Stmt s : ctx.statements().of(exec.body())) {
            Matcher m = READY.matcher(ctx.layout().code(s));
            while (m.find()) {
                if (m.group(1).equals(type)) {
                    return s;
                }
            }
        }
        return null;
    }

    private static String typeOf(String decl, String name) {
        String d = decl.replaceAll("(?s)=.*", "").replaceAll("\\bstatic\\b", "").strip();
        int i = d.lastIndexOf(name);
        return (i >= 0 ? d.substring(0, i) : d).strip();
    }
}
