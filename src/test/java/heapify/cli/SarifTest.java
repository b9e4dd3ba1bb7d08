package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.stdlib.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --sarif FILE} of migrate and scan: a SARIF 2.1.0 log with exactly the keys it promises. */
class SarifTest {
    @TempDir
    Path dir;

    @Test
    void migrateWritesEachDiagnosticAsAResult() throws Exception {
        // contract: capsule-left's one warning is one result with rule, level, message, file, line and column
        Path log = dir.resolve("migrate.sarif");
        Path example = Path.of(System.getProperty("heapify.root", "."), "examples/capsule-left/hp_capsule.c");
        TestModules.Run r = TestModules.run("migrate", "--sarif", log.toString(), example.toString());
        assertEquals(1, r.code(), r.err());
        Map<?, ?> result = onlyResult(log, "capsule-exports-type");
        assertEquals("warning", result.get("level"));
        assertTrue(((String) ((Map<?, ?>) result.get("message")).get("text")).startsWith("type 'Point_Type' left static"));
        Map<?, ?> physical = physical(result);
        assertEquals(List.of("artifactLocation", "region"), List.copyOf(physical.keySet()));
        assertTrue(((String) ((Map<?, ?>) physical.get("artifactLocation")).get("uri")).endsWith("examples/capsule-left/hp_capsule.c"));
        assertEquals(Map.of("startLine", 73L, "startColumn", 1L), physical.get("region"));
    }

    @Test
    void scanWritesErrorsToo() throws Exception {
        // contract: an unbalanced brace is an error-level result at its line; the exit code is scan's own
        Path c = TestModules.write(dir, "bad.c", "static int f(void) {\n    return 0;\n");
        Path log = dir.resolve("scan.sarif");
        TestModules.Run r = TestModules.run("scan", "--sarif", log.toString(), c.toString());
        assertEquals(1, r.code(), r.err());
        Map<?, ?> result = onlyResult(log, "unbalanced-brackets");
        assertEquals("error", result.get("level"));
        Map<?, ?> region = (Map<?, ?>) physical(result).get("region");
        assertEquals(1L, region.get("startLine"));
    }

    @Test
    void commandLevelMessagesAreResultsToo() throws Exception {
        // contract: a missing path is an error result for that path, without a region, in migrate and in scan
        Path example = Path.of(System.getProperty("heapify.root", "."), "examples/plain-type/hp_plain.c");
        Path missing = dir.resolve("nowhere.c");
        Path log = dir.resolve("migrate.sarif");
        TestModules.Run r = TestModules.run("migrate", "--sarif", log.toString(), missing.toString(), example.toString());
        assertEquals(2, r.code(), r.err());
        Map<?, ?> result = onlyResult(log, "unreadable-file");
        assertEquals("error", result.get("level"));
        assertEquals(Map.of("text", "no such file or directory"), result.get("message"));
        Map<?, ?> physical = physical(result);
        assertEquals(List.of("artifactLocation"), List.copyOf(physical.keySet()));
        assertTrue(((String) ((Map<?, ?>) physical.get("artifactLocation")).get("uri")).endsWith("/nowhere.c"));
        Path scanLog = dir.resolve("scan.sarif");
        TestModules.Run s = TestModules.run("scan", "--sarif", scanLog.toString(), missing.toString(), example.toString());
        assertEquals(2, s.code(), s.err());
        assertEquals(Map.of("text", "no such file or directory"), onlyResult(scanLog, "unreadable-file").get("message"));
    }

    @Test
    void anOutputRefusedBeforeAnyWriteIsAResultToo() throws Exception {
        // contract: --output inside the input folder writes nothing, exits 2, and the log says why
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.copy(Path.of(System.getProperty("heapify.root", "."), "examples/plain-type/hp_plain.c"),
                tree.resolve("hp_plain.c"));
        Path log = dir.resolve("migrate.sarif");
        TestModules.Run r = TestModules.run("migrate", "--sarif", log.toString(), "--output",
                tree.resolve("out").toString(), tree.toString());
        assertEquals(2, r.code(), r.err());
        Map<?, ?> result = onlyResult(log, "unwritable-file");
        assertEquals("error", result.get("level"));
        assertTrue(((String) ((Map<?, ?>) result.get("message")).get("text")).contains("lies inside the input folder"),
                result.toString());
        assertTrue(Files.notExists(tree.resolve("out")));
    }

