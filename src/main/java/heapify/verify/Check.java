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
    /** Blocks and reference totals after finalization against a baseline (3.9-3.11 builds). */
    LEAK_BASELINE,
    /** Memcheck over embedding cycles (if valgrind is installed). */
    VALGRIND;

    /** The checks that describe an unmigrated module: build, tests, static types, both subinterpreters. */
    public static Set<Check> before() {
        return EnumSet.of(TEST_SCRIPT, STATIC_TYPES, LEGACY_SUBINTERPRETER, ISOLATED_SUBINTERPRETER);
    }

    /** Every check. */
    public static Set<Check> all() {
        return EnumSet.allOf(Check.class);
    }
}
