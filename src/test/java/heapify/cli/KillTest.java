package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate --in-place} over a batch of at least 50 files, run as a real process and killed
 * with SIGKILL at {@link #KILLS} seeded random moments of its run: after each kill every file is
 * byte for byte either its original or its fully migrated text (the output of one clean run), and
 * the next run finishes the batch and leaves no temporary file ({@code .NAME.heapify-tmp-DIGITS},
 * see {@code apply.AtomicWriter}). {@code -Dkill.seed=S} (default 11) sets the moments.
 */
@Tag("slow")
class KillTest {
    static final int KILLS = 20;
    static final int COPIES = 4;
    static final long RUN_SECONDS = 300;

    @TempDir
    Path dir;

    @Test
    void killedBatchLeavesEveryFileWhollyOldOrWhollyNew() throws Exception {
        Map<String, byte[]> original = inputs();
        Path clean = dir.resolve("clean");
        write(clean, original);
        long[] window = new long[2]; // ms from start to the first write and to the last, 50 ms either side
        int code = timedRun(clean, window);
        assertTrue(code == 0 || code == 1, "a clean run exits 0 or 1, not " + code);
        Map<String, byte[]> migrated = read(clean);
        assertEquals(original.keySet(), migrated.keySet(), "a clean run leaves exactly the input files");
        long changing = original.keySet().stream().filter(n -> !Bytes.same(original.get(n), migrated.get(n))).count();
        assertTrue(changing >= 50, "at least 50 files change, not " + changing);

        Random random = new Random(Long.getLong("kill.seed", 11));
        int leftTemps = 0;
        int partial = 0;
        List<Integer> newCounts = new ArrayList<>();
        for (int k = 0; k < KILLS; k++) {
            Path tree = dir.resolve("kill" + k);
            write(tree, original);
            // a moment between the clean run's first write and its end: the batch is being written
            long delay = window[0] + random.nextInt((int) Math.max(1, window[1] - window[0]));
            Process p = start(tree);
            boolean finished = p.waitFor(delay, TimeUnit.MILLISECONDS);
            p.destroyForcibly();
            assertTrue(p.waitFor(RUN_SECONDS, TimeUnit.SECONDS), "the killed process ends");
            int fresh = 0;
            for (Map.Entry<String, byte[]> f : original.entrySet()) {
                byte[] now = Files.readAllBytes(tree.resolve(f.getKey()));
                boolean old = Bytes.same(now, f.getValue());
                boolean isNew = Bytes.same(now, migrated.get(f.getKey()));
                assertTrue(old || isNew, "kill " + k + " after " + delay + " ms: " + f.getKey()
                        + " is neither its original nor its migrated text");
                fresh += isNew && !old ? 1 : 0;
            }
            int temps = temps(tree).size();
            leftTemps += temps;
            if (!finished && fresh > 0 && fresh < changing) {
                partial++;
            }
            newCounts.add(fresh);
            int again = run(tree);
            assertTrue(again == 0 || again == 1, "the run after kill " + k + " exits 0 or 1, not " + again);
            assertEquals(List.of(), temps(tree), "no temporary file after the run that follows kill " + k);
            for (Map.Entry<String, byte[]> f : migrated.entrySet()) {
                assertArrayEquals(f.getValue(), Files.readAllBytes(tree.resolve(f.getKey())),
                        "after kill " + k + " and a second run, " + f.getKey() + " is migrated");
            }
        }
        System.out.printf("kill: %d files (%d changing), clean run writes from %d to %d ms, %d kills with SIGKILL, migrated files at each "
                        + "kill %s, %d kills mid-batch, %d temporary files left by kills, 0 after the next runs, "
                        + "0 files neither old nor new%n",
                original.size(), changing, window[0], window[1], KILLS, newCounts, partial, leftTemps);
    }

    /** Each example's module {@link #COPIES} times under distinct names, in one folder. */
    static Map<String, byte[]> inputs() throws IOException {
        Path examples = Path.of(System.getProperty("heapify.root", "."), "examples");
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(examples, 2)) {
            for (Path c : files.filter(f -> f.toString().endsWith(".c")).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(c);
                for (int i = 0; i < COPIES; i++) {
                    out.put(String.format("c%d_%s", i, c.getFileName()), bytes);
                }
            }
        }
        return out;
    }

    static void write(Path tree, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(tree);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(tree.resolve(f.getKey()), f.getValue());
        }
    }

    static Map<String, byte[]> read(Path tree) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(tree)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    static List<String> temps(Path tree) throws IOException {
        try (Stream<Path> files = Files.list(tree)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".heapify-tmp-")).sorted().toList();
        }
    }

    /** Runs migrate on {@code tree}, noting when the first file changed and when the run ended. */
    static int timedRun(Path tree, long[] window) throws Exception {
        Map<Path, java.nio.file.attribute.FileTime> before = new TreeMap<>();
        try (Stream<Path> files = Files.list(tree)) {
            for (Path f : files.toList()) {
                before.put(f, Files.getLastModifiedTime(f));
            }
        }
        long start = System.nanoTime();
        Process p = start(tree);
        window[0] = -1;
        int seen = 0;
        while (p.isAlive()) {
            int changed = changed(before);
            long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (changed > seen) {
                window[0] = seen == 0 ? now : window[0];
                window[1] = now;
                seen = changed;
            }
            Thread.sleep(2);
        }
        if (seen == 0) {
            window[1] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
        window[0] = Math.max(0, window[0] - 50);
        window[1] += 50;
        return p.exitValue();
    }

    private static int changed(Map<Path, java.nio.file.attribute.FileTime> before) throws IOException {
        int n = 0;
        for (Map.Entry<Path, java.nio.file.attribute.FileTime> f : before.entrySet()) {
            if (!Files.getLastModifiedTime(f.getKey()).equals(f.getValue())) {
                n++;
            }
        }
        return n;
    }

    static int run(Path tree) throws Exception {
        Process p = start(tree);
        assertTrue(p.waitFor(RUN_SECONDS, TimeUnit.SECONDS), "migrate --in-place finishes");
        return p.exitValue();
    }

    /** The real CLI in its own JVM, on this test's class path. */
    static Process start(Path tree) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "heapify.cli.Main", "migrate", "--in-place", "--no-build-check", tree.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static final class Bytes {
        static boolean same(byte[] a, byte[] b) {
            return java.util.Arrays.equals(a, b);
        }
    }
}
