package heapify.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import heapify.apply.FileMigrator;
import heapify.render.Renderer;
import heapify.source.SourceReader;
import heapify.source.SourceText;
import heapify.transform.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Slow tier: CPython 3.11.2's xx, xxsubtype and _zoneinfo (never committed; found under
 * {@code -Dheapify.cpython=DIR}, default /work/cache/cpython/Python-3.11.2) migrate idempotently
 * and the output builds with gcc against the 3.11 headers without a warning.
 */
@Tag("slow")
class RealModulesTest {
    private static final Path SRC = Path.of(System.getProperty("heapify.cpython", "/work/cache/cpython/Python-3.11.2"));
    private static final Path PY311 = Path.of(System.getProperty("heapify.py311",
            "/root/.pyenv/versions/3.11.7/include/python3.11"));

    @ParameterizedTest
    @ValueSource(strings = {"xxmodule.c", "xxsubtype.c", "_zoneinfo.c"})
    void migratesAndBuildsWithoutWarnings(String file) throws Exception {
        Path in = SRC.resolve("Modules").resolve(file);
        assumeTrue(Files.exists(in) && Files.isDirectory(PY311), "CPython source or headers not here");
        SourceText src = ((SourceReader.Read) SourceReader.read(in)).source();
        FileMigrator m = new FileMigrator(Renderer.forWorkingTree(), Options.DEFAULT);
        FileMigrator.Result r = m.migrate(src, "Modules/" + file);
        assertEquals(List.of(), r.formattedDiagnostics().stream().filter(d -> d.contains(": error: ") || d.contains(": warning: ")).toList());
        FileMigrator.Result second = m.migrate(new SourceText(in, r.output(), src.charset()), file);
        assertEquals(r.output(), second.output(), "a second run changes nothing");
        assertEquals(List.of(), second.formattedDiagnostics().stream().filter(d -> d.contains(": error: ")).toList());
        Path dir = Files.createTempDirectory("heapify-real");
        Path c = dir.resolve(file);
        Files.write(c, src.encode(r.output()));
        Process p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-std=c11", "-Wall", "-Wextra",
                "-Wno-unused-parameter", "-Wno-missing-field-initializers", "-DPy_BUILD_CORE_MODULE",
                "-I" + PY311, "-I" + PY311.resolve("internal"), "-I" + SRC.resolve("Modules"), c.toString(),
                "-o", dir.resolve("m.so").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(120, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        assertEquals("", out, "no warnings");
    }
}
