package heapify.transform;

import heapify.analysis.Stmt;
import heapify.model.FunctionDef;
import heapify.model.Global;
import heapify.model.StaticType;
import heapify.source.Span;
import heapify.transform.Views.StateInitView;
import heapify.transform.Views.TypeCreateView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule 6: each migrated type is created in exec with {@code PyType_FromModuleAndSpec} where the
 * init code first readied it (its base expression may only be valid there), else at the top of
 * exec, a subclass right after its base; {@code PyType_Ready} of migrated types goes, and moved
 * globals get their initial values.
 */
final class CreateHeapTypes {
    private CreateHeapTypes() {
    }

    static final Pattern READY = Pattern.compile("PyType_Ready\\s*\\(\\s*&\\s*(\\w+)\\s*\\)");
    private static final Pattern SEMICOLON_AT_END = Pattern.compile(";$");
    /** What may stand around the {@code PyType_Ready} calls of a readiness check: {@code if (... < 0)}, {@code ||}, {@code !}. */
    private static final Pattern READY_CHECK_CHARS = Pattern.compile("[\\s()<0|!]");

    /** An if-statement whose condition is only PyType_Ready calls on migrated types, or such a bare call. */
    static boolean readyOnly(MigrationContext ctx, Stmt s) {
        String cond;
        if (s.kind() == Stmt.Kind.IF && s.children().size() == 1) {
            cond = RewriteInitBody.ifCondition(ctx, s);
        } else if (s.kind() == Stmt.Kind.SIMPLE) {
            cond = SEMICOLON_AT_END.matcher(ctx.layout().code(s)).replaceAll("");
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
        String rest = READY_CHECK_CHARS.matcher(READY.matcher(cond).replaceAll("")).replaceAll("");
        return rest.isEmpty();
    }

    /**
     * Each type is created where the init code first readied it (its base expression may only be
     * valid there, as {@code PyDateTimeAPI->TZInfoType} in _zoneinfo), else at the top of exec;
     * a subclass of a migrated type right after its base.
     */
    static void createTypes(MigrationContext ctx, FunctionDef exec) {
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
        for (StaticType t : typesBaseFirst(ctx)) {
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
                                ctx.specNames.get(t.cName()), base, baseKind(ctx, base), !base.isEmpty()
                                && ctx.options().below(10), ctx.disallowInstantiation.contains(t.cName())
                                && ctx.options().below(10), ctx.vectorcalls.getOrDefault(t.cName(), ""),
                                ctx.tpNames.getOrDefault(t.cName(), "")), ind));
                placed.put(t.cName(), null);
                continue;
            }
            placed.put(t.cName(), where);
            boolean tuple = !base.isEmpty() && ctx.options().below(10);
            boolean clearNew = ctx.disallowInstantiation.contains(t.cName()) && ctx.options().below(10);
            String ind = where == null ? indent : ctx.layout().indentAt(ctx.layout().spanOf(where).start());
            Fragment f = ctx.template("type-create", new TypeCreateView(ctx.execParam, t.cName(),
                    ctx.specNames.get(t.cName()), base, baseKind(ctx, base), tuple, clearNew,
                    ctx.vectorcalls.getOrDefault(t.cName(), ""), ctx.tpNames.getOrDefault(t.cName(), "")), ind);
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
            String compound = v.startsWith("{") ? typeOf(decl, g.name()) : "";
            ctx.plan().insert(top, "initial value of " + g.name(), ctx.template("state-init",
                    new StateInitView(g.name(), v, compound), indent));
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
    static Stmt readyOf(MigrationContext ctx, FunctionDef exec, String type) {
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

    static String typeOf(String decl, String name) {
        String d = decl.replaceAll("(?s)=.*", "").replaceAll("\\bstatic\\b", "").strip();
        int i = d.lastIndexOf(name);
        return (i >= 0 ? d.substring(0, i) : d).strip();
    }

    /** What the bases argument is (templates/type-create.ftl): none, a migrated type, a static type, an expression. */
    static String baseKind(MigrationContext ctx, String base) {
        if (base.isEmpty()) {
            return "none";
        }
        if (ctx.isMigrated(base)) {
            return "state";
        }
        return base.matches("\\w+") ? "address" : "expression";
    }

    /** Types in creation order: every in-module base before its subclasses. */
    static List<StaticType> typesBaseFirst(MigrationContext ctx) {
        // in insertion order; the analysis' own objects, so identity is equality (and cheaper)
        Set<StaticType> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<StaticType> order = new ArrayList<>();
        for (StaticType t : ctx.analysis().types()) {
            addBaseFirst(ctx, t, out, order, 0);
        }
        return order;
    }

    private static void addBaseFirst(MigrationContext ctx, StaticType t, Set<StaticType> out, List<StaticType> order,
                                     int depth) {
        if (out.contains(t) || depth > 20) {
            return;
        }
        StaticType b = ctx.type(ctx.baseOf(t));
        if (b != null) {
            addBaseFirst(ctx, b, out, order, depth + 1);
        }
        out.add(t);
        order.add(t);
    }
}
