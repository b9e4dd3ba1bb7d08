package heapify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The "after" facts for heapify's migrated output: for each example whose {@code
 * golden/<name>/<module>.c} exists, every check on every interpreter from the example's target up
 * must pass (valgrind on 3.11-3.13 release builds). An example without a golden file yields one
 * ABORTED dynamic test ("not run"), which JUnit reports as skipped, never as passed.
 */
@Tag("slow")
class GoldenAfterMigrationTest {

    /**
     * The minor versions valgrind runs on for goldens: system property {@code
     * heapify.verify.valgrindPythons} (default {@code 3.11,3.12,3.13}; empty = none). Two memcheck
     * runs per golden and version are most of this test's time (about 40 s per golden on a busy
     * 2-core machine), so the lead can trim it here without touching the code.
     */
    private static final List<String> VALGRIND_PYTHONS = List.of(
            System.getProperty("heapify.verify.valgrindPythons", "3.11,3.12,3.13").split("\\s*,\\s*"));

    private static Set<Check> checksFor(Interpreter py) {
        Set<Check> checks = EnumSet.allOf(Check.class);
        if (py.debug() || !VALGRIND_PYTHONS.contains(py.majorMinor())) {
            checks.remove(Check.VALGRIND);
        }
        return checks;
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenOnEveryInterpreter() {
        Path root = VerifyTestSupport.root();
        Prover prover = new Prover(VerifyTestSupport.workDir("after"));
        List<Interpreter> pythons = prover.interpreters();
        record Job(ModuleUnderTest m, Interpreter py) {
        }
        List<Job> jobs = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        for (Path dir : VerifyTestSupport.exampleDirs()) {
            String name = dir.getFileName().toString();
            Optional<ModuleUnderTest> golden = ModuleUnderTest.golden(dir, root.resolve("golden").resolve(name));
            if (golden.isEmpty()) {
                notRun.add(name);
                continue;
            }
            ModuleUnderTest m = golden.get();
            pythons.stream().filter(py -> py.atLeast(m.target())).forEach(py -> jobs.add(new Job(m, py)));
        }
        List<ProofReport> reports = VerifyTestSupport.parallel(jobs,
                j -> prover.prove(j.m(), j.py(), checksFor(j.py())));
        long passed = reports.stream().filter(r -> MigrationFacts.after(r).isEmpty()).count();
        System.out.printf("%nheapify.verify AFTER (goldens): combinations run %d, passed %d; examples without a "
                + "golden (NOT RUN, not counted as passed): %d %s%n", reports.size(), passed, notRun.size(), notRun);
        reports.forEach(r -> System.out.println(r.summary()));

        List<DynamicTest> tests = new ArrayList<>();
        for (ProofReport r : reports) {
            tests.add(DynamicTest.dynamicTest(r.module().id() + " on " + r.interpreter().label(),
                    () -> assertEquals(List.of(), MigrationFacts.after(r), r.summary())));
        }
        for (String name : notRun) {
            tests.add(DynamicTest.dynamicTest("after/" + name + ": NOT RUN",
                    () -> Assumptions.abort("not run: golden/" + name + "/ has no migrated module yet")));
        }
        return tests.stream();
    }
}
