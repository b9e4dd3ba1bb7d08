package heapify.stdlib;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Runs the shared stdlib harness ({@code ../shared/harness/stdlib/run-all.sh}) on a copy of
 * CPython 3.11.2's {@code Include/}, {@code Modules/} and {@code Tools/clinic/}, unmodified, then
 * again after {@code heapify migrate --in-place <copy>/Modules} has rewritten the whole tree, and compares the two runs module by
 * module for every row of the harness's {@code corpus.tsv} (or the subset named by
 * {@code -Dheapify.harness.modules="itertools _zoneinfo"}, space- or comma-separated).
 *
 * <p>Each run builds the module, runs CPython's own tests for it (the "plain" run), probes a legacy
 * subinterpreter, and runs the same tests once more after a subinterpreter has imported the module
 * and been destroyed (the "after-subinterpreter" run, {@code test-subfirst.json}). For each module
 * the migrated tree must show, against the unmodified tree of the same test run:
 * <ul>
 * <li>a build with 0 warnings;
 * <li>no failed test id in the plain run that the unmodified plain run did not fail, and none in
 *     the after-subinterpreter run that the unmodified after-subinterpreter run did not fail;
 * <li>{@code static_in_so} (static type objects in the {@code .so}) no higher than before;
 * <li>both runs proven to have used the built module ({@code verified});
 * <li>the subinterpreter import and destroy still ok where they were;
 * <li>when no static type object is left ({@code static_in_so} 0): the after-subinterpreter run fails
 *     exactly the ids the unmodified plain run failed, since a module without process-wide state
 *     does not care that another instance came and went.
 * </ul>
 * The only tolerated difference is {@link #HEAP_TYPE_FAILURES}. The unmodified runs must be usable as
 * the reference (finished, proven, with static types in the {@code .so}). Every violation is
 * collected and the test fails once, listing them all. A table (module, build warnings,
 * {@code static_in_so}, plain and after-subinterpreter passed/failed/skipped, before→after) goes to
 * stdout and to {@code target/stdlib-harness/table.md}; the harness's own files stay in
 * {@code target/stdlib-harness/{before,after}/<module>/}.
 */
@Tag("slow")
class StdlibHarnessTest {
    /**
     * Failures that a heap type causes by being one. 3.11's {@code ExtensionBuiltTest.test_gc_tracked}
     * asserts that the C {@code ZoneInfo} type object is not tracked by the GC, which holds only for a
     * static type (every heap type object is a GC object); CPython's own heap-type port of
     * {@code _zoneinfo} turned the assertion around (3.12's test_zoneinfo.py asserts
     * {@code gc.is_tracked(c_zoneinfo.ZoneInfo)}).
     */
    private static final Map<String, Set<String>> HEAP_TYPE_FAILURES = Map.of(
            "_zoneinfo", Set.of("test.test_zoneinfo.test_zoneinfo.ExtensionBuiltTest.test_gc_tracked"));
    /** The runner writes at most this many failed ids (heapify_runner.py). */
    private static final int IDS_CAP = 200;

    /** One test.json or test-subfirst.json: counts, failed ids (plus load errors), proof. */
    record TestRun(long passed, long failed, long skipped, boolean verified, Set<String> failedIds) {
        String pfs() {
            return passed + "/" + failed + "/" + skipped;
        }
    }

    /** A module's results in one harness run; a null run died before writing its file. */
    record ModuleRun(String module, String buildStatus, long warnings, long staticInSo, TestRun plain,
                     TestRun subfirst, String subImport, String destroy) {
    }

    @Test
    void wholeModulesTreeMigratedInPlacePassesTheHarness() throws Exception {
        long start = System.nanoTime();
        Path src = CpythonSource.root();
        Path harness = CpythonSource.sharedDir().resolve("harness/stdlib");
        Map<String, List<String>> corpus = corpusSources(harness.resolve("corpus.tsv"));
        List<String> modules = selectedModules(corpus);
        Path work = Path.of(System.getProperty("heapify.root", ".")).resolve("target/stdlib-harness")
                .toAbsolutePath().normalize();
        deleteTree(work);
        Path tree = work.resolve("Python-3.11.2");
        copyTree(src.resolve("Include"), tree.resolve("Include"));
        copyTree(src.resolve("Modules"), tree.resolve("Modules"));
        copyTree(src.resolve("Tools/clinic"), tree.resolve("Tools/clinic")); // heapify reruns the tree's clinic

        runAll(harness, tree, work.resolve("before"), modules);
        long beforeDone = System.nanoTime();
        Map<String, ModuleRun> before = read(work.resolve("before"), modules);

        List<String> violations = new ArrayList<>();
        migrate(src, tree, work, violations);
        long migrateDone = System.nanoTime();

        runAll(harness, tree, work.resolve("after"), modules);
        long afterDone = System.nanoTime();
        Map<String, ModuleRun> after = read(work.resolve("after"), modules);

        Map<String, Boolean> changed = new LinkedHashMap<>();
        for (String m : modules) {
            boolean any = false;
            for (String s : corpus.get(m)) {
                any |= !Arrays.equals(Files.readAllBytes(src.resolve(s)), Files.readAllBytes(tree.resolve(s)));
            }
            changed.put(m, any);
            compare(m, before.get(m), after.get(m), work, violations);
        }

        String timing = String.format("wall time: %.1f min (unmodified harness %.1f, migrate %.1f s, "
                        + "migrated harness %.1f)", (afterDone - start) / 6e10, (beforeDone - start) / 6e10,
                (migrateDone - beforeDone) / 1e9, (afterDone - migrateDone) / 6e10);
        String table = table(modules, before, after, changed) + "\n" + timing + "\n";
        StringBuilder report = new StringBuilder(table);
        report.append(violations.isEmpty() ? "\nno violations\n" : "\n" + violations.size() + " violations:\n");
        violations.forEach(v -> report.append("- ").append(v).append('\n'));
        Files.writeString(work.resolve("table.md"), report.toString());
        System.out.println("\nstdlib harness, unmodified -> migrated by heapify (" + work.resolve("table.md") + ")\n"
                + report);
        if (!violations.isEmpty()) {
            fail(violations.size() + " violations of the migrated tree (table in " + work.resolve("table.md")
                    + "):\n- " + String.join("\n- ", violations));
        }
    }

    /** The violations of module {@code m}'s migrated run {@code a} against its unmodified run {@code b}. */
    private static void compare(String m, ModuleRun b, ModuleRun a, Path work, List<String> v) throws IOException {
        Set<String> allowed = HEAP_TYPE_FAILURES.getOrDefault(m, Set.of());
        String p = m + ": ";
        // the reference must be usable, or nothing below could fail
        reference(p, "plain", b.plain(), work.resolve("before").resolve(m).resolve("test.log"), v);
        reference(p, "after-subinterpreter", b.subfirst(),
                work.resolve("before").resolve(m).resolve("test-subfirst.log"), v);
        if (b.staticInSo() <= 0) {
            v.add(p + "the unmodified build has static_in_so " + b.staticInSo() + ", so the check cannot fail");
        }

        Path dir = work.resolve("after").resolve(m);
        if (!"ok".equals(a.buildStatus())) {
            v.add(p + "build " + a.buildStatus() + " (" + tail(dir.resolve("build.log"), 3) + ")");
            return;
        }
        if (a.warnings() != 0) {
            v.add(p + a.warnings() + " build warnings (" + grepWarnings(dir.resolve("build.log")) + ")");
        }
        if (a.staticInSo() > b.staticInSo()) {
            v.add(p + "static_in_so rose " + b.staticInSo() + " -> " + a.staticInSo());
        }
        newFailures(p, "plain", b.plain(), a.plain(), allowed, dir.resolve("test.log"), v);
        newFailures(p, "after-subinterpreter", b.subfirst(), a.subfirst(), allowed,
                dir.resolve("test-subfirst.log"), v);
        if (a.staticInSo() == 0 && a.subfirst() != null && b.plain() != null) {
            Set<String> want = minus(b.plain().failedIds(), allowed);
            Set<String> got = minus(a.subfirst().failedIds(), allowed);
            if (!want.equals(got)) {
                v.add(p + "no static type left, so the after-subinterpreter run must fail exactly the unmodified "
                        + "plain run's ids " + want + "; it also fails " + some(minus(got, want))
                        + " and passes " + some(minus(want, got)));
            }
        }
        if ("ok".equals(b.subImport()) && !"ok".equals(a.subImport())) {
            v.add(p + "subinterpreter import " + a.subImport() + " (was ok)");
        }
        if ("ok".equals(b.destroy()) && !"ok".equals(a.destroy())) {
            v.add(p + "subinterpreter destroy " + a.destroy() + " (was ok)");
        }
        for (String id : allowed) {
            if (a.plain() != null && a.plain().failedIds().contains(id)) {
                System.out.println("expected difference of a heap type: " + m + " " + id);
            }
        }
    }

    private static void reference(String p, String what, TestRun run, Path log, List<String> v) throws IOException {
        if (run == null) {
            v.add(p + "the unmodified " + what + " run died (" + tail(log, 3) + ")");
        } else if (!run.verified()) {
            v.add(p + "the unmodified " + what + " run is not proven to have used the built module");
        }
    }

    private static void newFailures(String p, String what, TestRun b, TestRun a, Set<String> allowed, Path log,
                                    List<String> v) throws IOException {
        if (a == null) {
            v.add(p + "the " + what + " run died (" + tail(log, 3) + ")");
            return;
        }
        if (!a.verified()) {
            v.add(p + "the " + what + " run is not proven to have used the built module");
        }
        if (b == null) {
            return;
        }
        Set<String> extra = minus(minus(a.failedIds(), b.failedIds()), allowed);
        if (!extra.isEmpty()) {
            v.add(p + extra.size() + (a.failedIds().size() >= IDS_CAP ? "+ (ids capped at " + IDS_CAP + ")" : "")
                    + " failures in the " + what + " run that the unmodified module passed (" + b.pfs() + " -> "
                    + a.pfs() + "): " + some(extra));
        }
    }

    /** Up to 12 ids of {@code ids}, then how many more. */
    private static String some(Set<String> ids) {
        List<String> l = new ArrayList<>(ids);
        return l.size() <= 12 ? l.toString()
                : l.subList(0, 12).toString().replaceFirst("]$", ", ... " + (l.size() - 12) + " more]");
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    // ---- heapify ----

    /**
     * {@code heapify migrate --in-place --qualify-dotless-names <tree>/Modules}, in process;
     * summarises its diagnostics. The option is the choice CPython's own ports made for the
     * tree's dotless type names ({@code "_asyncio.TaskStepMethWrapper"}; rule type-name-without-dot):
     * without it their specs are named {@code "builtins.X"} and exec sets their tp_name back.
     */
    private static void migrate(Path src, Path tree, Path work, List<String> v) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new HeapifyCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("migrate", "--in-place", "--qualify-dotless-names", tree.resolve("Modules").toString());
        Files.writeString(work.resolve("migrate-stderr.txt"), err.toString());
        Map<String, Integer> byRule = new TreeMap<>();
        Matcher d = Pattern.compile(": (error|warning|note): .*\\[([a-z0-9.-]+)\\]$", Pattern.MULTILINE)
                .matcher(err.toString());
        while (d.find()) {
            byRule.merge(d.group(1) + " " + d.group(2), 1, Integer::sum);
        }
        int changed = 0;
        int files = 0;
        for (Path f : CpythonSource.cFiles(tree.resolve("Modules"))) {
            files++;
            Path orig = src.resolve(tree.relativize(f).toString());
            changed += Arrays.equals(Files.readAllBytes(orig), Files.readAllBytes(f)) ? 0 : 1;
        }
        System.out.println("heapify migrate --in-place --qualify-dotless-names Modules/: exit " + code + ", " + changed + " of " + files
                + " .c/.h files rewritten; diagnostics " + byRule + " (all in " + work.resolve("migrate-stderr.txt")
                + ")");
        if (code != 0 && code != 1) {
            v.add("heapify migrate --in-place Modules/ exited " + code + ": " + err.toString().lines().limit(5).toList());
        }
        err.toString().lines().filter(l -> l.endsWith("[internal-error]"))
                .forEach(l -> v.add("heapify failed on a file: " + l));
        assertTrue(changed > 0, "heapify changed nothing in Modules/");
    }

    // ---- the harness ----

    private static void runAll(Path harness, Path tree, Path out, List<String> modules)
            throws IOException, InterruptedException {
        Path log = out.resolveSibling(out.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", harness.resolve("run-all.sh").toString(), tree.toString(),
                out.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        for (String var : List.of("HEAPIFY_NO_SUBFIRST", "HEAPIFY_SUBFIRST", "HEAPIFY_STOCK", "HEAPIFY_STOCK_REF")) {
            pb.environment().remove(var);     // the after-subinterpreter pass on, no stock reference
        }
        pb.environment().put("HEAPIFY_MODULES", String.join(" ", modules));
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("run-all.sh " + out.getFileName() + " did not finish in 120 min; log " + log);
        }
        System.out.printf("%n=== run-all.sh %s (%.1f min, exit %d)%n%s%n", out.getFileName(),
                (System.nanoTime() - t0) / 6e10, p.exitValue(), Files.readString(log));
    }

    private static Map<String, ModuleRun> read(Path out, List<String> modules) throws IOException {
        Map<String, ModuleRun> runs = new LinkedHashMap<>();
        for (String m : modules) {
            Path d = out.resolve(m);
            Map<String, Object> build = object(d.resolve("build.json"));
            Map<String, Object> sub = object(d.resolve("subinterp.json"));
            runs.put(m, new ModuleRun(m,
                    build == null ? "missing" : (String) build.get("status"),
                    build == null ? -1 : (Long) build.get("warnings"),
                    build == null ? -1 : (Long) build.get("static_type_objects"),
                    testRun(d.resolve("test.json")), testRun(d.resolve("test-subfirst.json")),
                    sub == null ? "not run" : String.valueOf(sub.get("sub_import")),
                    sub == null ? "not run" : String.valueOf(sub.getOrDefault("destroy", "-"))));
        }
        return runs;
    }

    private static TestRun testRun(Path file) throws IOException {
        Map<String, Object> t = object(file);
        if (t == null) {
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Object id : (List<?>) t.get("failed_ids")) {
            ids.add((String) id);
        }
        for (Object e : (List<?>) t.get("load_errors")) {
            ids.add("load error: " + e);
        }
        return new TestRun((Long) t.get("passed"), (Long) t.get("failed"), (Long) t.get("skipped"),
                Boolean.TRUE.equals(t.get("verified")), Set.copyOf(ids));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Path file) throws IOException {
        return Files.isRegularFile(file) ? (Map<String, Object>) Json.parse(Files.readString(file)) : null;
    }

    /** Module name to its source files (relative to the source root), in corpus order. */
    private static Map<String, List<String>> corpusSources(Path tsv) throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        List<String> header = null;
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> f = List.of(line.split("\t"));
            if (header == null) {
                header = f;
                continue;
            }
            rows.put(f.get(0), List.of(f.get(header.indexOf("sources")).split(" ")));
        }
        assertTrue(rows.size() >= 14, "corpus.tsv rows: " + rows.keySet());
        return rows;
    }

    private static List<String> selectedModules(Map<String, List<String>> corpus) {
        String prop = System.getProperty("heapify.harness.modules", "").strip();
        if (prop.isEmpty()) {
            return List.copyOf(corpus.keySet());
        }
        List<String> mods = List.of(prop.split("[\\s,]+"));
        for (String m : mods) {
            assertTrue(corpus.containsKey(m), "-Dheapify.harness.modules: " + m + " is not in corpus.tsv "
                    + corpus.keySet());
        }
        System.out.println("stdlib harness: only " + mods + " (-Dheapify.harness.modules), " + mods.size() + " of "
                + corpus.size() + " modules");
        return mods;
    }

    // ---- the table ----

    private static String table(List<String> modules, Map<String, ModuleRun> before, Map<String, ModuleRun> after,
                                Map<String, Boolean> changed) {
        StringBuilder t = new StringBuilder("| module | build warnings | static_in_so | plain p/f/s | "
                + "after-subinterp p/f/s | sources changed by heapify |\n|---|---|---|---|---|---|\n");
        for (String m : modules) {
            ModuleRun b = before.get(m);
            ModuleRun a = after.get(m);
            t.append("| ").append(m)
                    .append(" | ").append(warnings(b)).append(" → ").append(warnings(a))
                    .append(" | ").append(b.staticInSo()).append(" → ").append(a.staticInSo())
                    .append(" | ").append(pfs(b.plain())).append(" → ").append(pfs(a.plain()))
                    .append(" | ").append(pfs(b.subfirst())).append(" → ").append(pfs(a.subfirst()))
                    .append(" | ").append(changed.get(m) ? "yes" : "no").append(" |\n");
        }
        return t.toString();
    }

    private static String warnings(ModuleRun r) {
        return "ok".equals(r.buildStatus()) ? String.valueOf(r.warnings()) : "build " + r.buildStatus();
    }

    private static String pfs(TestRun r) {
        return r == null ? "died" : r.pfs();
    }

    // ---- files ----

    /**
     * What a log says about how a run ended: the {@code Fatal Python error} line (it names the test
     * that was running) and the innermost Python frame if there is one, else the last {@code n}
     * non-blank lines, joined with " | ".
     */
    private static String tail(Path log, int n) throws IOException {
        if (!Files.isRegularFile(log)) {
            return "no " + log.getFileName();
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                .filter(l -> !l.isBlank()).toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("Fatal Python error")) {
                String frame = lines.subList(i, lines.size()).stream().filter(l -> l.strip().startsWith("File "))
                        .findFirst().map(String::strip).orElse("");
                return log.getFileName() + ": " + lines.get(i).strip() + (frame.isEmpty() ? "" : " | " + frame);
            }
        }
        return log.getFileName() + ": " + String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private static String grepWarnings(Path log) throws IOException {
        List<String> w = Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                .filter(l -> l.contains(": warning: ")).limit(5).toList();
        return String.join(" | ", w);
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
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
