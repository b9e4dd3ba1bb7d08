package heapify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The "before" facts of every example on every installed interpreter from its target up: it
 * builds with zero warnings, its test script passes, its types are the same objects in a legacy
 * subinterpreter, and on 3.12+ an own-GIL subinterpreter refuses to import it. One dynamic test
 * per example and interpreter; the matrix is printed.
 */
@Tag("slow")
class ExamplesBeforeMigrationTest {
    private record Cell(ModuleUnderTest module, Interpreter py) {
    }

    @TestFactory
    Stream<DynamicTest> everyExampleOnEveryInterpreter() {
        List<String> names = VerifyTestSupport.exampleDirs().stream().map(d -> d.getFileName().toString()).toList();
        assertTrue(names.containsAll(VerifyTestSupport.REQUIRED_EXAMPLES),
                "missing examples: " + VerifyTestSupport.REQUIRED_EXAMPLES.stream()
                        .filter(n -> !names.contains(n)).toList());
        Prover prover = new Prover(VerifyTestSupport.workDir("before"));
        List<Interpreter> pythons = prover.interpreters();
        assertFalse(pythons.isEmpty(), "no CPython 3.9-3.13 found under pyenv");

        List<Cell> cells = new ArrayList<>();
        for (var dir : VerifyTestSupport.selectedExampleDirs()) {
            ModuleUnderTest m = ModuleUnderTest.example(dir);
            assertTrue(Files.isRegularFile(m.source()), "missing " + m.source());
            assertTrue(Files.isRegularFile(m.testScript()), "missing " + m.testScript());
            pythons.stream().filter(py -> py.atLeast(m.target())).forEach(py -> cells.add(new Cell(m, py)));
        }
        long start = System.nanoTime();
        List<ProofReport> reports = VerifyTestSupport.parallel(cells,
                c -> prover.prove(c.module(), c.py(), Check.before()));
        List<List<String>> violations = reports.stream().map(MigrationFacts::before).toList();
        printMatrix(reports, violations, pythons, (System.nanoTime() - start) / 1_000_000_000.0);

        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            ProofReport r = reports.get(i);
            List<String> v = violations.get(i);
            tests.add(DynamicTest.dynamicTest(r.module().id() + " on " + r.interpreter().label(), () -> {
                assertEquals(List.of(), v, r.summary());
                assertEquals(0, r.build().warnings());
                assertTrue(r.testScript().passed());
                assertTrue(r.legacy().allTypesShared(), r.summary());
                if (r.interpreter().atLeast(12)) {
                    assertFalse(r.isolated().subImported(), r.summary());
                }
            }));
        }
        return tests.stream();
    }

    private static void printMatrix(List<ProofReport> reports, List<List<String>> violations,
                                    List<Interpreter> pythons, double seconds) {
        StringBuilder b = new StringBuilder("\nheapify.verify BEFORE matrix (build 0 warnings, test script, "
                + "legacy types shared, own-GIL import refused on 3.12+)\n");
        b.append(String.format("%-20s", "example"));
        pythons.forEach(p -> b.append(String.format(" %-12s", p.label())));
        b.append('\n');
        int passed = 0;
        String current = null;
        for (int i = 0; i < reports.size(); i++) {
            ProofReport r = reports.get(i);
            if (!r.module().id().equals(current)) {
                if (current != null) {
                    b.append('\n');
                }
                current = r.module().id();
                b.append(String.format("%-20s", current.substring(current.indexOf('/') + 1)));
                for (Interpreter p : pythons) {
                    if (p.equals(r.interpreter())) {
                        break;
                    }
                    b.append(String.format(" %-12s", "-"));
                }
            }
            boolean ok = violations.get(i).isEmpty();
            passed += ok ? 1 : 0;
            b.append(String.format(" %-12s", ok ? "pass" : "FAIL"));
        }
        b.append(String.format("%ncombinations run: %d, passed: %d, failed: %d (%.1f s)%n", reports.size(), passed,
                reports.size() - passed, seconds));
        System.out.println(b);
    }
}