    @Test
    void rulesCarryWhatCodeScanningReads() throws Exception {
        // contract: every result's rule is in the driver's rules with an existing help page and a description
        Path log = dir.resolve("all.sarif");
        Path examples = Path.of(System.getProperty("heapify.root", "."), "examples");
        TestModules.Run r = TestModules.run("migrate", "--sarif", log.toString(), examples.toString());
        assertEquals(1, r.code(), r.err());
        Map<?, ?> run = (Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(Files.readString(log))).get("runs")).get(0);
        List<?> rules = (List<?>) ((Map<?, ?>) ((Map<?, ?>) run.get("tool")).get("driver")).get("rules");
        List<?> results = (List<?>) run.get("results");
        assertTrue(results.size() >= 2, String.valueOf(results));
        java.util.Set<Object> ids = new java.util.TreeSet<>();
        for (Object o : rules) {
            Map<?, ?> rule = (Map<?, ?>) o;
            ids.add(rule.get("id"));
            assertTrue(Files.isRegularFile(Path.of(System.getProperty("heapify.root", "."), (String) rule.get("helpUri"))),
                    String.valueOf(rule));
            assertTrue(!((String) ((Map<?, ?>) rule.get("shortDescription")).get("text")).isBlank());
        }
        for (Object o : results) {
            Map<?, ?> result = (Map<?, ?>) o;
            assertTrue(ids.contains(result.get("ruleId")), String.valueOf(result));
            assertTrue(List.of("error", "warning", "note").contains(result.get("level")), String.valueOf(result));
            assertTrue(!((String) ((Map<?, ?>) result.get("message")).get("text")).isBlank());
            Map<?, ?> region = (Map<?, ?>) physical(result).get("region");
            assertTrue((Long) region.get("startLine") >= 1 && (Long) region.get("startColumn") >= 1, String.valueOf(result));
        }
    }

    @Test
    void anUnwritableLogIsAnIoError() {
        // contract: exit 2 and one diagnostic when FILE cannot be written
        Path c = dir.resolve("missing/x.sarif");
        Path example = Path.of(System.getProperty("heapify.root", "."), "examples/plain-type/hp_plain.c");
        TestModules.Run r = TestModules.run("migrate", "--sarif", c.toString(), example.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("cannot write") && r.err().contains("[unwritable-file]"), r.err());
    }

    /** Checks the log's keys down to the one result, which has rule {@code id}, and returns it. */
    private static Map<?, ?> onlyResult(Path log, String id) throws Exception {
        Map<?, ?> doc = (Map<?, ?>) Json.parse(Files.readString(log));
        assertEquals(List.of("version", "$schema", "runs"), List.copyOf(doc.keySet()));
        assertEquals("2.1.0", doc.get("version"));
        assertTrue(((String) doc.get("$schema")).contains("sarif-2.1.0"));
        List<?> runs = (List<?>) doc.get("runs");
        assertEquals(1, runs.size());
        Map<?, ?> run = (Map<?, ?>) runs.get(0);
        assertEquals(List.of("tool", "results"), List.copyOf(run.keySet()));
        Map<?, ?> driver = (Map<?, ?>) ((Map<?, ?>) run.get("tool")).get("driver");
        assertEquals("heapify", driver.get("name"));
        assertTrue(driver.get("version") instanceof String v && !v.isEmpty());
        List<?> rules = (List<?>) driver.get("rules");
        Map<?, ?> rule = (Map<?, ?>) rules.stream().filter(x -> id.equals(((Map<?, ?>) x).get("id"))).findFirst().orElseThrow();
        assertEquals(List.of("id", "shortDescription", "helpUri"), List.copyOf(rule.keySet()));
        assertTrue(((Map<?, ?>) rule.get("shortDescription")).get("text") instanceof String);
        String help = (String) rule.get("helpUri");
        assertEquals("docs/rules/" + id + ".md", help);
        assertTrue(Files.isRegularFile(Path.of(System.getProperty("heapify.root", "."), help)), help);
        List<?> results = ((List<?>) run.get("results")).stream().filter(x -> id.equals(((Map<?, ?>) x).get("ruleId"))).toList();
        assertEquals(1, results.size(), String.valueOf(run.get("results")));
        Map<?, ?> result = (Map<?, ?>) results.get(0);
        assertEquals(List.of("ruleId", "level", "message", "locations"), List.copyOf(result.keySet()));
        return result;
    }

    private static Map<?, ?> physical(Map<?, ?> result) {
        List<?> locations = (List<?>) result.get("locations");
        assertEquals(1, locations.size());
        return (Map<?, ?>) ((Map<?, ?>) locations.get(0)).get("physicalLocation");
    }
}
