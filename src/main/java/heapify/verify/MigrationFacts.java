package heapify.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The facts a {@link ProofReport} must show for an unmigrated module ("before") and for a
 * correctly migrated one ("after"); each method returns the violated facts, empty if none.
 */
public final class MigrationFacts {
    private MigrationFacts() {
    }

    /** The own-GIL import error every single-phase module gets on 3.12+. */
    public static final String SUBINTERPRETER_REFUSAL = "does not support loading in subinterpreters";

    /**
     * Before migration: builds with zero warnings, the test script passes, the legacy subinterpreter
     * shares every module type object with the main interpreter, and on 3.12+ the own-GIL
     * subinterpreter refuses the import with {@value #SUBINTERPRETER_REFUSAL}.
     */
    public static List<String> before(ProofReport r) {
        List<String> v = new ArrayList<>();
        buildAndTests(r, v);
        if (r.legacy() != null && !r.legacy().allTypesShared()) {
            v.add("legacy subinterpreter: expected every module type shared, got shared "
                    + r.legacy().sharedTypes() + " of " + r.legacy().mainTypes().keySet() + " (sub import "
                    + (r.legacy().subImported() ? "ok" : r.legacy().subImportError()) + ")");
        }
        if (r.isolated() != null && (r.isolated().subImported()
                || !r.isolated().subImportError().startsWith("ImportError")
                || !r.isolated().subImportError().contains(SUBINTERPRETER_REFUSAL))) {
            v.add("isolated subinterpreter: expected ImportError '" + SUBINTERPRETER_REFUSAL + "', got "
                    + (r.isolated().subImported() ? "a successful import" : r.isolated().subImportError()));
        }
        return v;
    }

    /**
     * After migration: builds with zero warnings, the test script passes, no static type object is
     * left, each interpreter has its own type objects and runs the tests (legacy; own-GIL on 3.12+),
     * every embedding cycle succeeds, nothing is left over against the baseline, and valgrind sees
     * no module-held blocks after one cycle and no invalid reads, writes or frees over two.
     */
    public static List<String> after(ProofReport r) {
        List<String> v = new ArrayList<>();
        buildAndTests(r, v);
        if (r.staticTypes() != null && r.staticTypes().count() != 0) {
            v.add("static type objects left in the .so: " + r.staticTypes().symbols());
        }
        subinterpreterAfter(r.legacy(), v);
        subinterpreterAfter(r.isolated(), v);
        if (r.embed() != null && !r.embed().ok()) {
            v.add("embedding: " + r.embed().cyclesOk() + "/" + r.embed().requested() + " cycles ok: "
                    + r.embed().process().tail(1500));
        }
        if (r.leak() != null && !r.leak().noLeak()) {
            v.add("leak: after-finalize blocks " + r.leak().module().blocks() + " vs baseline "
                    + r.leak().baseline().blocks() + "; reftotal " + r.leak().module().refTotals() + " vs "
                    + r.leak().baseline().refTotals());
        }
        if (r.valgrind() != null) {
            for (ValgrindResult run : List.of(r.valgrind().oneCycle(), r.valgrind().twoCycles())) {
                if (!run.embedOk()) {
                    v.add("valgrind: the " + run.cycles() + "-cycle embedding run failed: "
                            + run.process().tail(1500));
                }
            }
            if (r.valgrind().moduleHeldBlocks() != 0) {
                v.add("valgrind: " + r.valgrind().moduleHeldBlocks() + " blocks held through the module: "
                        + r.valgrind().moduleLeakStacks());
            }
            if (r.valgrind().invalidReads() != 0 || r.valgrind().invalidWritesAndFrees() != 0) {
                v.add("valgrind: invalid accesses " + r.valgrind().errorKinds());
            }
        }
        return v;
    }

    private static void buildAndTests(ProofReport r, List<String> v) {
        if (!r.build().compiled()) {
            v.add("build failed: " + r.build().process().tail(2000));
            return;
        }
        if (r.build().warnings() != 0) {
            v.add(r.build().warnings() + " warnings: " + r.build().warningLines());
        }
        if (r.testScript() != null && !r.testScript().passed()) {
            v.add("test script failed: " + r.testScript().process().tail(3000));
        }
    }

    private static void subinterpreterAfter(SubinterpreterResult s, List<String> v) {
        if (s == null) {
            return;
        }
        if (!s.subImported()) {
            v.add(s.mode() + " subinterpreter: import failed: " + s.subImportError());
        } else if (!s.noTypeShared()) {
            v.add(s.mode() + " subinterpreter: type objects shared with main: " + s.sharedTypes());
        }
        if (s.subImported() && !s.testsPassed()) {
            v.add(s.mode() + " subinterpreter: test script failed (ran " + s.testsRun() + "): "
                    + s.process().tail(3000));
        }
        if (!s.hostOk()) {
            v.add(s.mode() + " subinterpreter host exited " + s.process().exitCode() + ": " + s.process().tail(1500));
        }
    }
}
