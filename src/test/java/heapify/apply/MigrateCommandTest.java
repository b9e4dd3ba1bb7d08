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
    void outputWritesCopiesUnderTheFolder(@TempDir Path elsewhere) throws Exception {
        // contract: copies go under DIR, which must lie outside the input folder (WriteTargets)
        Path o = elsewhere.resolve("out");
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
        assertEquals(1, run(file.toString()), "a type left static: the module is not completely migrated");
        assertTrue(err.toString().contains("foo.c:7:1: warning: type 'Foo_Type' has the metatype '&Meta'"), err.toString());
        assertTrue(err.toString().contains("[metaclass-needs-3.12]\n static PyTypeObject Foo_Type = {\n ^\n"),
                err.toString());
    }

    // ---- bad input: a diagnostic and a non-zero exit, never a stack trace -------------------

    private void assertNoStackTrace() {
        assertTrue(!err.toString().contains("\tat ") && !err.toString().contains("Exception"),
                "stack trace on stderr: " + err);
    }

    @Test
    void fileThatDoesNotParseIsAnErrorAndStaysUntouched() throws Exception {
        // contract: unbalanced braces: one positioned error, exit 1, --in-place writes nothing
        Path bad = dir.resolve("bad.c");
        String text = "static PyTypeObject A = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n    \"m.A\",\n;\n";
        Files.writeString(bad, text);
        assertEquals(1, run("--in-place", bad.toString()));
        assertTrue(err.toString().contains("bad.c:1:25: error: '{' is never closed [unbalanced-brackets]"),
                err.toString());
        assertEquals(text, Files.readString(bad));
        assertNoStackTrace();
    }

    @Test
    void staticTypesWithoutInitFunctionAreAnError() throws Exception {
        // contract: a file with static types and no PyInit_ is named, not silently skipped
        Path lib = dir.resolve("lib.c");
        Files.writeString(lib, "static PyTypeObject A_Type = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n"
                + "    .tp_name = \"m.A\",\n};\n");
        assertEquals(1, run(lib.toString()));
        assertEquals("", out.toString());
        assertTrue(err.toString().contains("lib.c:1:1: error: static type 'A_Type' but no PyInit_ function: "
                + "heapify migrates a module from the file that initializes it; file left unchanged "
                + "[no-init-function]"), err.toString());
        assertNoStackTrace();
    }

    @Test
    void unknownMacroInsideTypeInitializerIsAnError() throws Exception {
        // contract: a macro heapify cannot expand leaves the type static with an error; exit 1
        Path m = dir.resolve("foo.c");
        Files.writeString(m, MODULE.replace("    .tp_flags = Py_TPFLAGS_DEFAULT,",
                "    MY_TYPE_FIELDS\n    .tp_flags = Py_TPFLAGS_DEFAULT,"));
        assertEquals(1, run(m.toString()));
        assertTrue(err.toString().contains("foo.c:7:1: error: initializer of 'Foo_Type' not understood "
                + "('MY_TYPE_FIELDS' before '.tp_flags' is a macro heapify cannot expand); left static "
                + "[initializer-unparsed]"), err.toString());
        assertTrue(!out.toString().contains("Foo_spec"), "the type was not converted: " + out);
        assertNoStackTrace();
    }

    @Test
    void typeDefinedTwiceUnderIfIsAnError() throws Exception {
        // contract: one type in two preprocessor branches is left static with an error at each; exit 1
        String def = MODULE.substring(MODULE.indexOf("static PyTypeObject"), MODULE.indexOf("static struct"));
        String twice = MODULE.replace(def, "#ifdef MS_WINDOWS\n" + def + "#else\n"
                + def.replace("Py_TPFLAGS_DEFAULT", "Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE") + "#endif\n\n");
        Files.writeString(file, twice);
        assertEquals(1, run(file.toString()));
        assertTrue(err.toString().contains("foo.c:8:1: error: type 'Foo_Type' is defined in more than one "
                + "preprocessor branch; left static [initializer-unparsed]"), err.toString());
        assertTrue(err.toString().contains("foo.c:17:1: error: type 'Foo_Type' is defined in more than one"),
                err.toString());
        assertNoStackTrace();
    }

    @Test
    void inPlaceLeavesNoTemporaryFileBehind() throws Exception {
        // contract: --in-place writes through a temp file and a rename: afterwards only the files we had
        assertEquals(0, run("--in-place", file.toString()));
        try (var s = Files.list(dir)) {
            assertEquals(java.util.Set.of("foo.c", "helper.c"),
                    s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void capsuleNamedOnlyInACommentBlocksNothing() throws Exception {
        // contract: only a real PyCapsule_New call leaves the file unchanged, not a mention in a comment
        Files.writeString(file, "/* no PyCapsule_New here: this module exports no C API */\n" + MODULE);
        assertEquals(0, run(file.toString()));
        assertTrue(out.toString().contains("+static PyType_Spec Foo_spec = {"), out.toString());
        Files.writeString(file, MODULE.replace("return m;\n}", "PyModule_AddObject(m, \"_C_API\", "
                + "PyCapsule_New(&Foo_Type, \"foo._C_API\", NULL));\n    return m;\n}"));
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertEquals(1, run(file.toString()), "a module left unchanged is not migrated: exit 1");
        assertEquals("", out.toString());
        assertTrue(err.toString().contains("[capsule-exports-type]"), err.toString());
    }

    @Test
    void parseWarningsReachMigrateToo() throws Exception {
        // contract: a stray #endif is reported by migrate as by scan; the module still migrates,
        // and the warning makes the exit code 1 like every warning (docs/rules/README.md)
        Files.writeString(file, MODULE + "#endif\n");
        assertEquals(1, run(file.toString()), "a warning: exit 1");
        assertTrue(err.toString().contains("warning: #endif without #if [unmatched-directive]"), err.toString());
        assertTrue(out.toString().contains("+static PyType_Spec Foo_spec = {"), out.toString());
    }

    @Test
    void checkKeepsFailingWhileAStaticTypeRemains() throws Exception {
        // contract: clause 4; a half-migrated tree passed --check with exit 0 and no diagnostic
        Path lib = dir.resolve("lib");
        Files.createDirectories(lib);
        Files.writeString(lib.resolve("bar.h"), "extern PyTypeObject Ext_Type; /* for the other files */\n");
        Files.writeString(lib.resolve("bar.c"), MODULE.replace("foo", "bar").replace("Foo", "Bar")
                .replace("static PyTypeObject Bar_Type", "PyTypeObject Ext_Type = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n"
                        + "    .tp_name = \"bar.Ext\",\n};\n\nstatic PyTypeObject Bar_Type"));
        assertEquals(1, run("--in-place", lib.toString()));
        for (int i = 0; i < 2; i++) {
            out = new StringWriter();
            err = new StringWriter();
            assertEquals(1, run("--check", lib.toString()), "run " + i + ": " + err);
            assertEquals("", out.toString());
            assertTrue(err.toString().contains("warning: type 'Ext_Type' has external linkage (not static); left static "
                    + "[type-exported-in-header]"), err.toString());
            assertTrue(!err.toString().contains("would be migrated"), "nothing more to change: " + err);
        }
    }

    @Test
    void aBatchEndsWithOneLinePerModuleAndTheTotals() throws Exception {
        // contract: issue 8's batch report, on stderr and as JSON
        Files.writeString(dir.resolve("lib.c"), "PyTypeObject A_Type = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n"
                + "    .tp_name = \"m.A\",\n};\n");
        assertEquals(1, run(dir.toString()));
        String shownFoo = MigrateCommand.display(file);
        String shownLib = MigrateCommand.display(dir.resolve("lib.c"));
        assertTrue(err.toString().contains("heapify: " + shownFoo + ": migrated, 1 of 1 type objects migrated\n"),
                err.toString());
        assertTrue(err.toString().contains("heapify: " + shownLib + ": left unchanged, 0 of 1 type objects migrated, "
                + "1 finding\n"), err.toString());
        assertTrue(err.toString().contains("heapify: 2 files: 1 migrated, 0 partly migrated, 1 left unchanged, "
                + "0 nothing to do, 0 failed; 1 of 2 type objects migrated\n"), err.toString());
        out = new StringWriter();
        err = new StringWriter();
        assertEquals(1, run("--json", dir.toString()));
        assertTrue(!out.toString().contains("+++ b/"), "--json replaces the diff: " + out);
        assertTrue(out.toString().contains("\"outcome\": \"left unchanged\"")
                || out.toString().contains("\"outcome\":\"left unchanged\""), out.toString());
        assertTrue(out.toString().contains("heapify-migrate-report/1"), out.toString());
    }
}
