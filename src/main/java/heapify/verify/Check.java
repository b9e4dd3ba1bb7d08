package heapify.verify;

import java.util.EnumSet;
import java.util.Set;

/** One kind of proof {@link Prover} can run on a built module. */
public enum Check {
    /** Run the module's unittest script with the interpreter. */
    TEST_SCRIPT,
    /** Count static type objects left in the {@code .so}. */
    STATIC_TYPES,
    /** Import in main and a legacy (shared-GIL) subinterpreter; compare type objects. */
    LEGACY_SUBINTERPRETER,
    /** Import and run the test script in an own-GIL subinterpreter (3.12+). */
    ISOLATED_SUBINTERPRETER,
    /** Repeated embedding cycles. */
    EMBED_CYCLES,
    /** Blocks and reference totals after finalization against a baseline (3.11 builds only). */
    LEAK_BASELINE,
    /** Memcheck over embedding cycles (if valgrind is installed). */
    VALGRIND;

    /**
     * True if {@link #LEAK_BASELINE} is meaningful on {@code py}: 3.11 (release or debug). 3.12+
     * allocators are per interpreter, so the process-wide block count is not comparable after
     * finalization; 3.9 and 3.10 themselves leave about 960 more blocks after every cycle (measured
     * with a baseline importing nothing), and a migrated module then shows a constant +1 block
     * over the baseline, so exact equality is not the test there.
     */
    public static boolean leakBaselineApplies(Interpreter py) {
        return py.minor() == 11;
    }

    /** The checks that describe an unmigrated module: build, tests, static types, both subinterpreters. */
    public static Set<Check> before() {
        return EnumSet.of(TEST_SCRIPT, STATIC_TYPES, LEGACY_SUBINTERPRETER, ISOLATED_SUBINTERPRETER);
    }

    /** Every check. */
    public static Set<Check> all() {
        return EnumSet.allOf(Check.class);
    }
}
