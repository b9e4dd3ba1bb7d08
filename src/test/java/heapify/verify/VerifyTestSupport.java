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
            "module-globals", "no-tp-new", "helper-needs-state", "python-subclass", "capsule-left", "metaclass-left");

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

    /**
     * The example directories the slow tests build: all of {@link #exampleDirs()}, or those named
     * in the system property {@code heapify.verify.examples} (comma-separated directory names, for
     * a quick run on a few examples; a name without a directory fails). The selection is printed,
     * so a filtered run cannot pass for a full one unnoticed.
     */
    static List<Path> selectedExampleDirs() {
        List<Path> all = exampleDirs();
        String names = System.getProperty("heapify.verify.examples", "").strip();
        if (names.isEmpty()) {
            return all;
        }
        List<Path> out = new ArrayList<>();
        for (String n : names.split("\\s*,\\s*")) {
            Path dir = all.stream().filter(d -> d.getFileName().toString().equals(n)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("-Dheapify.verify.examples: no example " + n));
            out.add(dir);
        }
        System.out.println("heapify.verify: only the examples " + names + " (-Dheapify.verify.examples), "
                + out.size() + " of " + all.size());
        return List.copyOf(out);
    }

    /**
     * What heapify must do with the example: {@code expect=} of its {@code example.properties},
     * {@code migrated} (the default: the golden output is a complete migration) or
     * {@code unchanged} (heapify must leave the file as it is and say why; the golden output is
     * the input byte for byte).
     */
    static String expect(Path exampleDir) {
        java.util.Properties p = new java.util.Properties();
        try (java.io.Reader r = Files.newBufferedReader(exampleDir.resolve("example.properties"))) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("expect", "migrated").strip();
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
