package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import heapify.verify.ProcessRunner;
import heapify.verify.PythonHeaders;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code migrate}'s build check, in-process: exit code and stderr asserted exactly. The compiles
 * are real (gcc and pyenv's headers are on this machine and in CI; without them these tests fail).
 * A failing output is provoked through {@code --cflags}, so the tests do not wait for a transform bug:
 * {@code -DFoo_slots=} breaks only the migrated text, which is the only one that names {@code Foo_slots}.
 */
class MigrateBuildCheckTest {
    /** A module whose migrated text builds cleanly; it takes its type's doc from a header beside it. */
    private static final String MODULE = """
            #include "Python.h"
            #include "helper.h"

            typedef struct {
                PyObject_HEAD
            } FooObject;

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "foo.Foo",
                .tp_doc = FOO_DOC,
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
    private static final String HELPER = "#define FOO_DOC \"a Foo\"\n";

    @TempDir
    Path dir;
    Path file;
    StringWriter out;
    StringWriter err;

    @BeforeAll
    static void headersAreInstalled() {
        PythonHeaders.Lookup found = PythonHeaders.find(new ProcessRunner(), "", 11,
                PythonHeaders.pyenvVersions(System.getenv(), System.getProperty("user.home")));
        if (found instanceof PythonHeaders.NotFound nf) {
            fail("the build check needs the headers of a CPython 3.11 or newer (pyenv's, or python3's): " + nf.reason());
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        out = new StringWriter();
        err = new StringWriter();
        file = dir.resolve("foo.c");
        Files.writeString(file, MODULE);
        Files.writeString(dir.resolve("helper.h"), HELPER);
    }

    private int run(String... args) {
        return run(new MigrateCommand(), args);
    }

    private int run(MigrateCommand command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private String shown(Path p) {
        return MigrateCommand.display(p);
    }

    @Test
    void theFilesFolderIsOnTheIncludePath() throws Exception {
        // contract: "helper.h" beside the file resolves: the input builds, the output passes, nothing is said
        assertEquals(0, run("--in-place", file.toString()));
        assertEquals("", err.toString());
        assertTrue(Files.readString(file).contains("static PyType_Spec Foo_spec = {"));
        assertTrue(Files.readString(file).contains("{Py_tp_doc, (void *)FOO_DOC},"));
    }

    @Test
    void outputThatDoesNotBuildIsNotWritten() throws Exception {
        // contract: --in-place: one positioned error with the compiler's first message, exit 1, file untouched
        assertEquals(1, run("--in-place", "--cflags", "-DFoo_slots=", file.toString()));
        assertEquals(shown(file) + ":8:29: error: migrated output does not build: expected identifier or '(' "
                + "before '[' token [build-check-failed]\n", err.toString());
        assertEquals(MODULE, Files.readString(file));
        assertEquals("", out.toString());
    }

    @Test
    void outputThatDoesNotBuildIsNotCopiedEither() throws Exception {
        // contract: --output: the failing file is not written; the others still are
        Path other = dir.resolve("sub/bar.c");
        Files.createDirectories(other.getParent());
        Files.writeString(other, MODULE.replace("#include \"helper.h\"\n", "").replace("FOO_DOC", "\"a Bar\"")
                .replace("Foo", "Bar").replace("foo", "bar"));
        Path o = dir.resolveSibling(dir.getFileName() + "-out"); // beside the input: --output may not lie inside it
        assertEquals(1, run("--output", o.toString(), "--cflags", "-DFoo_slots=", dir.toString()));
        assertEquals(shown(file) + ":8:29: error: migrated output does not build: expected identifier or '(' "
                + "before '[' token [build-check-failed]\n"
                + "heapify: " + shown(file) + ": failed\n"
                + "heapify: " + shown(other) + ": migrated, 1 of 1 type objects migrated\n"
                + "heapify: 2 files: 1 migrated, 0 partly migrated, 0 left unchanged, 0 nothing to do, 1 failed; "
                + "1 of 2 type objects migrated\n", err.toString());
        assertFalse(Files.exists(o.resolve("foo.c")));
        assertTrue(Files.readString(o.resolve("sub/bar.c")).contains("Bar_spec"));
    }

    @Test
    void newWarningIsNotWritten() throws Exception {
        // contract: the output warns where the input did not (-Wpedantic on PyType_Slot's void *): error, exit 1
        assertEquals(1, run("--in-place", "--cflags", "-Wpedantic", file.toString()));
        assertEquals(shown(file) + ":10:17: error: migrated output warns where the input did not: ISO C forbids "
                + "initialization between function pointer and 'void *' [-Wpedantic] [build-check-new-warning]\n",
                err.toString());
        assertEquals(MODULE, Files.readString(file));
    }

    @Test
    void inputThatDoesNotBuildIsSaidOnceAndWritten() throws Exception {
        // contract: inputs that do not build with these flags: one note for the run, every file still written
        String broken = "#include \"missing.h\"\n" + MODULE;
        Files.writeString(file, broken);
        Path second = dir.resolve("foo2.c");
        Files.writeString(second, broken);
        assertEquals(0, run("--in-place", dir.toString()));
        assertEquals("heapify: note: build check skipped where the input does not build with these flags, first "
                + shown(file) + ":1:10: missing.h: No such file or directory\n"
                + "heapify: " + shown(file) + ": migrated, 1 of 1 type objects migrated\n"
                + "heapify: " + shown(second) + ": migrated, 1 of 1 type objects migrated\n"
                + "heapify: 2 files: 2 migrated, 0 partly migrated, 0 left unchanged, 0 nothing to do, 0 failed; "
                + "2 of 2 type objects migrated\n", err.toString());
        assertTrue(Files.readString(file).contains("Foo_spec"));
        assertTrue(Files.readString(second).contains("Foo_spec"));
    }

    @Test
    void anUnknownCompilerFlagMakesEveryInputFail() throws Exception {
        // contract: a flag gcc rejects fails the input too: said once, naming gcc's complaint; written
        assertEquals(0, run("--in-place", "--cflags", "-Wsuch-warning-flag -DFoo_slots=", file.toString()));
        assertEquals("heapify: note: build check skipped where the input does not build with these flags, first '"
                + shown(file) + "': gcc: unrecognized command-line option '-Wsuch-warning-flag'\n", err.toString());
        assertTrue(Files.readString(file).contains("Foo_slots"));
    }

    @Test
    void noBuildCheckWritesWithoutCompiling() throws Exception {
        // contract: --no-build-check: the flags that break the output change nothing; written, exit 0
        assertEquals(0, run("--in-place", "--no-build-check", "--cflags", "-DFoo_slots=", file.toString()));
        assertEquals("", err.toString());
        assertTrue(Files.readString(file).contains("Foo_slots"));
    }

    @Test
    void noCompilerIsANoteAndTheFileIsWritten() throws Exception {
        // contract: no compiler: one note, the check is off for the run, exit code unaffected
        MigrateCommand command = new MigrateCommand();
        command.buildCheck.compiler = List.of("heapify-no-such-cc");
        assertEquals(0, run(command, "--in-place", "--cflags", "-DFoo_slots=", file.toString()));
        assertEquals("heapify: note: build check skipped: no C compiler 'heapify-no-such-cc' found\n", err.toString());
        assertTrue(Files.readString(file).contains("Foo_slots"));
    }

    @Test
    void noHeadersIsANoteAndTheFileIsWritten() throws Exception {
        // contract: an interpreter that cannot be run: one note, written, exit 0
        Path missing = dir.resolve("no-python");
        assertEquals(0, run("--in-place", "--python", missing.toString(), "--cflags", "-DFoo_slots=", file.toString()));
        assertEquals("heapify: note: build check skipped: no Python '" + missing + "' found\n", err.toString());
        assertTrue(Files.readString(file).contains("Foo_slots"));
    }

    @Test
    void theDiffAndCheckSkipTheBuildCheck() throws Exception {
        // contract: dry runs write nothing and do not compile: the breaking flags have no effect
        assertEquals(0, run("--cflags", "-DFoo_slots=", file.toString()));
        assertTrue(out.toString().contains("+static PyType_Slot Foo_slots[] = {"), out.toString());
        assertFalse(err.toString().contains("build"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(1, run("--check", "--cflags", "-DFoo_slots=", file.toString()));
        assertEquals(shown(file) + ": would be migrated\n", err.toString());
    }

    @Test
    void badCflagsAreAUsageError() throws Exception {
        // contract: an unterminated quote in --cflags is a usage error before any file is touched
        assertEquals(2, run("--in-place", "--cflags", "-I'include", file.toString()));
        assertTrue(err.toString().startsWith("--cflags: unterminated ' in '-I'include'\n"), err.toString());
        assertEquals(MODULE, Files.readString(file), "nothing is written after a usage error");
    }

    @Test
    void cflagsSplitLikeAShell() {
        // contract: blanks separate; quotes and backslashes keep blanks inside a word
        assertEquals(List.of("-I", "include", "-DFOO"), BuildCheckOptions.split("-I include -DFOO"));
        assertEquals(List.of("-DNAME=\"a b\"", "-Ix y"), BuildCheckOptions.split("'-DNAME=\"a b\"'  -Ix\\ y"));
        assertEquals(List.of("-DQ=\"\\", "-D"), BuildCheckOptions.split("\"-DQ=\\\"\\\\\" -D"));
        assertEquals(List.of(), BuildCheckOptions.split("  \t "));
        assertThrows(IllegalArgumentException.class, () -> BuildCheckOptions.split("-D\"x"));
        assertThrows(IllegalArgumentException.class, () -> BuildCheckOptions.split("-Dx\\"));
    }
}
