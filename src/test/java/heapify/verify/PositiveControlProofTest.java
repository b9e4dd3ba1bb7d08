package heapify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Shows that every proof check can PASS, on a hand-migrated heap-type version of plain-type
 * (src/test/resources/verify/positive-control/hp_plain.c), and can FAIL, on the unmigrated
 * examples/plain-type/hp_plain.c (negative control), on 3.11, 3.12, 3.13 and the 3.11 debug build.
 */
@Tag("slow")
class PositiveControlProofTest {

    /** Valgrind only on release builds: the debug build adds time and no coverage here. */
    private static Set<Check> checksFor(Interpreter py) {
        Set<Check> checks = EnumSet.allOf(Check.class);
        if (py.debug()) {
            checks.remove(Check.VALGRIND);
        }
        return checks;
    }

    @TestFactory
    Stream<DynamicTest> positiveAndNegativeControl() {
        Prover prover = new Prover(VerifyTestSupport.workDir("control"));
        List<Interpreter> pythons = prover.interpreters().stream().filter(py -> py.atLeast(11)).toList();
        assertFalse(pythons.isEmpty(), "no CPython 3.11+ found");
        ModuleUnderTest control = VerifyTestSupport.positiveControl();
        ModuleUnderTest unmigrated = ModuleUnderTest.example(VerifyTestSupport.root().resolve("examples/plain-type"));

        record Job(ModuleUnderTest m, Interpreter py) {
        }
        List<Job> jobs = new ArrayList<>();
        pythons.forEach(py -> jobs.add(new Job(control, py)));
        pythons.stream().filter(py -> !py.atLeast(13)).forEach(py -> jobs.add(new Job(unmigrated, py)));
        long start = System.nanoTime();
        List<ProofReport> reports = VerifyTestSupport.parallel(jobs, j -> prover.prove(j.m(), j.py(), checksFor(j.py())));
        System.out.printf("%nheapify.verify positive/negative control (%.1f s)%n", (System.nanoTime() - start) / 1e9);
        reports.forEach(r -> System.out.println(r.summary()));

        List<DynamicTest> tests = new ArrayList<>();
        for (ProofReport r : reports) {
            boolean isControl = r.module() == control;
            String name = (isControl ? "positive control" : "negative control (unmigrated)") + " on "
                    + r.interpreter().label();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                if (isControl) {
                    assertPasses(r);
                } else {
                    assertFails(r);
                }
            }));
        }
        return tests.stream();
    }

    private static void assertPasses(ProofReport r) {
        Interpreter py = r.interpreter();
        assertEquals(List.of(), MigrationFacts.after(r), r.summary());
        assertEquals(0, r.staticTypes().count(), r.summary());
        assertTrue(r.legacy().noTypeShared() && r.legacy().testsPassed(), r.summary());
        if (py.atLeast(12)) {
            assertNotNull(r.isolated(), "own-GIL probe must run on " + py);
            assertTrue(r.isolated().subImported() && r.isolated().testsPassed() && r.isolated().noTypeShared(),
                    r.summary());
        }
        assertTrue(r.embed().ok() && r.embed().cyclesOk() == EmbedCycles.DEFAULT_CYCLES, r.summary());
        if (Check.leakBaselineApplies(py)) {
            assertNotNull(r.leak(), "leak baseline must run on " + py);
            assertTrue(r.leak().blocksMeasured() && r.leak().noLeak(), r.summary());
            assertEquals(py.debug(), r.leak().refTotalMeasured(), r.summary());
        }
        if (!py.debug()) {
            assertTrue(ValgrindCheck.available(), "valgrind is not installed (apt-get install valgrind)");
            assertNotNull(r.valgrind());
            assertTrue(r.valgrind().embedOk(), r.summary());
            assertEquals(0, r.valgrind().moduleHeldBlocks(), r.summary());
            assertEquals(0, r.valgrind().invalidReads(), r.summary());
        }
    }

    /** The unmigrated module must violate each after-fact the checks are meant to catch. */
    private static void assertFails(ProofReport r) {
        Interpreter py = r.interpreter();
        List<String> v = MigrationFacts.after(r);
        assertTrue(v.stream().anyMatch(s -> s.startsWith("static type objects left")), String.join("\n", v));
        assertEquals(1, r.staticTypes().count(), r.summary());
        assertTrue(r.legacy().allTypesShared(), r.summary());
        if (py.atLeast(12)) {
            assertFalse(r.isolated().subImported(), r.summary());
        }
        if (Check.leakBaselineApplies(py)) {
            assertFalse(r.leak().noLeak(), "the static type's leftovers must show against the baseline: "
                    + r.summary());
            assertTrue(r.leak().blocksOverBaseline() > 0, r.summary());
            if (py.debug()) {
                assertTrue(r.leak().refTotalOverBaseline() > 0, r.summary());
            }
        }
        if (!py.debug()) {
            assertTrue(r.valgrind().moduleHeldBlocks() > 0, "valgrind must see PyType_Ready's leftovers: "
                    + r.summary());
        }
    }
}
