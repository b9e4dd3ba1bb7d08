package heapify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text formats heapify.verify reads back from gcc, nm, the hosts and the probe. */
class ParsersTest {
    private static final ProcessResult NO_PROCESS = new ProcessResult(List.of("x"), 0, false, Path.of("/nonexistent.out"),
            Path.of("/nonexistent.err"), Duration.ZERO);

    @Test
    void nmKeepsOnlyDataSymbolsOfTypeObjectSize() {
        String nm = """
                0000000000004060 0000000000000198 d Box_Type
                0000000000004200 0000000000000198 D Exported_Type
                0000000000004400 0000000000000198 b Zeroed_Type
                0000000000001139 0000000000000198 t same_size_function
                0000000000004500 0000000000000068 d Box_members
                0000000000004600 r no_size
                """;
        StaticTypes st = StaticTypes.fromNm(nm, 0x198);
        assertEquals(List.of("Box_Type", "Exported_Type", "Zeroed_Type"), st.symbols());
        assertEquals(3, st.count());
        assertEquals(0, StaticTypes.fromNm(nm, 400).count());
    }

    @Test
    void gccWarningsAreCountedByLine() {
        String out = """
                a.c: In function 'f':
                a.c:3:5: warning: unused variable 'x' [-Wunused-variable]
                    3 |     int x;
                a.c:9:1: warning: control reaches end of non-void function [-Wreturn-type]
                a.c:12:3: error: expected ';'
                """;
        assertEquals(2, ModuleBuild.warningLines(out).size());
    }

    @Test
    void embedReportLines() {
        List<EmbedResult.Cycle> c = EmbedResult.parseReport("""
                cycle 1 rc 0 fin 0 blocks 49 reftotal -1
                cycle 2 rc -1 fin 0 blocks 50 reftotal 126
                garbage
                """);
        assertEquals(2, c.size());
        assertTrue(c.get(0).ok());
        assertFalse(c.get(1).ok());
        EmbedResult r = new EmbedResult(3, c, true, NO_PROCESS);
        assertFalse(r.ok(), "a missing cycle is a failure");
        assertEquals(List.of(49L, 50L), r.blocks());
        assertEquals(List.of(126L), r.refTotals());
    }

    @Test
    void leakComparisonNeedsEqualSeries() {
        EmbedResult base = new EmbedResult(2, EmbedResult.parseReport(
                "cycle 1 rc 0 fin 0 blocks 0 reftotal 0\ncycle 2 rc 0 fin 0 blocks 0 reftotal 0\n"), true, NO_PROCESS);
        EmbedResult same = new EmbedResult(2, base.cycles(), true, NO_PROCESS);
        EmbedResult more = new EmbedResult(2, EmbedResult.parseReport(
                "cycle 1 rc 0 fin 0 blocks 49 reftotal 126\ncycle 2 rc 0 fin 0 blocks 49 reftotal 126\n"), true,
                NO_PROCESS);
        assertTrue(new LeakComparison(same, base).noLeak());
        LeakComparison leak = new LeakComparison(more, base);
        assertFalse(leak.noLeak());
        assertEquals(49, leak.blocksOverBaseline());
        assertEquals(126, leak.refTotalOverBaseline());
    }

    @Test
    void subinterpreterProbeReport() {
        SubinterpreterResult shared = SubinterpreterResult.parse("legacy", """
                main import-ok
                main type Box 140480913752320 0
                sub import-ok
                sub type Box 140480913752320 0
                sub tests run=7 failures=0 errors=0 skipped=0 ok=1
                """, true, NO_PROCESS);
        assertTrue(shared.allTypesShared());
        assertFalse(shared.noTypeShared());
        assertEquals(7, shared.testsRun());
        assertTrue(shared.testsPassed());

        SubinterpreterResult refused = SubinterpreterResult.parse("isolated", """
                main import-ok
                main type Box 140502778016000 0
                sub import-failed ImportError: module hp_plain does not support loading in subinterpreters
                """, true, NO_PROCESS);
        assertFalse(refused.subImported());
        assertEquals("ImportError: module hp_plain does not support loading in subinterpreters",
                refused.subImportError());
        assertEquals(-1, refused.testsRun());

        SubinterpreterResult own = SubinterpreterResult.parse("isolated", """
                main import-ok
                main type Box 1 1
                sub import-ok
                sub type Box 2 1
                sub tests run=7 failures=1 errors=0 skipped=0 ok=0
                """, true, NO_PROCESS);
        assertTrue(own.noTypeShared());
        assertFalse(own.testsPassed());
    }

    @Test
    void baselineSnippetImportsDeclaredDependencies() {
        assertEquals("# heapify.verify baseline: the snippet's dependencies only\nimport os\n",
                EmbedCycles.baselineSnippet("import hp_x\nhp_x.f()\n"));
        assertEquals("# heapify.verify baseline: the snippet's dependencies only\nimport os\nimport gc\nimport weakref\n",
                EmbedCycles.baselineSnippet("# heapify-embed-deps: gc, weakref\nimport gc\nimport hp_x\n"));
    }

    @Test
    void newestPatchPerSupportedMinor() {
        Map<Integer, Path> best = Interpreters.newestPatchPerMinor(List.of(Path.of("/v/3.11.2"),
                Path.of("/v/3.11.7"), Path.of("/v/3.8.18"), Path.of("/v/3.13.0"), Path.of("/v/3.14.0"),
                Path.of("/v/2.7.18"), Path.of("/v/3.11.10"), Path.of("/v/pypy3.10-7.3.12")));
        assertEquals(Map.of(11, Path.of("/v/3.11.10"), 13, Path.of("/v/3.13.0")), best);
    }

    @Test
    void interpreterFromSysconfigAnswer() {
        Interpreter py = Interpreters.parse("""
                version=3.11.2
                prefix=/usr
                include=/usr/include/python3.11d
                libdir=/usr/lib/x86_64-linux-gnu
                ldlibrary=libpython3.11d.so
                debug=1
                """, Path.of("/usr/bin/python3.11-dbg")).orElseThrow();
        assertEquals("3.11.2-dbg", py.label());
        assertEquals("python3.11d", py.libName());
        assertTrue(py.debug() && py.atLeast(11) && py.atLeast("3.11") && !py.atLeast(12));
        assertTrue(Interpreters.parse("version=3.12.1\nprefix=/p\ninclude=/p/i\nlibdir=/p/l\nldlibrary=libpython3.12.a\n",
                Path.of("/p/bin/python3.12")).isEmpty(), "a static libpython cannot be embedded");
    }
}
