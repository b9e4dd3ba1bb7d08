package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heapify scan} run in-process: exit code, stdout and stderr asserted. */
class ScanCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        Run r = new Run(code, out.toString(), err.toString());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "stack trace on stderr: " + r.err());
        return r;
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static final String MODULE = """
            #include "Python.h"

            typedef struct { PyObject_HEAD } CountObject;

            static PyObject *cache = NULL;
            _Py_IDENTIFIER(join);

            static PyTypeObject Count_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                "demo.Count",                   /* tp_name */
                sizeof(CountObject),            /* tp_basicsize */
                0,                              /* tp_itemsize */
                0,                              /* tp_dealloc */
                0,                              /* tp_vectorcall_offset */
                0,                              /* tp_getattr */
                0,                              /* tp_setattr */
                0,                              /* tp_as_async */
                0,                              /* tp_repr */
                0,                              /* tp_as_number */
                0,                              /* tp_as_sequence */
                0,                              /* tp_as_mapping */
                0,                              /* tp_hash */
                0,                              /* tp_call */
                0,                              /* tp_str */
                0,                              /* tp_getattro */
                0,                              /* tp_setattro */
                0,                              /* tp_as_buffer */
                Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, /* tp_flags */
            };

            static struct PyModuleDef demomodule = {
                PyModuleDef_HEAD_INIT, "demo", NULL, -1, NULL,
            };

            PyMODINIT_FUNC
            PyInit_demo(void)
            {
                return PyModule_Create(&demomodule);
            }
            """;

    @Test
    void reportsTypesGlobalsAndInitAsText() throws IOException {
        // contract: a small single-phase module is reported with its type, globals and init style
        Path f = write("demo.c", MODULE);
        Run r = run("scan", f.toString());
        assertEquals(0, r.code());
        assertEquals("", r.err());
        String expected = f + ":\n"
                + "  init " + f + ":35:1 PyInit_demo: single-phase\n"
                + "  type " + f + ":8:1 Count_Type \"demo.Count\": static, gc\n"
                + "    fields: tp_name tp_basicsize tp_flags\n"
                + "  global " + f + ":5:1 cached-object cache (static PyObject *)\n"
                + "  global " + f + ":6:1 safe PyId_join (_Py_IDENTIFIER)\n"
                + "  global " + f + ":8:1 type Count_Type (static PyTypeObject)\n"
                + "  global " + f + ":31:1 module-def demomodule (static struct PyModuleDef)\n"
                + "summary: 1 files (0 with errors), 1 types (1 static, 1 gc, 1 without blockers), 0 sub-tables,"
                + " 0 spec types, 1 single-phase and 0 multi-phase inits\n"
                + "  globals: type 1 exception 0 cached-object 1 c-state 0 module-def 1 safe 1\n"
                + "  blockers: none\n";
        assertEquals(expected, r.out());
    }

    @Test
    void jsonHasTheDocumentedShape() throws IOException {
        // contract: --json prints the schema id, per-file arrays and the summary; keys in a fixed order
        Path f = write("demo.c", MODULE);
        Run r = run("scan", "--json", f.toString());
        assertEquals(0, r.code());
        assertEquals("", r.err());
        String json = r.out();
        assertTrue(json.startsWith("{\n  \"schema\": \"heapify-scan/1\",\n  \"files\": [\n"), json);
        String flat = flat(json);
        assertTrue(flat.contains(flat("""
                "cName": "Count_Type",
                "tpName": "\\"demo.Count\\"",
                "line": 8,
                "column": 1,
                "storage": "static",
                "designated": false,
                "metatype": "NULL",
                "fieldsSet": ["tp_name", "tp_basicsize", "tp_flags"],
                "base": null,
                "gc": true,
                "tpNew": null,
                "dictOffset": null,
                "weaklistOffset": null,
                "blockers": []
                """)), json);
        assertTrue(flat.contains(flat("""
                "module": "demo",
                "style": "single-phase",
                "line": 35,
                """)), json);
        assertTrue(flat.contains(flat("""
                "name": "cache",
                "function": null,
                "category": "cached-object",
                "type": "static PyObject *",
                "static": true,
                """)), json);
        assertTrue(json.contains("\"globals\": {\n      \"type\": 1,\n      \"exception\": 0,\n"), json);
        assertTrue(json.endsWith("}\n"), json);
        assertEquals(count(json, '{'), count(json, '}'));
        assertEquals(count(json, '['), count(json, ']'));
    }

    /** The lines of a JSON text with their indentation removed, so fragments can be compared. */
    private static String flat(String json) {
        StringBuilder b = new StringBuilder();
        json.lines().forEach(l -> b.append(l.strip()).append('\n'));
        return b.toString();
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }

    @Test
    void directoriesAreScannedForCAndHFilesInSortedOrderWhateverTheJobs() throws IOException {
        // contract: every .c/.h below a directory, other files ignored, printed in sorted path order
        List<String> names = new ArrayList<>();
        for (int i = 20; i >= 0; i--) {
            names.add(String.format("m%02d.%s", i, i % 2 == 0 ? "c" : "h"));
            write("sub/" + names.get(names.size() - 1), "static int x" + i + ";\n");
        }
        write("sub/readme.txt", "not C {");
        String one = run("scan", "--jobs", "1", dir.resolve("sub").toString()).out();
        Run many = run("scan", "--jobs", "4", dir.resolve("sub").toString());
        assertEquals(0, many.code());
        assertEquals(one, many.out());
        List<String> headers = many.out().lines().filter(l -> !l.startsWith(" ") && !l.startsWith("summary"))
                .toList();
        assertEquals(21, headers.size());
        assertEquals(headers.stream().sorted().toList(), headers);
        assertTrue(headers.get(0).endsWith("m00.c:"), headers.get(0));
    }

    @Test
    void unbalancedBracesAreAnErrorDiagnostic() throws IOException {
        Path f = write("unbalanced.c", "static int f(void) {\n    return 1;\n");
        Run r = run("scan", f.toString());
        assertEquals(1, r.code());
        assertEquals(f + ":1:20: error: '{' is never closed [unbalanced-brackets]\n", r.err());
    }

    @Test
    void mismatchedCloserNamesBothPlaces() throws IOException {
        Path f = write("mismatch.c", "int a[3 } ;\n");
        Run r = run("scan", f.toString());
        assertEquals(1, r.code());
        assertEquals(f + ":1:6: error: '[' closed by '}' at line 1 [unbalanced-brackets]\n", r.err());
    }

    @Test
    void unterminatedCommentIsAnErrorAndHidesTheRest() throws IOException {
        Path f = write("comment.c", "int x;\n/* never closed\nint y;\n");
        Run r = run("scan", f.toString());
        assertEquals(1, r.code());
        assertEquals(f + ":2:1: error: unterminated comment [unterminated-comment]\n", r.err());
        assertFalse(r.out().contains(" y "), r.out());
    }

    @Test
    void unterminatedStringIsAnErrorDiagnostic() throws IOException {
        Path f = write("string.c", "const char *s = \"abc;\nint y;\n");
        Run r = run("scan", f.toString());
        assertEquals(1, r.code());
        assertEquals(f + ":1:17: error: missing terminating '\"' character [unterminated-string]\n", r.err());
    }

    @Test
    void unterminatedCharIsAnErrorDiagnostic() throws IOException {
        // contract: as gcc's "missing terminating ' character", at the constant
        Path f = write("char.c", "static int c = 'a;\nint y;\n");
        Run r = run("scan", f.toString());
        assertEquals(1, r.code());
        assertEquals(f + ":1:16: error: missing terminating ' character [unterminated-char]\n", r.err());
    }

    @Test
    void conditionalWithoutEndifIsAWarning() throws IOException {
        // contract: as gcc's "unterminated #if", one warning per open #if; the rest is still scanned
        Path f = write("if.c", "#ifndef X\nstatic int a;\n#if Y\nstatic int b;\n");
        Run r = run("scan", f.toString());
        assertEquals(0, r.code());
        assertEquals(f + ":1:1: warning: #ifndef without #endif [unmatched-directive]\n"
                + f + ":3:1: warning: #if without #endif [unmatched-directive]\n", r.err());
        assertTrue(r.out().contains("c-state b"), r.out());
    }

    @Test
    void binaryFileIsReportedNotParsed() throws IOException {
        // contract: a file that is not C text is an I/O error, exit 2, as in migrate
        Path f = dir.resolve("binary.c");
        Files.write(f, new byte[] {0x7f, 'E', 'L', 'F', 0, 1, 2, (byte) 0xff});
        Run r = run("scan", f.toString());
        assertEquals(2, r.code());
        assertEquals(f + ": error: file contains NUL bytes; not a C source file [binary-file]\n", r.err());
        assertTrue(r.out().startsWith(f + ": not scanned (see diagnostics)\n"), r.out());
    }

    @Test
    void missingPathIsAnIoError() {
        Path f = dir.resolve("missing.c");
        Run r = run("scan", f.toString());
        assertEquals(2, r.code());
        assertEquals(f + ": error: no such file or directory [unreadable-file]\n", r.err());
    }

    @Test
    void missingPathDoesNotStopTheOthers() throws IOException {
        Path good = write("good.c", "static int counter;\n");
        Path missing = dir.resolve("missing.c");
        Run r = run("scan", missing.toString(), good.toString());
        assertEquals(2, r.code());
        assertEquals(missing + ": error: no such file or directory [unreadable-file]\n", r.err());
        assertTrue(r.out().contains("c-state counter"), r.out());
    }

    @Test
    void directoryNamedLikeACFileIsReported() throws IOException {
        // tests run as root, who can read a chmod 000 file; a directory named x.c cannot be read as a file
        Path d = Files.createDirectory(dir.resolve("x.c"));
        Run r = run("scan", d.toString());
        assertEquals(2, r.code());
        assertEquals(d + ": error: no .c or .h files below this directory [no-c-files]\n", r.err());
    }

    @Test
    void fifoIsReportedWithoutBlocking() throws Exception {
        // contract: a FIFO is never opened (reading one without a writer would hang the scan)
        Path fifo = dir.resolve("pipe.c");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(p.waitFor() == 0, "mkfifo not available");
        Run r = run("scan", fifo.toString());
        assertEquals(2, r.code());
        assertEquals(fifo + ": error: not a regular file [unreadable-file]\n", r.err());
        Run inDir = run("scan", dir.toString());
        assertEquals(2, inDir.code());
        assertEquals(fifo + ": error: not a regular file [unreadable-file]\n", inDir.err());
    }

    @Test
    void directoryWithoutCFilesIsAnIoError() throws IOException {
        Path d = Files.createDirectory(dir.resolve("empty"));
        write("empty/notes.txt", "nothing");
        Run r = run("scan", d.toString());
        assertEquals(2, r.code());
        assertEquals(d + ": error: no .c or .h files below this directory [no-c-files]\n", r.err());
    }

    @Test
    void usageErrorsExitTwo() {
        Run noPath = run("scan");
        assertEquals(2, noPath.code());
        assertTrue(noPath.err().startsWith("heapify: error: Missing required parameter: 'PATH'\n"), noPath.err());
        Run badJobs = run("scan", "--jobs", "0", dir.toString());
        assertEquals(2, badJobs.code());
        assertEquals("heapify: error: --jobs must be at least 1, not 0\n", badJobs.err());
        Run unknown = run("scan", "--frobnicate", dir.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("heapify: error: Unknown option: '--frobnicate'\n"), unknown.err());
        assertEquals("", unknown.out());
    }

    @Test
    void helpListsExitCodes() {
        Run r = run("scan", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Exit codes:"), r.out());
        assertTrue(r.out().contains("2   usage or I/O error"), r.out());
    }

    @Test
    void planShowsWhatMigrateDecides() throws IOException {
        // contract: scan --plan prints migrate's decisions, so the two cannot disagree
        Path c = write("m.c", """
                #include "Python.h"

                static PyTypeObject Foo_Type = {
                    PyVarObject_HEAD_INIT(NULL, 0)
                    .tp_name = "m.Foo",
                    .tp_basicsize = sizeof(PyObject),
                    .tp_new = PyType_GenericNew,
                };

                PyTypeObject Bar_Type = {
                    PyVarObject_HEAD_INIT(NULL, 0)
                    .tp_name = "m.Bar",
                    .tp_basicsize = sizeof(PyObject),
                };

                static struct PyModuleDef m_module = {
                    PyModuleDef_HEAD_INIT,
                    .m_name = "m",
                    .m_size = -1,
                };

                PyMODINIT_FUNC
                PyInit_m(void)
                {
                    PyObject *m;
                    if (PyType_Ready(&Foo_Type) < 0 || PyType_Ready(&Bar_Type) < 0) {
                        return NULL;
                    }
                    m = PyModule_Create(&m_module);
                    if (m == NULL) {
                        return NULL;
                    }
                    return m;
                }
                """);
        write("bar.c", "PyTypeObject Bar_Type; /* used here: Bar_Type stays exported */\n");
        Run r = run("scan", "--plan", c.toString());
        assertEquals(0, r.code(), r.err());
        String shown = heapify.cli.MigrateCommand.display(c);
        String plan = r.out().substring(r.out().indexOf("plan "));
        assertEquals("plan " + shown + ":\n"
                + "  heap type  Foo_Type (line 3)\n"
                + "  stays      Bar_Type (line 10)\n"
                + "  init       single-phase -> multi-phase\n"
                + "  isolation  not claimed\n"
                + "  " + shown + ":10:1: warning: type 'Bar_Type' has external linkage (not static); left static "
                + "[type-exported-in-header]\n", plan);
        Run j = run("scan", "--plan", "--json", c.toString());
        assertTrue(j.out().contains("\"plans\": [") || j.out().contains("\"plans\":["), j.out());
        assertTrue(j.out().contains("\"migrates\": false") || j.out().contains("\"migrates\":false"), j.out());
    }
}
