package heapify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BuildCheck} and {@link PythonHeaders} on hand-written before/after texts, compiled by the
 * real gcc against the real headers of an installed CPython (both are on this machine and in CI; a
 * missing one fails the test, it is never skipped).
 */
class BuildCheckTest {
    private static final String BEFORE = """
            #include <Python.h>

            static PyObject *
            answer(PyObject *module, PyObject *unused)
            {
                return PyLong_FromLong(42);
            }
            """;

    private static List<String> pythonFlags;

    @TempDir
    Path dir;

    @BeforeAll
    static void findHeaders() {
        PythonHeaders.Lookup found = PythonHeaders.find(new ProcessRunner(), "", 11,
                PythonHeaders.pyenvVersions(System.getenv(), System.getProperty("user.home")));
        if (found instanceof PythonHeaders.NotFound nf) {
            fail("the build check needs the headers of a CPython 3.11 or newer (pyenv's, or python3's): " + nf.reason());
        }
        pythonFlags = ((PythonHeaders.Found) found).headers().flags();
    }

    private BuildCheckResult check(String name, String before, String after, String... userFlags) throws Exception {
        List<String> flags = new java.util.ArrayList<>(pythonFlags);
        flags.addAll(List.of(userFlags));
        BuildCheck check = new BuildCheck(new ProcessRunner(), List.of("gcc"), flags, dir, BuildCheck.TIMEOUT);
        assertEquals(Optional.empty(), check.unavailable(), "gcc must be installed");
        return check.check(dir.resolve(name), before.getBytes(StandardCharsets.UTF_8),
                after.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void identicalTextsPass() throws Exception {
        // contract: a file that builds cleanly and is unchanged passes
        BuildCheckResult r = check("m.c", BEFORE, BEFORE);
        assertEquals(new BuildCheckResult(BuildCheckResult.Outcome.PASSED, List.of()), r);
        assertTrue(r.admits());
    }

    @Test
    void outputThatDoesNotCompileFails() throws Exception {
        // contract: an error in the output is reported with its text and its place in the migrated text
        String after = BEFORE.replace("return PyLong_FromLong(42);", "return PyLong_FromLong(fortytwo);");
        BuildCheckResult r = check("m.c", BEFORE, after);
        assertEquals(BuildCheckResult.Outcome.OUTPUT_FAILS, r.outcome());
        assertTrue(!r.admits());
        CompilerMessage m = r.first();
        assertEquals("'fortytwo' undeclared (first use in this function)", m.text());
        assertEquals("error", m.kind());
        assertEquals("", m.origin());
        assertEquals(6, m.fileLine());
        assertEquals(28, m.fileColumn());
    }

    @Test
    void newWarningFails() throws Exception {
        // contract: an unused variable only the output has is a new warning, with gcc's option
        String after = BEFORE.replace("    return PyLong_FromLong(42);", "    int unused_x;\n    return PyLong_FromLong(42);");
        BuildCheckResult r = check("m.c", BEFORE, after);
        assertEquals(BuildCheckResult.Outcome.NEW_WARNING, r.outcome());
        assertEquals(List.of("unused variable 'unused_x' [-Wunused-variable]"),
                r.messages().stream().map(CompilerMessage::describe).toList());
        assertEquals(6, r.first().fileLine());
    }

    @Test
    void warningTheInputHadToo() throws Exception {
        // contract: a warning of the input, moved by the migration, is not new; a second copy of it is
        String before = BEFORE.replace("    return PyLong_FromLong(42);", "    int x;\n    return PyLong_FromLong(42);");
        String moved = "/* a comment\n   of three lines\n*/\n" + before;
        assertEquals(BuildCheckResult.Outcome.PASSED, check("m.c", before, moved).outcome());
        String twice = moved + before.substring(before.indexOf("static")).replace("answer", "answer2")
                + "PyObject *use(void) { return answer(NULL, NULL) ? answer2(NULL, NULL) : NULL; }\n";
        BuildCheckResult r = check("m.c", before, twice);
        assertEquals(BuildCheckResult.Outcome.NEW_WARNING, r.outcome());
        assertEquals("unused variable 'x'", r.first().text());
        assertEquals(15, r.first().fileLine(), "the second copy, in answer2");
    }

    @Test
    void inputThatDoesNotCompileIsNotCompared() throws Exception {
        // contract: when the input fails with these flags the output is not judged
        String before = "#include \"missing.h\"\n" + BEFORE;
        BuildCheckResult r = check("m.c", before, before + "int broken(\n");
        assertEquals(BuildCheckResult.Outcome.INPUT_FAILS, r.outcome());
        assertTrue(r.admits());
        assertEquals("missing.h: No such file or directory", r.first().text());
        assertEquals("fatal error", r.first().kind());
        assertEquals(1, r.first().fileLine());
    }

    @Test
    void theFilesOwnFolderResolvesQuotedIncludes() throws Exception {
        // contract: #include "helper.h" and "clinic/m.c.h" beside the file resolve, though the copy compiles elsewhere
        Files.writeString(dir.resolve("helper.h"), "#define ANSWER 42\n");
        Files.createDirectories(dir.resolve("clinic"));
        Files.writeString(dir.resolve("clinic/m.c.h"), "#define ANSWER_DOC \"the answer\"\n");
        String before = BEFORE.replace("#include <Python.h>\n",
                "#include <Python.h>\n#include \"helper.h\"\n#include \"clinic/m.c.h\"\n").replace("(42)", "(ANSWER)");
        assertEquals(BuildCheckResult.Outcome.PASSED, check("m.c", before, before + "\n").outcome());
        Files.delete(dir.resolve("helper.h"));
        assertEquals(BuildCheckResult.Outcome.INPUT_FAILS, check("m.c", before, before).outcome(),
                "without helper.h the same text does not build: it was found beside the file");
    }

    @Test
    void anErrorInAHeaderPointsAtItsInclude() throws Exception {
        // contract: a message inside a header names the header and points at the #include in the file
        Files.writeString(dir.resolve("bad.h"), "\nint broken(;\n");
        String after = BEFORE + "\n#include \"bad.h\"\n";
        BuildCheckResult r = check("m.c", BEFORE, after);
        assertEquals(BuildCheckResult.Outcome.OUTPUT_FAILS, r.outcome());
        CompilerMessage m = r.first();
        assertEquals(dir.resolve("bad.h").toString(), m.origin());
        assertEquals(2, m.line());
        assertEquals(9, m.fileLine());
        assertTrue(m.describe().startsWith(dir.resolve("bad.h") + ":2:"), m.describe());
    }

    @Test
    void userFlagsReachTheCompiler() throws Exception {
        // contract: --cflags come after the Python flags: a -D the code needs makes it build
        String before = BEFORE.replace("(42)", "(ANSWER)");
        assertEquals(BuildCheckResult.Outcome.INPUT_FAILS, check("m.c", before, before).outcome());
        assertEquals(BuildCheckResult.Outcome.PASSED, check("m.c", before, before, "-DANSWER=42").outcome());
    }

    @Test
    void aMissingCompilerIsNamed() {
        // contract: a compiler that cannot be started is a reason, not an exception
        BuildCheck check = new BuildCheck(new ProcessRunner(), List.of("heapify-no-such-cc"), List.of(), dir,
                BuildCheck.TIMEOUT);
        assertEquals(Optional.of("no C compiler 'heapify-no-such-cc' found"), check.unavailable());
    }

    @Test
    void aCompilerThatHangsIsStoppedAndTheCheckNotRun() {
        // contract: past the timeout the compile is killed; the file is neither passed nor failed
        BuildCheck check = new BuildCheck(new ProcessRunner(), List.of("sh", "-c", "sleep 30"), List.of(), dir,
                java.time.Duration.ofMillis(300));
        BuildCheckResult r = check.check(dir.resolve("m.c"), new byte[0], new byte[0]);
        assertEquals(new BuildCheckResult(BuildCheckResult.Outcome.NOT_RUN,
                List.of(CompilerMessage.unplaced("note", "the compiler did not finish within 300 ms"))), r);
        assertTrue(r.admits());
    }

    @Test
    void parseReadsGccsLines() {
        // contract: positions, kinds and options are read; notes and include chains only place messages
        String tmp = "/tmp/x/before/m.c";
        String out = String.join("\n",
                "In file included from /tmp/x/before/m.c:3:",
                "/src/h.h:2:9: warning: unused variable 'y' [-Wunused-variable]",
                "/tmp/x/before/m.c: In function 'f':",
                "/tmp/x/before/m.c:12:5: error: 'q' undeclared (first use in this function)",
                "/tmp/x/before/m.c:12:5: note: each undeclared identifier is reported only once",
                "<command-line>: error: expected identifier or '(' before numeric constant",
                "/tmp/x/before/m.c:20:7: note: in expansion of macro 'Foo_spec'",
                "/src/h.h:4:1: warning: 'z' defined but not used [-Wunused-function]",
                "gcc: error: unrecognized command-line option '-Wfoo'");
        assertEquals(List.of(
                new CompilerMessage("/src/h.h", 2, 9, "warning", "unused variable 'y'", "-Wunused-variable", 3, 0),
                new CompilerMessage("", 12, 5, "error", "'q' undeclared (first use in this function)", "", 12, 5),
                new CompilerMessage("<command-line>", 0, 0, "error", "expected identifier or '(' before numeric constant",
                        "", 20, 7),
                new CompilerMessage("/src/h.h", 4, 1, "warning", "'z' defined but not used", "-Wunused-function", 3, 0),
                new CompilerMessage("gcc", 0, 0, "error", "unrecognized command-line option '-Wfoo'", "", 0, 0)),
                BuildCheck.parse(out, tmp, "m.c"));
    }

    @Test
    void warningsAreComparedAsMultisets() {
        // contract: equal keys cancel one for one, whatever their lines; the rest of the output's are new
        CompilerMessage x3 = new CompilerMessage("", 3, 5, "warning", "unused variable 'x'", "-Wunused-variable", 3, 5);
        CompilerMessage x9 = new CompilerMessage("", 9, 5, "warning", "unused variable 'x'", "-Wunused-variable", 9, 5);
        CompilerMessage x20 = new CompilerMessage("", 20, 5, "warning", "unused variable 'x'", "-Wunused-variable", 20, 5);
        CompilerMessage err = new CompilerMessage("", 1, 1, "error", "e", "", 1, 1);
        assertEquals(List.of(), BuildCheck.newWarnings(List.of(x3), List.of(x9)));
        assertEquals(List.of(x20), BuildCheck.newWarnings(List.of(x3), List.of(x9, x20)));
        assertEquals(List.of(), BuildCheck.newWarnings(List.of(x3, x9), List.of(err, x20)));
    }

    // ---- PythonHeaders ---------------------------------------------------------------------------

    @Test
    void pyenvRootComesFromTheEnvironmentElseHome() {
        assertEquals(Path.of("/opt/pyenv/versions"), PythonHeaders.pyenvVersions(Map.of("PYENV_ROOT", "/opt/pyenv"), "/h"));
        assertEquals(Path.of("/h/.pyenv/versions"), PythonHeaders.pyenvVersions(Map.of(), "/h"));
    }

    @Test
    void newestPyenvPicksTheNewestMatchingVersion() throws Exception {
        // contract: newest minor, then newest patch, among X.Y.Z folders with an executable python3.Y
        for (String v : List.of("3.9.18", "3.12.1", "3.12.10", "3.13.0t", "3.14.0")) {
            Path bin = Files.createDirectories(dir.resolve(v).resolve("bin"));
            if (!v.equals("3.14.0")) {
                Path exe = Files.writeString(bin.resolve("python3." + v.split("\\.")[1].replace("t", "")), "");
                Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        assertEquals(Optional.of(dir.resolve("3.12.10/bin/python3.12")), PythonHeaders.newestPyenv(dir, m -> m >= 11));
        assertEquals(Optional.of(dir.resolve("3.9.18/bin/python3.9")), PythonHeaders.newestPyenv(dir, m -> m == 9));
        assertEquals(Optional.empty(), PythonHeaders.newestPyenv(dir, m -> m >= 13), "3.14.0 has no python3.14");
        assertEquals(Optional.empty(), PythonHeaders.newestPyenv(dir.resolve("nope"), m -> true));
    }

    @Test
    void headersComeFromTheInterpretersSysconfig() {
        // contract: the found folder holds Python.h, and the interpreter is at least the target
        PythonHeaders.Lookup found = PythonHeaders.find(new ProcessRunner(), "", 11,
                PythonHeaders.pyenvVersions(System.getenv(), System.getProperty("user.home")));
        PythonHeaders h = ((PythonHeaders.Found) found).headers();
        assertTrue(h.minor() >= 11, h.toString());
        assertTrue(Files.isRegularFile(h.includeDirs().get(0).resolve("Python.h")), h.toString());
    }

    @Test
    void unusableInterpretersAreReasons() {
        // contract: a missing interpreter, version or too old a Python is said, never thrown
        Path versions = dir.resolve("versions");
        assertEquals(new PythonHeaders.NotFound("no Python '/nonexistent/python3' found"),
                PythonHeaders.find(new ProcessRunner(), "/nonexistent/python3", 11, versions));
        assertEquals(new PythonHeaders.NotFound("no CPython 3.12 under " + versions),
                PythonHeaders.find(new ProcessRunner(), "3.12", 11, versions));
        PythonHeaders.Lookup newest = PythonHeaders.find(new ProcessRunner(), "", 11,
                PythonHeaders.pyenvVersions(System.getenv(), System.getProperty("user.home")));
        PythonHeaders h = ((PythonHeaders.Found) newest).headers();
        assertEquals(new PythonHeaders.NotFound("'" + h.python() + "' is CPython 3." + h.minor()
                        + ", older than the target 3." + (h.minor() + 1)),
                PythonHeaders.find(new ProcessRunner(), h.python(), h.minor() + 1, versions));
    }
}
