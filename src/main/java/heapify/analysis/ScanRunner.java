package heapify.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scans many files on a fixed pool of {@code jobs} threads. Files are independent, so each is one
 * task, submitted largest first; the reports come back in the order of the given paths, whatever
 * order the tasks finish in.
 */
public final class ScanRunner {
    private ScanRunner() {
    }

    private static long sizeOf(Path p) {
        try {
            return java.nio.file.Files.isRegularFile(p) ? java.nio.file.Files.size(p) : 0;
        } catch (java.io.IOException e) {
            return 0; // the scan itself reports the file
        }
    }

    public static ScanReport scan(List<Path> files, int jobs) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1: " + jobs);
        }
        if (jobs == 1 || files.size() <= 1) {
            List<ScanFileReport> out = new ArrayList<>();
            for (Path p : files) {
                out.add(ScanAnalyzer.scan(p));
            }
            return ScanReport.of(out);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, files.size()), r -> {
            Thread t = new Thread(r, "heapify-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            // largest files first, so that no thread is left with a big file while the others idle
            List<Integer> order = new ArrayList<>();
            long[] sizes = new long[files.size()];
            for (int i = 0; i < files.size(); i++) {
                order.add(i);
                sizes[i] = sizeOf(files.get(i));
            }
            order.sort((a, b) -> Long.compare(sizes[b], sizes[a]));
            List<Future<ScanFileReport>> futures = new ArrayList<>(java.util.Collections.nCopies(files.size(), null));
            for (int i : order) {
                Path p = files.get(i);
                futures.set(i, pool.submit(() -> ScanAnalyzer.scan(p)));
            }
            List<ScanFileReport> out = new ArrayList<>();
            for (Future<ScanFileReport> f : futures) {
                out.add(f.get());
            }
            return ScanReport.of(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scan interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("scan task failed", e.getCause()); // ScanAnalyzer never throws
        } finally {
            pool.shutdownNow();
        }
    }
}
