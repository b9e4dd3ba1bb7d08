package heapify.transform;

import heapify.analysis.Stmt;
import heapify.lex.Token;
import heapify.model.FunctionDef;
import heapify.model.StaticType;
import heapify.parse.Group;
import heapify.parse.Node;
import heapify.source.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rule guarded-dealloc-state (Rule 4): a dealloc may use the state read off its own type's
 * {@code ht_module}, without walking the MRO, and NULL once the GC has cleared that module
 * (gh-115874; CPython's own fix of {@code FutureIter_dealloc}). It applies to the dealloc of a
 * migrated type without BASETYPE (no subclass: {@code ht_module} is NULL only at teardown), when
 * every use of the state sits in the condition or the then-branch of an {@code if} whose
 * condition itself uses the state and has no top-level {@code ||} or {@code ?}: that condition
 * becomes {@code st != NULL && …}, so without a state the dealloc takes the path that needs none
 * (_asyncio's freelist push frees instead; its running-loop-holder cache is not reset, as no
 * state points at the holder).
 */
final class GuardedDeallocState {
    private GuardedDeallocState() {
    }

    /** The {@code if} statements to guard, or null when the dealloc cannot use the state this way. */
    static List<Stmt> guards(MigrationContext ctx, FunctionDef f, List<Integer> uses, Set<String> needs) {
        if (!ownDeallocOfLeafType(ctx, f.name()) || f.params().isEmpty() || uses.isEmpty()) {
            return null;
        }
        for (String c : ctx.analysis().callees(f.name())) {
            if (needs.contains(c)) {
                return null; // a callee would need the state passed
            }
        }
        Set<Stmt> out = new LinkedHashSet<>();
        List<Stmt> body = ctx.statements().of(f.body());
        for (int use : uses) {
            Stmt guard = guardOf(body, use);
            if (guard == null || !conditionUses(guard, uses) || !plainCondition(ctx, (Group) guard.nodes().get(1))) {
                return null;
            }
            out.add(guard);
        }
        return new ArrayList<>(out);
    }

    /** Emits the guards and the note; {@code st} itself is the function's local (state-local). */
    static void emit(MigrationContext ctx, FunctionDef f, List<Stmt> guards) {
        for (Stmt s : guards) {
            Group cond = (Group) s.nodes().get(1);
            ctx.plan().insert(ctx.token(cond.open()).end(), "state guard in " + f.name(),
                    ctx.template("state-guard", new Views.StateGuardView(), ""));
        }
        ctx.diagnose(Severity.NOTE, "guarded-dealloc-state", ctx.token(f.body().open()).start(), "'" + f.name()
                + "' reads the state off its type's module (NULL once the GC has cleared it); each condition "
                + "that uses the state tests it for NULL first, so without one the dealloc takes the path that "
                + "needs none");
    }

    /** {@code fn} is the dealloc of migrated types only, none of them subclassable. */
    private static boolean ownDeallocOfLeafType(MigrationContext ctx, String fn) {
        boolean found = false;
        for (StaticType t : ctx.analysis().types()) {
            if (!heapify.analysis.ModuleAnalysis.lastIdentifier(ctx.field(t, "tp_dealloc")).equals(fn)) {
                continue;
            }
            if (!ctx.isMigrated(t.cName()) || t.hasFlag("Py_TPFLAGS_BASETYPE")) {
                return false;
            }
            found = true;
        }
        return found;
    }

    /** The outermost {@code if} holding token {@code use} in its condition or then-branch. */
    private static Stmt guardOf(List<Stmt> stmts, int use) {
        for (Stmt s : stmts) {
            if (use < s.first() || use > s.last()) {
                continue;
            }
            if (s.kind() == Stmt.Kind.IF && s.nodes().size() > 1 && s.nodes().get(1) instanceof Group cond
                    && !s.children().isEmpty()) {
                Stmt then = s.children().get(0);
                if (use >= cond.first() && use <= cond.last() || use >= then.first() && use <= then.last()) {
                    return s;
                }
                return s.children().size() > 1 ? guardOf(List.of(s.children().get(1)), use) : null;
            }
            return guardOf(s.children(), use);
        }
        return null;
    }

    private static boolean conditionUses(Stmt guard, List<Integer> uses) {
        Group cond = (Group) guard.nodes().get(1);
        return uses.stream().anyMatch(u -> u >= cond.first() && u <= cond.last());
    }

    /** No top-level {@code ||} or {@code ?} that {@code st != NULL &&} would bind into. */
    private static boolean plainCondition(MigrationContext ctx, Group cond) {
        for (Node n : cond.children()) {
            if (!(n instanceof Group)) {
                Token t = ctx.token(n.first());
                if (t.text().equals("||") || t.text().equals("?")) {
                    return false;
                }
            }
        }
        return true;
    }
}
