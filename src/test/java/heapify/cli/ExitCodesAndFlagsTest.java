package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import heapify.cli.TestModules.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flags and exit codes every command shares (issue #11, item 4): {@code --version} on each
 * subcommand, a strict {@code --target}, and one exit code for a file that is not C text.
 */
class ExitCodesAndFlagsTest {
    @TempDir
    Path dir;

    private static final String MODULE = TestModules.FOO;

    private static Run run(String... args) {
        return TestModules.run(args);
    }

    private Path write(String name, String text) throws IOException {
        return TestModules.write(dir, name, text);
    }

    @Test
    void everyCommandPrintsTheVersion() {
        // contract: "heapify migrate --version" answers as "heapify --version" does
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"scan", "--version"},
                new String[] {"migrate", "--version"}, new String[] {"verify", "--version"})) {
            Run r = run(args);
            assertEquals(0, r.code(), String.join(" ", args));
            assertEquals("heapify 0.1.0\n", r.out(), String.join(" ", args));
            assertEquals("", r.err());
        }
    }

    @Test
    void targetWithALeadingZeroIsRejected() throws IOException {
        // contract: "3.09" is not quietly taken for 3.9
        Path x = write("x.c", MODULE);
        Run r = run("migrate", "--target", "3.09", x.toString());
        assertEquals(2, r.code());
        assertEquals("heapify: error: --target must be 3.9 to 3.14, not '3.09'\n"
                + "Try 'heapify migrate --help' for more information.\n", r.err());
        assertEquals(0, run("migrate", "--target", "3.10", x.toString()).code());
    }

    @Test
    void binaryFileIsAnIoErrorInMigrateAsInScan() throws IOException {
        // contract: NUL bytes: exit 2 in both commands, the same diagnostic
        Path bin = dir.resolve("bin.c");
        Files.write(bin, new byte[] {'i', 'n', 't', 0, ';'});
        String expected = bin + ": error: file contains NUL bytes; not a C source file [binary-file]\n";
        Run m = run("migrate", bin.toString());
        assertEquals(2, m.code());
        assertEquals(expected, m.err());
        Run s = run("scan", bin.toString());
        assertEquals(2, s.code());
        assertEquals(expected, s.err());
    }
}
