package heapify.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The helper programs and files the checks need, built or extracted once per interpreter and
 * work directory: the embedding host, the subinterpreter host, {@code sizeof(PyTypeObject)},
 * and the Python snippets shipped as resources under {@code heapify/verify/}.
 */
public final class HostTools {
    /** Resource with the embedding host's C source. */
    public static final String EMBED_HOST = "embed_host.c";
    /** Resource with the subinterpreter host's C source. */
    public static final String SUBINTERP_HOST = "subinterp_host.c";
    /** Resource: the generic per-cycle snippet (instantiate every type of the module). */
    public static final String EMBED_GENERIC = "embed_generic.py";
    /** Resource: the launcher that checks the built module is imported, then runs a test script. */
    public static final String RUN_TEST_SCRIPT = "run_test_script.py";
    /** Resource: the probe run in the main interpreter and a subinterpreter. */
    public static final String SUBINTERP_PROBE = "subinterp_probe.py";

    private static final String SIZEOF_PROGRAM = """
            #include <Python.h>
            #include <stdio.h>
            int main(void) { printf("%zu\\n", sizeof(PyTypeObject)); return 0; }
            """;

    private final ProcessRunner runner;
    private final Path dir;
    private final Map<String, Object> cache = new HashMap<>();

    /** Tools kept under {@code dir} (typically {@code target/verify/tools}). */
    public HostTools(ProcessRunner runner, Path dir) {
        this.runner = runner;
        this.dir = dir;
    }

    /** The embedding host built against {@code py}'s libpython. */
    public Path embedHost(Interpreter py) {
        return memo("embed:" + py.label(), () -> buildHost(py, EMBED_HOST, "embed_host"));
    }

    /** The subinterpreter host built against {@code py}'s libpython. */
    public Path subinterpHost(Interpreter py) {
        return memo("subinterp:" + py.label(), () -> buildHost(py, SUBINTERP_HOST, "subinterp_host"));
    }

    /** {@code sizeof(PyTypeObject)} for {@code py}'s headers, from a compiled and run C program. */
    public long typeObjectSize(Interpreter py) {
        return memo("sizeof:" + py.label(), () -> {
            Path d = dir.resolve(py.label());
            Path src = write(d.resolve("sizeof_type.c"), SIZEOF_PROGRAM);
            Path exe = d.resolve("sizeof_type");
            ProcessResult cc = runner.run(List.of("gcc", "-I" + py.includeDir(), "-o", exe.toString(), src.toString()),
                    Map.of(), d, d.resolve("sizeof_type.build"), Duration.ofMinutes(2));
            if (!cc.ok()) {
                throw new IllegalStateException("cannot build sizeof probe for " + py + ": " + cc.tail(2000));
            }
            ProcessResult run = runner.run(List.of(exe.toString()), Map.of(), d, d.resolve("sizeof_type.run"),
                    Duration.ofSeconds(30));
            if (!run.ok()) {
                throw new IllegalStateException("sizeof probe failed for " + py + ": " + run.tail(2000));
            }
            return Long.parseLong(run.stdoutText().trim());
        });
    }

    /** A resource of this package copied to the tools directory. */
    public Path resource(String name) {
        return memo("resource:" + name, () -> {
            try (InputStream in = HostTools.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource heapify/verify/" + name);
                }
                Path out = dir.resolve(name);
                Files.createDirectories(dir);
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Writes {@code text} to {@code file}, creating parent directories. */
    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path buildHost(Interpreter py, String resource, String name) {
        Path src = resource(resource);
        Path d = dir.resolve(py.label());
        Path exe = d.resolve(name);
        List<String> cmd = List.of("gcc", "-O0", "-g", "-Wall", "-Wextra", "-Wno-unused-parameter",
                "-Wno-missing-field-initializers", "-I" + py.includeDir(), "-o", exe.toString(), src.toString(),
                "-L" + py.libDir(), "-l" + py.libName(), "-Wl,-rpath," + py.libDir());
        ProcessResult r = runner.run(cmd, Map.of(), dir, d.resolve(name + ".build"), Duration.ofMinutes(2));
        if (!r.ok()) {
            throw new IllegalStateException("cannot build " + name + " for " + py + ": " + r.tail(3000));
        }
        return exe;
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> T memo(String key, Supplier<T> compute) {
        Object v = cache.get(key);
        if (v == null) {
            v = compute.get();
            cache.put(key, v);
        }
        return (T) v;
    }
}
