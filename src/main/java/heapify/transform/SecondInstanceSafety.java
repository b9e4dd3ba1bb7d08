package heapify.transform;

import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.FunctionDef;
import heapify.model.Global;
import heapify.model.StaticType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Contract clause 2, "a second module instance cannot break the first": multi-phase init runs
 * exec once per module object (each subinterpreter, each re-import), where a single-phase module
 * with {@code m_size == -1} ran its init once per process. So a single-phase module may become
 * multi-phase only if its init code, with everything it calls, writes no state that stays
 * process-wide: no global heapify leaves static, no {@code tp_dict} or attribute of a type left
 * static. _asyncio showed the failure: its globals stayed static (its deallocs use them), the
 * second exec replaced them, and the main interpreter crashed after the subinterpreter was gone.
 *
 * <p>Returns, per process-wide name the init code writes, where it does so; empty when the
 * module may become multi-phase.
 */
final class SecondInstanceSafety {
    private static final Set<String> WRITING_MACROS = Set.of("Py_CLEAR", "Py_SETREF", "Py_XSETREF");
    private static final Set<String> ATTRIBUTE_SETTERS = Set.of("PyObject_SetAttr", "PyObject_SetAttrString",
            "PyDict_SetItem", "PyDict_SetItemString");

    private SecondInstanceSafety() {
    }

    /** Process-wide names written by init code: name -> the function that writes it. */
    static Map<String, String> sharedWrites(MigrationContext ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        FunctionDef exec = ctx.analysis().exec().orElse(null);
        if (exec == null) {
            return out;
        }
        Set<String> globals = new LinkedHashSet<>();
        Set<String> moved = ctx.movedNames();
        for (Global g : ctx.analysis().movedGlobals()) {
            // a process-wide lock is written once for the process, by its guarded allocation
            if (!moved.contains(g.name()) && !MovedGlobals.staysConstant(ctx, g) && !ProcessWideLock.applies(ctx, g)) {
                globals.add(g.name());
            }
        }
        Set<String> staticTypes = new LinkedHashSet<>();
        for (heapify.analysis.IncludedState inc : ctx.includes()) {
            globals.addAll(inc.globals());
            staticTypes.addAll(inc.staticTypes());
        }
        for (StaticType t : ctx.analysis().types()) {
            if (!ctx.isMigrated(t.cName())) {
                staticTypes.add(t.cName());
            }
        }
        // a type object with no initializer (PyStructSequence_InitType2 fills it in exec) is set
        // up wholly by the init code: every use there writes it
        Set<String> bare = new LinkedHashSet<>(ctx.model().forwardTypes());
        for (StaticType t : ctx.model().types()) {
            bare.remove(t.cName());
        }
        for (FunctionDef f : reachableFrom(ctx, exec)) {
            List<Integer> body = ctx.analysis().bodyTokens(f);
            for (int k = 0; k < body.size(); k++) {
                Token t = ctx.token(body.get(k));
                if (t.type() != CLexer.IDENTIFIER || ctx.layout().isMemberAccess(body.get(k))) {
                    continue;
                }
                if (globals.contains(t.text()) && writes(ctx, body, k)) {
                    out.putIfAbsent(t.text(), f.name());
                } else if (staticTypes.contains(t.text()) && changesType(ctx, body, k)) {
                    out.putIfAbsent(t.text(), f.name());
                } else if (bare.contains(t.text())) {
                    out.putIfAbsent(t.text(), f.name());
                }
            }
        }
        return out;
    }

    /**
     * Functions of other translation units the init code calls, directly or through functions of
     * this file: declared here or in an included local file, defined in neither. heapify cannot
     * see what they write, so a second exec may overwrite process-wide state in them (python-
     * zstandard's {@code zstd_module_init} calls 16 {@code *_module_init} functions of other files,
     * which ready static types and set static exception globals). Callee -> the caller of this
     * file that calls it.
     */
    static Map<String, String> otherFileCalls(MigrationContext ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        FunctionDef exec = ctx.analysis().exec().orElse(null);
        if (exec == null) {
            return out;
        }
        Set<String> declared = new LinkedHashSet<>(ctx.model().prototypes());
        for (heapify.analysis.IncludedState inc : ctx.includes()) {
            declared.addAll(inc.functions());
        }
        for (FunctionDef f : ctx.model().functions()) {
            declared.remove(f.name());
        }
        for (FunctionDef f : reachableFrom(ctx, exec)) {
            for (String callee : ctx.analysis().undefinedCallees(f.name())) {
                if (declared.contains(callee)) {
                    out.putIfAbsent(callee, f.name());
                }
            }
        }
        return out;
    }

    /** exec and the functions of this file it calls, directly or not, in a stable order. */
    private static List<FunctionDef> reachableFrom(MigrationContext ctx, FunctionDef exec) {
        List<FunctionDef> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> work = new ArrayDeque<>();
        work.add(exec.name());
        while (!work.isEmpty()) {
            String name = work.removeFirst();
            if (!seen.add(name)) {
                continue;
            }
            ctx.model().function(name).ifPresent(out::add);
            work.addAll(ctx.analysis().callees(name));
        }
        return out;
    }

    /** An assignment, increment, address-of or clearing macro applied to the identifier at {@code k}. */
    private static boolean writes(MigrationContext ctx, List<Integer> body, int k) {
        String prev = k > 0 ? ctx.token(body.get(k - 1)).text() : "";
        if (prev.equals("&") || prev.equals("++") || prev.equals("--")) {
            return true;
        }
        if (prev.equals("(") && k > 1 && WRITING_MACROS.contains(ctx.token(body.get(k - 2)).text())) {
            return true;
        }
        if (k + 1 >= body.size()) {
            return false;
        }
        Token next = ctx.token(body.get(k + 1));
        String n = next.text();
        return next.type() == CLexer.ASSIGN || n.equals("++") || n.equals("--")
                || (n.length() >= 2 && n.endsWith("=") && !n.equals("==") && !n.equals("!=")
                && !n.equals("<=") && !n.equals(">="));
    }

    /**
     * The type left static at {@code k} gets class attributes: {@code X.tp_dict} named, or
     * {@code &X} handed to an attribute or item setter as its first argument.
     */
    private static boolean changesType(MigrationContext ctx, List<Integer> body, int k) {
        if (k + 2 < body.size() && ctx.token(body.get(k + 1)).text().equals(".")
                && ctx.token(body.get(k + 2)).text().equals("tp_dict")) {
            return true;
        }
        int i = k - 1;
        if (i >= 0 && ctx.token(body.get(i)).text().equals("&")) {
            i--;
            // an optional cast: (PyObject *)
            if (i >= 0 && ctx.token(body.get(i)).text().equals(")")) {
                while (i >= 0 && !ctx.token(body.get(i)).text().equals("(")) {
                    i--;
                }
                i--;
            }
            return i >= 1 && ctx.token(body.get(i)).text().equals("(")
                    && ATTRIBUTE_SETTERS.contains(ctx.token(body.get(i - 1)).text());
        }
        return false;
    }
}
