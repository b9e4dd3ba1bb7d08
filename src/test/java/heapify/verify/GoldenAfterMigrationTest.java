package heapify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>An example with {@code expect=unchanged} in its {@code example.properties} is one heapify must
 * leave as it is (a capsule, a metatype): its golden output must equal the input byte for byte
 * with an empty diff and at least one warning, and the golden, still the old-style module, must
 * show every "before" fact ({@link MigrationFacts#before}: builds without warnings, its script
 * passes, types shared with a legacy subinterpreter, own-GIL import refused on 3.12+) instead of
 * the "after" facts it cannot have.
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
        record Job(ModuleUnderTest m, Interpreter py, boolean unchanged) {
        }
        List<Job> jobs = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : VerifyTestSupport.selectedExampleDirs()) {
            String name = dir.getFileName().toString();
            Path goldenDir = root.resolve("golden").resolve(name);
            Optional<ModuleUnderTest> golden = ModuleUnderTest.golden(dir, goldenDir);
            if (golden.isEmpty()) {
                notRun.add(name);
                continue;
            }
            ModuleUnderTest m = golden.get();
            boolean unchanged = VerifyTestSupport.expect(dir).equals("unchanged");
            if (unchanged) {
                List<String> v = unchangedViolations(ModuleUnderTest.example(dir).source(), m.source(), goldenDir);
                tests.add(DynamicTest.dynamicTest(m.id() + ": output equals the input (expect=unchanged)",
                        () -> assertEquals(List.of(), v, "golden/" + name)));
            }
            pythons.stream().filter(py -> py.atLeast(m.target()))
                    .forEach(py -> jobs.add(new Job(m, py, unchanged)));
        }
        List<ProofReport> reports = VerifyTestSupport.parallel(jobs,
                j -> prover.prove(j.m(), j.py(), j.unchanged() ? Check.before() : checksFor(j.py())));
        List<List<String>> violations = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            violations.add(jobs.get(i).unchanged() ? MigrationFacts.before(reports.get(i))
                    : MigrationFacts.after(reports.get(i)));
        }
        long passed = violations.stream().filter(List::isEmpty).count();
        System.out.printf("%nheapify.verify AFTER (goldens): combinations run %d, passed %d; examples without a "
                + "golden (NOT RUN, not counted as passed): %d %s%n", reports.size(), passed, notRun.size(), notRun);
        reports.forEach(r -> System.out.println(r.summary()));

        for (int i = 0; i < reports.size(); i++) {
            ProofReport r = reports.get(i);
            List<String> v = violations.get(i);
            String facts = jobs.get(i).unchanged() ? " (expect=unchanged: the before facts)" : "";
            tests.add(DynamicTest.dynamicTest(r.module().id() + " on " + r.interpreter().label() + facts,
                    () -> assertEquals(List.of(), v, r.summary())));
        }
        for (String name : notRun) {
            tests.add(DynamicTest.dynamicTest("after/" + name + ": NOT RUN",
                    () -> Assumptions.abort("not run: golden/" + name + "/ has no migrated module yet")));
        }
        return tests.stream();
    }

    /**
     * What an expect=unchanged golden violates: output not byte-equal to the input, a non-empty
     * diff, or no warning saying why heapify left the file.
     */
    private static List<String> unchangedViolations(Path input, Path output, Path goldenDir) {
        List<String> v = new ArrayList<>();
        try {
            if (!Arrays.equals(Files.readAllBytes(input), Files.readAllBytes(output))) {
                v.add("heapify changed the file: golden/" + goldenDir.getFileName() + "/" + output.getFileName()
                        + " differs from the example");
            }
            Path diff = goldenDir.resolve(output.getFileName() + ".diff");
            if (!Files.isRegularFile(diff) || Files.size(diff) != 0) {
                v.add("the golden diff is not empty: " + diff.getFileName());
            }
            Path diagnostics = goldenDir.resolve("diagnostics.txt");
            if (!Files.isRegularFile(diagnostics) || !Files.readString(diagnostics).contains(": warning: ")) {
                v.add("no warning says why the file is left unchanged: " + diagnostics.getFileName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return v;
    }
}
