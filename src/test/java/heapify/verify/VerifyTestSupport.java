package heapify.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;

/** Paths and helpers shared by the heapify.verify tests. */
final class VerifyTestSupport {
    /** The feature directories every example set must contain. */
    static final List<String> REQUIRED_EXAMPLES = List.of("plain-type", "gc-type", "number-protocol",
            "sequence-mapping", "iterator", "buffer-protocol", "subclass-chain", "builtin-subclass", "dict-weakref",
            "module-globals", "no-tp-new", "helper-needs-state", "python-subclass");

    private VerifyTestSupport() {
    }

    /** The project root: system property {@code heapify.root} (set by surefire), else the working directory. */
    static Path root() {
        return Path.of(System.getProperty("heapify.root", System.getProperty("user.dir"))).toAbsolutePath();
    }

    /** {@code examples/<name>} directories that have an {@code example.properties}, sorted. */
    static List<Path> exampleDirs() {
        Path examples = root().resolve("examples");
        try (Stream<Path> s = Files.list(examples)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("example.properties"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A work directory under {@code target/verify}. */
    static Path workDir(String name) {
        return root().resolve("target").resolve("verify").resolve(name);
    }

    /** The positive control: plain-type migrated by hand. */
    static ModuleUnderTest positiveControl() {
        ModuleUnderTest plain = ModuleUnderTest.example(root().resolve("examples/plain-type"));
        return plain.withSource("control/hp_plain",
                root().resolve("src/test/resources/verify/positive-control/hp_plain.c"));
    }

    /** Applies {@code work} to each item on two threads (the machine has two cores), keeping order. */
    static <T, R> List<R> parallel(List<T> items, Function<T, R> work) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> work.apply(item)));
            }
            List<R> out = new ArrayList<>();
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
