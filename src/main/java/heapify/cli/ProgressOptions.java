package heapify.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --no-progress} option of {@code migrate}, and when a batch shows its progress line:
 * only when stderr is a terminal, the batch has more than one file, and the diff is not being
 * printed to that terminal too. Pipes, files and the test runner never see a progress byte.
 */
public final class ProgressOptions {
    @Option(names = "--no-progress", description = "no progress line on stderr (shown only when stderr is a "
            + "terminal and several files are migrated)")
    boolean noProgress;

    /** The progress line for a batch of {@code files}: a silent one unless {@link #shows} says so. */
    Progress progress(PrintWriter err, int files, boolean printsDiff) {
        return new Progress(err, shows(noProgress, stderrIsTerminal(), System.console() != null, printsDiff, files));
    }

    /** The decision, from what is known about the run. */
    static boolean shows(boolean noProgress, boolean stderrTerminal, boolean stdoutTerminal, boolean printsDiff,
                         int files) {
        return !noProgress && stderrTerminal && files > 1 && !(printsDiff && stdoutTerminal)
                && !"dumb".equals(System.getenv("TERM"));
    }

    /** fd 2 is a terminal device (Linux: /proc/self/fd/2 names a tty); elsewhere, the JVM has a console. */
    static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
                return false;
            }
        }
        return System.console() != null;
    }
}
