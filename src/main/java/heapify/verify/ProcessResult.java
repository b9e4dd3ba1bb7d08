package heapify.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of one finished (or killed) process, with its output kept in files.
 *
 * @param command  the command line
 * @param exitCode the exit status; -1 if the process was killed on timeout
 * @param timedOut true if the timeout expired and the process tree was killed
 * @param stdout   file holding standard output
 * @param stderr   file holding standard error
 * @param elapsed  wall-clock time
 */
public record ProcessResult(List<String> command, int exitCode, boolean timedOut, Path stdout, Path stderr,
                            Duration elapsed) {
    /** True if the process exited by itself with status 0. */
    public boolean ok() {
        return !timedOut && exitCode == 0;
    }

    /** Standard output as text (malformed bytes replaced). */
    public String stdoutText() {
        return read(stdout);
    }

    /** Standard error as text (malformed bytes replaced). */
    public String stderrText() {
        return read(stderr);
    }

    /** The last {@code maxChars} characters of stdout and stderr, for failure messages. */
    public String tail(int maxChars) {
        String all = stdoutText() + stderrText();
        return all.length() <= maxChars ? all : "..." + all.substring(all.length() - maxChars);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
