package heapify.transform;

import heapify.analysis.Stmt;
import heapify.model.FunctionDef;
import heapify.model.StaticType;
import heapify.model.TypeNameText;
import heapify.parse.Group;
import heapify.parse.Node;
import heapify.parse.Nodes;
import heapify.source.Span;
import heapify.transform.Views.AddTypeView;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule 6, inside the init function's body as it becomes exec: the module is no longer created
 * or DECREF'd, {@code return m} becomes {@code return 0} and {@code return NULL} {@code -1}, the
 * static setup of migrated types goes (field assignments, INCREFs), adds of migrated types
 * become {@code PyModule_AddType}, and moved globals keep the state's reference.
 */
final class RewriteInitBody {
    /** {@code Py_INCREF(&Foo_Type);}, with or without a {@code (PyObject *)} cast; group 3 the type. */
    private static final Pattern INCREF_STATIC =
            Pattern.compile("(?s)^Py_X?(INCREF|DECREF)\\s*\\(\\s*(\\(\\s*PyObject\\s*\\*\\s*\\)\\s*)?&\\s*(\\w+)\\s*\\)\\s*;$");
    private RewriteInitBody() {
    }

    static void rewriteBody(MigrationContext ctx, FunctionDef exec, boolean single) {
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
            if (CreateHeapTypes.readyOnly(ctx, s)) {
                // CreateHeapTypes replaces the whole statement, body included: the body ran only
                // when readying failed, and the created type's own check now returns -1 there
                continue;
            }
            if (single && code.matches("(?s)^return\\s+PyModule_Create2?\\s*\\(.*\\)\\s*;$")) {
                ctx.plan().replace(ctx.layout().spanOf(s), "exec returns 0",
                        ctx.template("exec-return", new Views.ExecReturnView(false), ""));
                continue;
            }
            if (single && ctx.keepModuleVar && code.contains("PyModule_Create")) {
                replaceCreate(ctx, s.nodes());
                walk(ctx, s, single);
                if (code.matches("(?s)" + m + "\\s*=\\s*PyModule_Create2?\\s*\\(.*\\)\\s*;") && nullCheckOf(ctx, top, i + 1, m)) {
                    // 'm = module;' cannot be NULL (socketmodule.c declares m with has_ipv6)
                    delete(ctx, top.get(i + 1), "the exec parameter is never NULL");
                    i++;
                }
                continue;
            }
            if (single && s.kind() == Stmt.Kind.SIMPLE
                    && code.matches("(?s)PyObject\\s*\\*\\s*" + m + "\\s*(=\\s*NULL\\s*)?;")) {
                delete(ctx, s, "module variable becomes the exec parameter");
                continue;
            }
            if (single && code.contains("PyModule_Create")) {
                Span chain = s.kind() == Stmt.Kind.SIMPLE ? DropPythonTwoInit.chainAround(ctx, s) : null;
                if (chain != null) {
                    // #ifdef IS_PY3K / the creation / #else / Py_InitModule3 / #endif goes whole
                    ctx.plan().replace(chain, "module is created by the import machinery");
                    while (i + 1 < top.size() && ctx.token(top.get(i + 1).first()).start() < chain.end()) {
                        i++; // the Python 2 creation, deleted with its branch
                    }
                } else {
                    delete(ctx, s, "module is created by the import machinery");
                }
                if (s.kind() == Stmt.Kind.SIMPLE && nullCheckOf(ctx, top, i + 1, m)) {
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
            walk(ctx, s, single);
        }
    }

    /** {@code top.get(k)} is {@code if (m == NULL)} (or {@code !m}, {@code NULL == m}). */
    private static boolean nullCheckOf(MigrationContext ctx, List<Stmt> top, int k, String m) {
        return k < top.size() && top.get(k).kind() == Stmt.Kind.IF && ifCondition(ctx, top.get(k))
                .replaceAll("\\s+", "").matches("\\(?(" + m + "==NULL|!" + m + "|NULL==" + m + ")\\)?");
    }

    /** {@code PyModule_Create(&def)} becomes the exec parameter, wherever it sits in the statement. */
    static void replaceCreate(MigrationContext ctx, List<Node> nodes) {
        for (int i = 0; i + 1 < nodes.size(); i++) {
            if ((Nodes.isIdentifier(ctx.tokens(), nodes.get(i), "PyModule_Create")
                    || Nodes.isIdentifier(ctx.tokens(), nodes.get(i), "PyModule_Create2"))
                    && nodes.get(i + 1) instanceof Group g && g.isParen()) {
                ctx.plan().replace(new Span(ctx.token(nodes.get(i).first()).start(), ctx.token(g.close()).end()),
                        "module comes from the import machinery", Fragment.identifier(ctx.execParam));
                return;
            } else if (nodes.get(i) instanceof Group g) {
                replaceCreate(ctx, g.children());
            }
        }
    }

    static void walk(MigrationContext ctx, Stmt s, boolean single) {
        if ((s.kind() == Stmt.Kind.SIMPLE || s.kind() == Stmt.Kind.EMPTY) && ctx.plan().touches(ctx.layout().spanOf(s))) {
            return;
        }
        String m = ctx.moduleVar;
        if (s.kind() == Stmt.Kind.SIMPLE || s.kind() == Stmt.Kind.EMPTY) {
            String code = ctx.layout().code(s);
            Matcher incref = INCREF_STATIC.matcher(code);
            if (incref.find() && ctx.isMigrated(incref.group(3))) {
                delete(ctx, s, "no reference counting of a static type");
                return;
            }
            if (single && code.matches("(?s)^(Py_X?DECREF|Py_CLEAR)\\s*\\(\\s*" + m + "\\s*\\)\\s*;$")) {
                delete(ctx, s, "exec does not own the module");
                return;
            }
            if (single && code.matches("(?s)^return\\s+" + m + "\\s*;$")) {
                ctx.plan().replace(ctx.layout().spanOf(s), "exec returns 0",
                        ctx.template("exec-return", new Views.ExecReturnView(false), ""));
                return;
            }
            if (single && code.matches("(?s)^return\\s+(NULL|0|\\(\\s*PyObject\\s*\\*\\s*\\)\\s*NULL)\\s*;$")) {
                ctx.plan().replace(ctx.layout().spanOf(s), "exec returns -1",
                        ctx.template("exec-return", new Views.ExecReturnView(true), ""));
                return;
            }
        }
        addObjects(ctx, s);
        for (Stmt c : s.children()) {
            walk(ctx, c, single);
        }
    }

    /** {@code PyModule_AddObject[Ref](m, "Foo", (PyObject *)&Foo_Type)} inside a statement's own tokens. */
    static void addObjects(MigrationContext ctx, Stmt s) {
        List<Node> nodes = s.nodes();
        scanAdds(ctx, nodes, s.children());
    }

    static void scanAdds(MigrationContext ctx, List<Node> nodes, List<Stmt> children) {
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
                                ctx.template("state-incref", new Views.StateIncrefView(gname, true), ""));
                        ctx.plan().insert(arg.end(), "the state keeps its reference to " + gname,
                                ctx.template("state-incref", new Views.StateIncrefView(gname, false), ""));
                    } else if (!increfed) {
                        // the state keeps a strong reference now: the module dict must get its own
                        ctx.needAddObjectRef = true;
                        ctx.plan().replace(ctx.token(n.first()).span(), "the state keeps its reference to " + gname,
                                Fragment.identifier("PyModule_AddObjectRef"));
                    }
                }
                if (args.size() == 3) {
                    String obj = Nodes.code(ctx.tokens(), args.get(2)).replaceAll("\\s+", "");
                    Matcher tm = Pattern.compile("^(\\(PyObject\\*\\))?&(\\w+)$").matcher(obj);
                    if (tm.find() && ctx.isMigrated(tm.group(2))) {
                        StaticType t = ctx.type(tm.group(2));
                        String attr = Nodes.code(ctx.tokens(), args.get(1));
                        String last = TypeNameText.of(t.tpName(), ctx.tokens()).lastPart();
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

    static boolean inChildren(Node n, List<Stmt> children) {
        for (Stmt c : children) {
            if (c.first() <= n.first() && n.last() <= c.last()) {
                return true;
            }
        }
        return false;
    }

    static String ifCondition(MigrationContext ctx, Stmt s) {
        if (s.nodes().size() > 1 && s.nodes().get(1) instanceof Group g) {
            return Nodes.code(ctx.tokens(), g);
        }
        return "";
    }

    static void delete(MigrationContext ctx, Stmt s, String reason) {
        Span span = ctx.layout().deletionSpan(ctx.layout().spanOf(s));
        if (!ctx.plan().touches(span)) {
            ctx.plan().replace(span, reason);
        }
    }
}
