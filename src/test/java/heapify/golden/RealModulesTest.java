package heapify.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.apply.FileMigrator;
import heapify.corpus.CpythonSource;
import heapify.render.Renderer;
import heapify.source.SourceReader;
import heapify.source.SourceText;
import heapify.transform.Options;
import heapify.verify.Interpreter;
import heapify.verify.Interpreters;
import heapify.verify.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Slow tier: CPython 3.11.2's xx, xxsubtype and _zoneinfo migrate without a warning, idempotently,
 * and the output builds with gcc against the 3.11 headers without a warning.
 *
 * <p>The source comes from {@link CpythonSource} like the corpus tests (fetched into the cache on
 * first use); the headers are those of pyenv's newest 3.11 release build, found by
 * {@link Interpreters} under {@code $PYENV_ROOT/versions}, else {@code ~/.pyenv/versions}. Neither
 * is optional: when one is missing the test fails and says what to install, so a CI run without
 * them is red rather than "skipped".
 */
@Tag("slow")
class RealModulesTest {
    private static Path src;
    private static Path py311;

    @BeforeAll
    static void findSourceAndHeaders() throws Exception {
        src = CpythonSource.root();
        String pyenvRoot = System.getenv("PYENV_ROOT");
        Path versions = pyenvRoot != null && !pyenvRoot.isEmpty() ? Path.of(pyenvRoot, "versions")
                : Path.of(System.getProperty("user.home"), ".pyenv", "versions");
        Path work = Files.createTempDirectory("heapify-real-interp");
        List<Interpreter> found = new Interpreters(new ProcessRunner(), work)
                .discover(versions, Path.of("/nonexistent-debug-python"));
        Interpreter py = found.stream().filter(i -> i.minor() == 11 && !i.debug()).findFirst()
                .orElseThrow(() -> new AssertionError("no CPython 3.11 release build under " + versions
                        + " (found " + found + "); install one (pyenv install 3.11.7) or set PYENV_ROOT"));
        py311 = py.includeDir();
        assertTrue(Files.isRegularFile(py311.resolve("Python.h")), "no Python.h in " + py311);
        assertTrue(Files.isDirectory(py311.resolve("internal")), "no internal headers in " + py311);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xxmodule.c", "xxsubtype.c", "_zoneinfo.c"})
    void migratesAndBuildsWithoutWarnings(String file) throws Exception {
        Path in = src.resolve("Modules").resolve(file);
        assertTrue(Files.isRegularFile(in), "missing " + in);
        SourceText source = ((SourceReader.Read) SourceReader.read(in)).source();
        FileMigrator m = new FileMigrator(Renderer.forWorkingTree(), Options.DEFAULT);
        FileMigrator.Result r = m.migrate(source, "Modules/" + file);
        assertTrue(r.changed(), file + " is migrated");
        assertTrue(r.complete(), file + " is migrated completely: " + r.formattedDiagnostics());
        assertEquals(List.of(), r.formattedDiagnostics().stream()
                .filter(d -> d.contains(": error: ") || d.contains(": warning: ")).toList());
        assertTrue(!r.output().matches("(?s).*static PyTypeObject \\w+ = \\{.*"), file + ": no static type left");
        FileMigrator.Result second = m.migrate(new SourceText(in, r.output(), source.charset()), file);
        assertEquals(r.output(), second.output(), "a second run changes nothing");
        assertEquals(List.of(), second.formattedDiagnostics().stream().filter(d -> d.contains(": error: ")).toList());
        Path dir = Files.createTempDirectory("heapify-real");
        Path c = dir.resolve(file);
        Files.write(c, source.encode(r.output()));
        Process p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-std=c11", "-Wall", "-Wextra",
                "-Wno-unused-parameter", "-Wno-missing-field-initializers", "-DPy_BUILD_CORE_MODULE",
                "-I" + py311, "-I" + py311.resolve("internal"), "-I" + src.resolve("Modules"), c.toString(),
                "-o", dir.resolve("m.so").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "gcc timed out");
        assertEquals(0, p.exitValue(), out);
        assertEquals("", out, "no warnings");
    }
}
