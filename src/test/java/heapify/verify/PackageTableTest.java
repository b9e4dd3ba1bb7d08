package heapify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public corpus table and the parsers of package verification, without building anything. */
class PackageTableTest {
    @TempDir
    Path dir;

    private static final Path TABLE = VerifyTestSupport.root().resolve("corpus/public.tsv");

    @Test
    void publicCorpusNamesTheSixCPackages() throws Exception {
        // contract: the table holds public-corpus.md's C selection with its versions and 49 modules
        Map<String, PackageSpec> all = PackageTable.readAll(TABLE);
        assertEquals(List.of("audit", "python-cffi", "rpm", "mercurial", "pygame", "pillow"), List.copyOf(all.keySet()));
        assertEquals("1:3.0.9-1", all.get("audit").debianVersion());
        assertEquals("pillow", all.get("pillow").debianSource());
        assertEquals(List.of(1, 1, 1, 8, 31, 7), all.values().stream().map(p -> p.modules().size()).toList());
        assertEquals(List.of("3.11", "3.12"), all.get("python-cffi").pythons());
        assertEquals(7, all.get("mercurial").modulesFor("3.12").size());   // cext/parsers is 3.11 only
        for (PackageSpec p : all.values()) {
            assertTrue(!p.testCommand().isEmpty() && !p.skipped().isEmpty(), p.name());
        }
    }

    @Test
    void importRootIsWhereTheDottedNameStarts() throws Exception {
        // contract: PIL._imaging at src/PIL/_imaging imports from src; a top-level module from the tree
        PackageSpec pillow = PackageTable.read(TABLE, "pillow");
        assertEquals("src", pillow.modules().get(0).importRoot());
        assertEquals("bindings/python", PackageTable.read(TABLE, "audit").modules().get(0).importRoot());
        assertEquals("", PackageTable.read(TABLE, "python-cffi").modules().get(0).importRoot());
    }

    @Test
    void malformedRowIsNamedByLine() throws Exception {
        // contract: a row with the wrong number of fields fails with file:line and no package is guessed
        Path t = dir.resolve("t.tsv");
        Files.writeString(t, "# comment\npackage\tp\t-\t-\t-\ttrue\t-\nmodule\tp\tm\tm\n");
        PackageTable.Invalid e = assertThrows(PackageTable.Invalid.class, () -> PackageTable.read(t, "p"));
        assertEquals(t + ":3: error: a module row has 9 fields, this one 4", e.getMessage());
        PackageTable.Invalid unknown = assertThrows(PackageTable.Invalid.class, () -> PackageTable.read(TABLE, "numpy"));
        assertEquals(TABLE + ": error: no package 'numpy' (the table has audit, python-cffi, rpm, mercurial, pygame, "
                + "pillow)", unknown.getMessage());
    }

    @Test
    void suiteSummariesOfEachRunnerAreCounted() {
        // contract: pytest, unittest, run-tests.py and plain summaries give p/f/s, summed over suites
        SuiteResult pytest = SuiteResult.parse(0, "..\n3627 passed, 320 skipped, 1 deselected, 3 xfailed in 95.31s (0:01:35)\n", null);
        assertEquals("3627/0/323", pytest.pfs());
        SuiteResult failed = SuiteResult.parse(1, "==== 1 failed, 226 passed, 2 skipped, 1 deselected in 3.60s ====", null);
        assertEquals("226/1/2", failed.pfs());
        SuiteResult unittest = SuiteResult.parse(1, "Ran 145 tests in 37.1s\n\nFAILED (errors=2, skipped=4)\n", null);
        assertEquals("139/2/4", unittest.pfs());
        SuiteResult ok = SuiteResult.parse(0, "Ran 5 tests in 0.1s\n\nOK (skipped=1)\n", null);
        assertEquals("4/0/1", ok.pfs());
        SuiteResult hg = SuiteResult.parse(0, "# Ran 17 tests, 0 skipped, 0 failed.\n211 passed, 42 skipped in 3.21s\n", null);
        assertEquals("228/0/42", hg.pfs());
        assertEquals(2, hg.summaries().size());
        assertEquals("32/0/0", SuiteResult.parse(0,
                "rpm python tests (RPMPY_TEST blocks of rpmpython.at): 32 passed, 0 failed", null).pfs());
        assertEquals("1546/0/25", SuiteResult.parse(0, "runner rc=0\n1546 passed, 0 failed, 25 skipped\n", null).pfs());
        assertEquals("0/1/0", SuiteResult.parse(1, "1 failed: output differs from auparse_test.ref.py", null).pfs());
        SuiteResult none = SuiteResult.parse(3, "Segmentation fault\n", null);
        assertEquals("exit 3, no summary", none.pfs());
    }

    @Test
    void warningsAreComparedWithoutLineNumbers() {
        // contract: a warning that moved is the same warning; a second copy of it is new
        PackageModule m = new PackageModule("m", List.of("m"), List.of("m.c"), List.of("m.c"), "", "", List.of());
        PackageModuleBuild before = new PackageModuleBuild(m, true, Path.of("m.so"),
                List.of("m.c:30:9: warning: unused variable 'x' [-Wunused-variable]"), List.of(), null);
        PackageModuleBuild after = new PackageModuleBuild(m, true, Path.of("m.so"), List.of(
                "m.c:70:9: warning: unused variable 'x' [-Wunused-variable]",
                "m.c:85:9: warning: unused variable 'x' [-Wunused-variable]"), List.of(), null);
        assertEquals(List.of("m.c:85:9: warning: unused variable 'x' [-Wunused-variable]"),
                PackageFacts.newWarnings(before, after));
    }

    @Test
    void subfirstReportCountsRoundTrips() {
        // contract: the hook's lines give processes with a destroyed subinterpreter and per-module results
        SubfirstReport r = SubfirstReport.parse("""
                11 sub-import-ok auparse
                11 destroyed
                12 main-import-failed zstd ModuleNotFoundError: No module named 'zstd'
                13 sub-import-failed PIL._imaging ImportError: boom
                13 destroyed
                """);
        assertEquals(2, r.roundTrips());
        assertEquals(java.util.Set.of("auparse"), r.subImported());
        assertEquals(Map.of("PIL._imaging", "ImportError: boom"), r.subFailures());
    }
}
