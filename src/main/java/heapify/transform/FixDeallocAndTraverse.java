package heapify.transform;

import heapify.analysis.Stmt;
import heapify.model.FunctionDef;
import heapify.model.StaticType;
import heapify.source.Severity;
import heapify.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule 4: a heap type's instances own a reference to their type (bpo-35810), so each custom
 * dealloc saves {@code PyTypeObject *tp = Py_TYPE(self)} first and ends with
 * {@code Py_DECREF(tp)} after freeing; frees go through {@code tp->tp_free} (kept as a direct
 * {@code PyObject_Del} only for types without BASETYPE). Each traverse visits the type first
 * (bpo-40217). Types without a dealloc get none.
 */
public final class FixDeallocAndTraverse implements Transformer {
    private static final Pattern FREE = Pattern.compile(
            "^(Py_TYPE\\s*\\(\\s*\\(?[^()]*\\)?\\s*\\)\\s*->\\s*tp_free|\\w+\\s*->\\s*ob_type\\s*->\\s*tp_free"
                    + "|(\\w+)\\s*\\.\\s*tp_free|PyObject_Del|PyObject_GC_Del|PyObject_Free|PyObject_DEL)\\s*\\(",
            Pattern.DOTALL);
    private static final Pattern BASE_DEALLOC = Pattern.compile("^(\\w+)\\s*\\.\\s*tp_dealloc\\s*\\(", Pattern.DOTALL);

    @Override
    public void apply(MigrationContext ctx) {
        Set<String> deallocs = new LinkedHashSet<>();
        Set<String> traverses = new LinkedHashSet<>();
        for (StaticType t : ctx.migrated()) {
            if (ctx.sets(t, "tp_dealloc")) {
                deallocs.add(heapify.analysis.ModuleAnalysis.lastIdentifier(ctx.field(t, "tp_dealloc")));
            }
            if (ctx.sets(t, "tp_traverse")) {
                traverses.add(heapify.analysis.ModuleAnalysis.lastIdentifier(ctx.field(t, "tp_traverse")));
            }
        }
        for (String d : deallocs) {
            ctx.model().function(d).ifPresent(f -> dealloc(ctx, f, basetype(ctx, d, "tp_dealloc")));
        }
        for (String tr : traverses) {
            ctx.model().function(tr).ifPresent(f -> traverse(ctx, f));
        }
    }

    private static boolean basetype(MigrationContext ctx, String fn, String field) {
        for (StaticType t : ctx.migrated()) {
            if (heapify.analysis.ModuleAnalysis.lastIdentifier(ctx.field(t, field)).equals(fn)
                    && t.hasFlag("Py_TPFLAGS_BASETYPE")) {
                return true;
            }
        }
        return false;
    }

    private static void dealloc(MigrationContext ctx, FunctionDef f, boolean basetype) {
        String self = f.params().isEmpty() ? "self" : f.params().get(0).name();
        String body = heapify.parse.Nodes.code(ctx.tokens(), f.body());
        if (body.matches("(?s).*Py_DECREF\\s*\\(\\s*tp\\s*\\).*")) {
            return; // already a heap-type dealloc
        }
        List<Stmt> frees = new ArrayList<>();
        collectFrees(ctx, ctx.statements().of(f.body()), frees);
        if (frees.isEmpty()) {
            ctx.diagnose(Severity.WARNING, "dealloc-without-free", ctx.token(f.body().open()).start(),
                    "'" + f.name() + "' frees no memory that heapify recognises; add Py_DECREF(Py_TYPE(self)) "
                            + "after the free by hand");
            return;
        }
        ctx.plan().insert(ctx.layout().bodyInsertionPoint(f), "save type in " + f.name(), ctx.template("dealloc-save-type",
                new Views.SelfView(self), ctx.layout().bodyIndent(f)));
        for (Stmt s : frees) {
            String code = ctx.layout().code(s);
            Matcher base = BASE_DEALLOC.matcher(code);
            if (base.find()) {
                if (ctx.isMigrated(base.group(1))) {
                    ctx.diagnose(Severity.ERROR, "state-unreachable", ctx.layout().spanOf(s).start(),
                            "'" + f.name() + "' chains to the dealloc of the migrated type '" + base.group(1)
                                    + "', which a dealloc cannot look up");
                    ctx.unreachableRefs.putIfAbsent(base.group(1), "'" + f.name() + "' chains to its dealloc");
                    continue;
                }
            } else {
                Matcher m = FREE.matcher(code);
                m.find();
                String callee = m.group(1);
                boolean direct = callee.startsWith("PyObject_");
                if (!direct || basetype) {
                    Span calleeSpan = new Span(ctx.layout().spanOf(s).start(), ctx.layout().spanOf(s).start() + calleeLength(ctx, s, callee));
                    ctx.plan().replace(calleeSpan, "free through the saved type in " + f.name(), 
                            ctx.template("dealloc-free", new Views.SelfView(self), ""));
                }
            }
            int after = ctx.layout().nextLineStart(ctx.layout().spanOf(s).end());
            ctx.plan().insert(after, "release the type in " + f.name(), ctx.template("dealloc-decref-type",
                    new Views.SelfView(self), ctx.layout().indentAt(ctx.layout().spanOf(s).start())));
        }
    }

    /** Length in the file of the callee text (which the code form shows with collapsed spaces). */
    private static int calleeLength(MigrationContext ctx, Stmt s, String callee) {
        String raw = ctx.text().substring(ctx.layout().spanOf(s).start(), ctx.layout().spanOf(s).end());
        String want = callee.replaceAll("\\s+", "");
        int n = 0;
        int k = 0;
        while (k < raw.length() && n < want.length()) {
            char c = raw.charAt(k++);
            if (!Character.isWhitespace(c)) {
                n++;
            }
        }
        return k;
    }

    private static void collectFrees(MigrationContext ctx, List<Stmt> stmts, List<Stmt> out) {
        for (Stmt s : stmts) {
            if (s.kind() == Stmt.Kind.SIMPLE) {
                String code = ctx.layout().code(s);
                if (FREE.matcher(code).find() || BASE_DEALLOC.matcher(code).find()) {
                    out.add(s);
                }
            } else {
                collectFrees(ctx, s.children(), out);
            }
        }
    }

    private static void traverse(MigrationContext ctx, FunctionDef f) {
        String self = f.params().isEmpty() ? "self" : f.params().get(0).name();
        String body = heapify.parse.Nodes.code(ctx.tokens(), f.body());
        if (body.matches("(?s).*Py_VISIT\\s*\\(\\s*Py_TYPE\\s*\\(.*")) {
            return;
        }
        ctx.plan().insert(ctx.layout().statementInsertionPoint(f), "visit the type in " + f.name(), ctx.template("traverse-visit-type",
                new Views.SelfView(self), ctx.layout().bodyIndent(f)));
    }
}
