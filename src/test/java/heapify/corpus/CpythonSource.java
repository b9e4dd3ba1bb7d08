package heapify.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Obtains the CPython 3.11.2 source tree for corpus tests through the shared harness script
 * {@code ../shared/harness/stdlib/get-source.sh DIR} (Debian's source package, unpacked once
 * into a cache directory outside the repository and reused between runs).
 *
 * <p>Where things are: the repository root is the system property {@code heapify.root} (set by
 * surefire); the shared directory is {@code $HEAPIFY_SHARED}, else {@code <root>/../shared}; the cache is {@code $HEAPIFY_CPYTHON_CACHE}, else
 * {@code $HOME/.cache/heapify/cpython}. The script prints the source root on its last line.
 */
public final class CpythonSource {
    private CpythonSource() {
    }

    /** The shared directory: {@code $HEAPIFY_SHARED}, else {@code <root>/../shared}. */
    public static Path sharedDir() {
        Path repo = Path.of(System.getProperty("heapify.root", ".")).toAbsolutePath().normalize();
        String env = System.getenv("HEAPIFY_SHARED");
        return env != null && !env.isEmpty() ? Path.of(env) : repo.resolveSibling("shared");
    }

    public static Path root() {
        Path shared = sharedDir();
        Path script = shared.resolve("harness/stdlib/get-source.sh");
        String cacheEnv = System.getenv("HEAPIFY_CPYTHON_CACHE");
        Path cache = cacheEnv != null && !cacheEnv.isEmpty() ? Path.of(cacheEnv)
                : Path.of(System.getProperty("user.home"), ".cache", "heapify", "cpython");
        try {
            Process p = new ProcessBuilder("bash", script.toString(), cache.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(script + " " + cache + " failed: " + out);
            }
            List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
            Path root = Path.of(lines.get(lines.size() - 1).strip());
            if (!Files.isRegularFile(root.resolve("Include/Python.h"))) {
                throw new IllegalStateException("not a CPython source root: " + root);
            }
            return root;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every .c and .h file below {@code dir}, sorted. */
    public static List<Path> cFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".c") || f.toString().endsWith(".h"))
                    .sorted().toList();
        }
    }

    /** A path relative to the source root with '/' separators, as the oracles write them. */
    public static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
