package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.verify.Interpreter;
import heapify.verify.Interpreters;
import heapify.verify.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heapify verify} for a package, in-process: each reason it cannot start is one stderr line
 * and exit 2; in the slow tier, one public corpus package end to end.
 */
class VerifyPackageTest {
    @TempDir
    Path dir;

    private static final Path ROOT = Path.of(System.getProperty("heapify.root", ".")).toAbsolutePath();

    /** A one-module package {@code tiny} whose C file is {@code text}; returns the tree. */
    private Path tinyPackage(String text) throws IOException {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("src"));
        Files.writeString(tree.resolve("src/tiny.c"), text, StandardCharsets.UTF_8);
        return tree;
    }

    private ScanCommandTest.Run verifyTiny(Path tree, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--tree", tree.toString(), "--module", "tiny",
                "--sources", "src/tiny.c", "--test-command", "$PY -c 'import tiny'", "--work",
                dir.resolve("work").toString()));
        args.addAll(List.of(more));
        return ScanCommandTest.run(args.toArray(String[]::new));
    }

    private static final String GOOD = "#include <Python.h>\nstatic struct PyModuleDef d = {PyModuleDef_HEAD_INIT, \"tiny\"};\n"
            + "PyMODINIT_FUNC PyInit_tiny(void) { return PyModule_Create(&d); }\n";

    /** The label verify gives pyenv's newest 3.11 (3.11.7 here). */
    private Interpreter eleven() {
        return new Interpreters(new ProcessRunner(), dir.resolve("probe")).discover().stream()
                .filter(py -> !py.debug() && py.minor() == 11).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void missingCompilerIsOneLine() throws IOException {
        // contract: a compiler that does not exist is named, exit 2, nothing built
        ScanCommandTest.Run r = verifyTiny(tinyPackage(GOOD), "--cc", "/nonexistent/heapify-cc");
        assertEquals("heapify: error: no C compiler '/nonexistent/heapify-cc' found [no-compiler]\n", r.err());
        assertEquals(2, r.code());
        assertEquals("", r.out());
    }

    @Test
    void unknownPythonIsOneLine() throws IOException {
        // contract: --python 3.99 names what is installed, exit 2
        List<String> installed = new Interpreters(new ProcessRunner(), dir.resolve("probe")).discover().stream()
                .map(Interpreter::label).toList();
        ScanCommandTest.Run r = verifyTiny(tinyPackage(GOOD), "--python", "3.99");
        assertEquals("heapify: error: no CPython '3.99' found (installed: " + String.join(", ", installed)
                + ") [no-interpreter]\n", r.err());
        assertEquals(2, r.code());
    }

    @Test
    void pythonWithoutHeadersIsOneLine() throws IOException {
        // contract: an interpreter whose include folder has no Python.h is refused before any build
        Path include = Files.createDirectories(dir.resolve("fake/include"));
        Path fake = dir.resolve("fake/python3.12");
        Files.writeString(fake, "#!/bin/sh\nprintf 'version=3.12.1\\nprefix=%s\\ninclude=%s\\nlibdir=%s\\n"
                + "ldlibrary=libpython3.12.so\\ndebug=0\\n' " + dir.resolve("fake") + " " + include + " "
                + dir.resolve("fake") + "\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        ScanCommandTest.Run r = verifyTiny(tinyPackage(GOOD), "--python", fake.toString());
        assertEquals("heapify: error: no 'Python.h' in " + include + " (the headers of CPython 3.12.1, " + fake
                + ") [missing-headers]\n", r.err());
        assertEquals(2, r.code());
    }

    @Test
    void missingLibraryHeaderIsOneLine() throws IOException {
        // contract: a module that needs a header nobody installed is named with the header, exit 2
        ScanCommandTest.Run r = verifyTiny(tinyPackage("#include <heapify_no_such_header.h>\n" + GOOD), "--python", "3.11");
        assertEquals("heapify: error: tiny: 'tiny' does not build on " + eleven().label()
                + ": header 'heapify_no_such_header.h' not found (is the library's -dev package installed?)"
                + " [missing-headers]\n", r.err());
        assertEquals(2, r.code());
        assertEquals("", r.out());
    }

    @Test
    void packageThatDoesNotBuildBeforeMigrationIsOneLine() throws IOException {
        // contract: gcc's first error, the module and the interpreter on one line, exit 2, nothing measured
        ScanCommandTest.Run r = verifyTiny(tinyPackage("#error heapify test: this package does not build\n" + GOOD),
                "--python", "3.11");
        assertEquals("heapify: error: tiny: 'tiny' does not build on " + eleven().label() + " before migration: "
                + "src/tiny.c:1:2: error: #error heapify test: this package does not build [build-failed-before]\n",
                r.err());
        assertEquals(2, r.code());
        assertEquals("", r.out());
    }

    @Test
    void unknownPackageIsOneLine() throws IOException {
        // contract: a name the table does not have lists the ones it has
        Path table = ROOT.resolve("corpus/public.tsv");
        ScanCommandTest.Run r = ScanCommandTest.run("verify", "--package", table + ":numpy", "--tree",
                tinyPackage(GOOD).toString(), "--work", dir.toString());
        assertEquals(table + ": error: no package 'numpy' (the table has audit, python-cffi, rpm, mercurial, pygame, "
                + "pillow) [bad-package]\n", r.err());
        assertEquals(2, r.code());
    }

    @Test
    @Tag("slow")
    void auditOfThePublicCorpusEndToEnd() throws Exception {
        // contract: the small control package is fetched, built, tested and probed before and after
        // migration on 3.11, and no fact is violated
        Path work = Path.of(System.getProperty("user.home"), ".cache", "heapify", "corpus");
        Path tree = work.resolve("src/audit");
        if (!Files.isDirectory(tree)) {
            Path shared = Path.of(System.getenv().getOrDefault("HEAPIFY_SHARED", ROOT.resolve("../shared").toString()));
            ProcessBuilder pb = new ProcessBuilder(shared.resolve("corpus/corpus.sh").toString(), "fetch", "audit")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("fetch.log").toFile());
            pb.environment().put("WORK", work.toString());
            Process p = pb.start();
            p.getOutputStream().close();
            assertEquals(0, p.waitFor(), () -> read(dir.resolve("fetch.log")));
        }
        ScanCommandTest.Run r = ScanCommandTest.run("verify", "--package", ROOT.resolve("corpus/public.tsv") + ":audit",
                "--tree", tree.toString(), "--python", "3.11", "--json", "--work", dir.resolve("work").toString());
        System.out.println(r.out());
        assertEquals(0, r.code(), r.err() + r.out());
        String json = r.out();
        assertTrue(json.contains("\"package\": \"audit\"") && json.contains("\"debian_version\": \"1:3.0.9-1\""), json);
        assertTrue(json.contains("\"violations\": []"), json);
        // before migration: 2 static type objects, shared with a legacy subinterpreter; its suite passes,
        // also after a subinterpreter imported the module (the hook ran)
        String before = json.substring(json.indexOf("\"before\": {"), json.indexOf("\"after\": {"));
        assertTrue(before.contains("\"static_types_in_so\": 2,"), before);
        assertTrue(before.contains("\"shared\": [\"AuEvent\", \"AuParser\", \"NoParser\"]"), before);
        assertTrue(before.matches("(?s).*\"tests\": \\{\\s*\"exit\": 0,\\s*\"passed\": 1,\\s*\"failed\": 0,.*"), before);
        assertTrue(before.matches("(?s).*\"tests_after_subinterpreter\": \\{\\s*\"exit\": 0,\\s*\"passed\": 1,.*"
                + "\"round_trips\": 1,.*"), before);
        String after = json.substring(json.indexOf("\"after\": {"));
        assertTrue(after.matches("(?s).*\"tests\": \\{\\s*\"exit\": 0,\\s*\"passed\": 1,\\s*\"failed\": 0,.*"), after);
        assertTrue(after.contains("\"new_warnings\": []"), after);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
