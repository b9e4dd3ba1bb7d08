package heapify.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.analysis.IncludedState;
import heapify.lex.Lexing;
import heapify.render.Renderer;
import heapify.source.SourceReader;
import heapify.source.SourceText;
import heapify.transform.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large included files read ahead ({@link LocalIncludes.Cache#prefetch}): the same results, one read. */
class IncludePrefetchTest {
    private static final String MODULE = """
            #include "Python.h"
            #include "tables.h"

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                return PyModule_Create(&m_module);
            }
            """;

    @TempDir
    Path dir;

    /** 200 KB of constant table, then a static type and a writable global: what the module must name. */
    private Path header() throws Exception {
        StringBuilder h = new StringBuilder("static const unsigned char table[] = {\n");
        while (h.length() < 200_000) {
            h.append("    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,\n");
        }
        h.append("};\n\nstatic PyTypeObject Bar_Type = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n"
                + "    .tp_name = \"m.Bar\",\n};\n\nstatic int bar_cache;\n");
        Path p = dir.resolve("tables.h");
        Files.writeString(p, h);
        return p;
    }

    private static SourceText read(Path p) {
        return ((SourceReader.Read) SourceReader.read(p)).source();
    }

    @Test
    void migrationIsTheSameWithTheHeaderReadAhead() throws Exception {
        header();
        Path m = dir.resolve("m.c");
        Files.writeString(m, MODULE);
        FileMigrator.Result plain = new FileMigrator(new Renderer(), new Options(11)).migrate(read(m), "m.c");
        FileMigrator ahead = new FileMigrator(new Renderer(), new Options(11));
        ahead.prefetchIncludes(List.of(m, dir.resolve("missing.c")));
        FileMigrator.Result prefetched = ahead.migrate(read(m), "m.c");
        assertTrue(plain.formattedDiagnostics().stream().anyMatch(d -> d.contains("'Bar_Type' is defined in the "
                + "included file 'tables.h'")), plain.formattedDiagnostics().toString());
        assertEquals(plain.output(), prefetched.output());
        assertEquals(plain.diff(), prefetched.diff());
        assertEquals(plain.formattedDiagnostics(), prefetched.formattedDiagnostics());
    }

    @Test
    void aHeaderReadAheadIsNotReadAgain() throws Exception {
        Path h = header();
        Path m = dir.resolve("m.c");
        Files.writeString(m, MODULE);
        LocalIncludes.Cache cache = new LocalIncludes.Cache();
        cache.prefetch(List.of(m), 128 * 1024);
        // same size and time, other text: only a second read would see that Bar_Type is gone
        FileTime time = Files.getLastModifiedTime(h);
        String text = Files.readString(h);
        Files.writeString(h, text.replace("Bar_Type", "Baz_Type"));
        Files.setLastModifiedTime(h, time);
        List<IncludedState> states = LocalIncludes.of(m, Lexing.lex(read(m)), cache);
        assertEquals(List.of("Bar_Type"), states.get(0).staticTypes());
        assertSame(states.get(0), LocalIncludes.of(m, Lexing.lex(read(m)), cache).get(0));
        // a small header is not read ahead
        LocalIncludes.Cache small = new LocalIncludes.Cache();
        small.prefetch(List.of(m), 1 << 30);
        assertEquals(List.of("Baz_Type"), LocalIncludes.of(m, Lexing.lex(read(m)), small).get(0).staticTypes());
    }

    /** The read-ahead's scan finds what the multi-line regex it replaced finds, on odd lines as on plain ones. */
    @Test
    void includeLinesAreTheRegexMatches() throws Exception {
        java.util.regex.Pattern regex = java.util.regex.Pattern.compile("(?m)^[ \\t]*#[ \\t]*include[ \\t]*\"([^\"]+)\"");
        List<String> texts = new java.util.ArrayList<>(List.of(
                "#include \"a.h\"\n  #  include\t\"b/c.h\"\r\n#include <d.h>\n",
                "x #include \"no.h\"\n#define include \"no2.h\"\n#include\"e.h\"\r#include \"\"\n",
                "#include \"include.h\" /* include \"x\" */\n\t#include \"f\ng.h\"\n#include \"open",
                "", "include", "#include", "#include \"", "\n #include \"h.h\""));
        try (var files = Files.walk(Path.of(System.getProperty("heapify.root", ".")).resolve("examples"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".c")).toList()) {
                texts.add(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        for (String text : texts) {
            List<String> expected = new java.util.ArrayList<>();
            java.util.regex.Matcher m = regex.matcher(text);
            while (m.find()) {
                expected.add(m.group(1));
            }
            assertEquals(expected, LocalIncludes.Cache.includeLines(text), text);
        }
        assertEquals(List.of("a.h", "b/c.h"), LocalIncludes.Cache.includeLines(texts.get(0)));
    }
}
