package heapify.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.cli.HeapifyCommand;
import heapify.corpus.CpythonSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Migrates three real single-file modules of CPython 3.11.2 ({@code xx}, {@code xxsubtype},
 * {@code _zoneinfo}) with {@code heapify migrate --in-place} on a copy of the source tree, then
 * judges the result with the shared stdlib harness ({@code ../shared/harness/stdlib/run-all.sh}):
 * CPython's own tests against the built module, a subinterpreter, and the static type objects left
 * in the {@code .so}. The unmigrated tree is run first, so the test also shows that each check
 * can fail.
 */
@Tag("slow")
class StdlibHarnessTest {
    private static final List<String> MODULES = List.of("xx", "xxsubtype", "_zoneinfo");
    private static final Map<String, String> FILES = Map.of(
            "xx", "Modules/xxmodule.c", "xxsubtype", "Modules/xxsubtype.c", "_zoneinfo", "Modules/_zoneinfo.c");
    /** Failures of the unmodified 3.11.2 source (tests newer than it; the harness README's baseline). */
    private static final Set<String> BASELINE_FAILURES = Set.of(
            "test.test_zoneinfo.test_zoneinfo.CTZStrTest.test_extreme_tzstr");
    /**
     * Failures that a heap type causes by being one. 3.11's {@code ExtensionBuiltTest.test_gc_tracked}
     * asserts that the C {@code ZoneInfo} type object is not tracked by the GC, which holds only for a
     * static type (every heap type object is a GC object); CPython's own heap-type port of
     * {@code _zoneinfo} turned the assertion around (3.12's test_zoneinfo.py asserts
     * {@code gc.is_tracked(c_zoneinfo.ZoneInfo)}).
     */
    private static final Set<String> HEAP_TYPE_FAILURES = Set.of(
            "test.test_zoneinfo.test_zoneinfo.ExtensionBuiltTest.test_gc_tracked");

    @Test
    void migratedModulesPassTheHarness() throws Exception {
        Path src = CpythonSource.root();
        Path work = Path.of(System.getProperty("heapify.root", ".")).resolve("target/stdlib-harness")
                .toAbsolutePath();
        deleteTree(work);
        Path tree = work.resolve("Python-3.11.2");
        copyTree(src.resolve("Include"), tree.resolve("Include"));
        copyTree(src.resolve("Modules"), tree.resolve("Modules"));

        Map<String, Row> before = harness(tree, work.resolve("before"));
        for (String m : MODULES) {
            Row r = before.get(m);
            for (String id : r.failedIds()) {
                assertTrue(BASELINE_FAILURES.contains(id), m + ": unmigrated failure beyond the baseline: " + id);
            }
            assertTrue(r.staticInSo() > 0, m + ": the unmigrated module has static types in its .so");
            assertTrue(r.ownStaticIdentical().matches("[1-9]\\d*/\\d+"),
                    m + ": unmigrated types are shared with a subinterpreter: " + r.ownStaticIdentical());
        }

        List<String> args = new ArrayList<>(List.of("migrate", "--in-place"));
        for (String m : MODULES) {
            args.add(tree.resolve(FILES.get(m)).toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new HeapifyCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args.toArray(String[]::new));
        System.out.println("heapify migrate stderr:\n" + err);
        assertEquals(0, code, "migrate exit code; stderr:\n" + err);
        assertTrue(!err.toString().contains(": warning:") && !err.toString().contains(": error:"),
                "migrate reports no warnings or errors:\n" + err);

        Map<String, Row> after = harness(tree, work.resolve("after"));
        for (String m : MODULES) {
            Row r = after.get(m);
            System.out.println("after: " + r);
            assertEquals("ok (0w)", r.build(), m + ": builds with no warnings");
            assertEquals(0, r.staticInSo(), m + ": no PyTypeObject left in the .so");
            assertTrue(r.proven(), m + ": the built module was the one tested");
            assertTrue(r.ownStaticIdentical().startsWith("0/"), m + ": no type shared with a subinterpreter: "
                    + r.ownStaticIdentical());
            assertEquals("ok", r.subinterpImport(), m + ": imports in a subinterpreter");
            String sub = Files.readString(work.resolve("after").resolve(m).resolve("subinterp.json"));
            int compared = Integer.parseInt(raw(sub, "types_compared"));
            assertTrue(compared > 0 && raw(sub, "types_identical").equals("0"),
                    m + ": every exposed type (and exception) is a new object in the subinterpreter: " + sub);
            System.out.println(m + ": exposed types identical in main and subinterpreter 0/" + compared);
            for (String id : r.failedIds()) {
                assertTrue(BASELINE_FAILURES.contains(id) || HEAP_TYPE_FAILURES.contains(id),
                        m + ": failure beyond the baseline: " + id);
                if (HEAP_TYPE_FAILURES.contains(id)) {
                    System.out.println("expected difference of a heap type: " + id);
                }
            }
        }
    }

    /** One row of the harness's summary.json. */
    record Row(String module, String build, int staticInSo, String tests, boolean proven, String subinterpImport,
               String ownStaticIdentical, List<String> failedIds) {
    }

    private static Map<String, Row> harness(Path tree, Path out) throws IOException, InterruptedException {
        Path script = CpythonSource.sharedDir().resolve("harness/stdlib/run-all.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), tree.toString(), out.toString())
                .redirectErrorStream(true);
        pb.environment().put("HEAPIFY_MODULES", String.join(" ", MODULES));
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "harness timed out");
        System.out.println(log);
        String json = Files.readString(out.resolve("summary.json"));
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String obj : json.split("\\n \\{")) {
            if (!obj.contains("\"module\"")) {
                continue;
            }
            Row r = new Row(str(obj, "module"), str(obj, "build"), Integer.parseInt(raw(obj, "static_in_so")),
                    str(obj, "tests"), raw(obj, "proven").equals("true"), str(obj, "subinterp_import"),
                    str(obj, "own_static_identical"), list(obj, "failed_ids"));
            rows.put(r.module(), r);
        }
        assertEquals(Set.copyOf(MODULES), rows.keySet(), "harness summary rows");
        return rows;
    }

    private static String raw(String obj, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": ([^,\\n]+)").matcher(obj);
        if (!m.find()) {
            throw new AssertionError("no " + key + " in " + obj);
        }
        return m.group(1).strip();
    }

    private static String str(String obj, String key) {
        String v = raw(obj, key);
        return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static List<String> list(String obj, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": \\[([^\\]]*)\\]").matcher(obj);
        List<String> out = new ArrayList<>();
        if (m.find()) {
            Matcher s = Pattern.compile("\"([^\"]+)\"").matcher(m.group(1));
            while (s.find()) {
                out.add(s.group(1));
            }
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
