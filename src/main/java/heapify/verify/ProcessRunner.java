package heapify.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs external commands with a timeout, capturing standard output and error into files.
 * On timeout the whole process tree is destroyed.
 */
public final class ProcessRunner {
    /**
     * Runs {@code command} in {@code dir} with {@code extraEnv} added to the inherited environment
     * (a null value removes a variable). Output goes to {@code <outPrefix>.out} and
     * {@code <outPrefix>.err}.
     */
    public ProcessResult run(List<String> command, Map<String, String> extraEnv, Path dir, Path outPrefix,
                             Duration timeout) {
        Path out = outPrefix.resolveSibling(outPrefix.getFileName() + ".out");
        Path err = outPrefix.resolveSibling(outPrefix.getFileName() + ".err");
        try {
            Files.createDirectories(out.getParent());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            extraEnv.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            long start = System.nanoTime();
            Process p = pb.start();
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new ProcessResult(List.copyOf(command), finished ? p.exitValue() : -1, !finished, out, err,
                    elapsed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
