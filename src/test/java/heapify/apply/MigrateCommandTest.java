package heapify.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.cli.MigrateCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** In-process runs of {@code migrate}: exit code, stdout and stderr asserted (picocli testing guide). */
class MigrateCommandTest {
    private static final String MODULE = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
            } FooObject;

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "foo.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
            };

            static struct PyModuleDef foo_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "foo",
                .m_size = -1,
            };

            PyMODINIT_FUNC
            PyInit_foo(void)
            {
                PyObject *m;
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&foo_module);
                if (m == NULL) {
                    return NULL;
                }
                Py_INCREF(&Foo_Type);
                if (PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type) < 0) {
                    Py_DECREF(&Foo_Type);
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    @TempDir
    Path dir;
    StringWriter out;
    StringWriter err;
    Path file;

    @BeforeEach
    void setUp() throws Exception {
        out = new StringWriter();
        err = new StringWriter();
        file = dir.resolve("foo.c");
        Files.writeString(file, MODULE);
        Files.writeString(dir.resolve("helper.c"), "static int x;\n"); // no PyInit_: not a module
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new MigrateCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void printsADiffAndWritesNothing() throws Exception {
        // contract: the default is a dry run: diff on stdout, a hint on stderr, file untouched
        assertEquals(0, run(file.toString()));
        assertTrue(out.toString().contains("+static PyType_Spec Foo_spec = {"), out.toString());
        assertTrue(out.toString().contains("+++ b/"), out.toString());
        assertTrue(err.toString().contains("would change"), err.toString());
        assertEquals(MODULE, Files.readString(file));
    }

    @Test
    void checkExitsOneWhenSomethingWouldChange() {
        // contract: CI mode: exit 1, nothing on stdout
        assertEquals(1, run("--check", dir.toString()));
        assertEquals("", out.toString());
        assertTrue(err.toString().contains("foo.c: would be migrated"), err.toString());
        assertTrue(!err.toString().contains("helper.c"), "a .c file without PyInit_ is not a module");
    }

    @Test
    void inPlaceRewritesAndASecondCheckIsClean() throws Exception {
        // contract: --in-place writes; the result is a fixed point
        assertEquals(0, run("--in-place", file.toString()));
        assertTrue(Files.readString(file).contains("PyModuleDef_Init(&foo_module)"));
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertEquals(0, run("--check", file.toString()));
    }

    @Test
    void outputWritesCopiesUnderTheFolder() throws Exception {
        Path o = dir.resolve("out");
        assertEquals(0, run("--output", o.toString(), dir.toString()));
        assertTrue(Files.readString(o.resolve("foo.c")).contains("Py_TPFLAGS_IMMUTABLETYPE"));
        assertEquals(MODULE, Files.readString(file));
    }

    @Test
    void badTargetIsAUsageError() {
        assertEquals(2, run("--target", "3.8", file.toString()));
        assertTrue(err.toString().contains("--target must be 3.9 to 3.14"), err.toString());
    }

    @Test
    void exclusiveModesAreAUsageError() {
        assertEquals(2, run("--check", "--in-place", file.toString()));
    }

    @Test
    void missingFileIsAnIoError() {
        assertEquals(2, run(dir.resolve("nope.c").toString()));
    }

    @Test
    void target39GuardsTheNewFlags() {
        assertEquals(0, run("--target", "3.9", file.toString()));
        assertTrue(out.toString().contains("+#if PY_VERSION_HEX >= 0x030A0000"), out.toString());
    }

    @Test
    void diagnosticsShowTheSourceLineAndACaret() throws Exception {
        // contract: text mode: gcc-style line, then the source line and a caret under the column
        Files.writeString(file, MODULE.replace("PyVarObject_HEAD_INIT(NULL, 0)", "PyVarObject_HEAD_INIT(&Meta, 0)"));
        assertEquals(0, run(file.toString()));
        assertTrue(err.toString().contains("foo.c:7:1: warning: type 'Foo_Type' has the metatype '&Meta'"), err.toString());
        assertTrue(err.toString().contains("[metaclass-needs-3.12]\n static PyTypeObject Foo_Type = {\n ^\n"),
                err.toString());
    }
}
