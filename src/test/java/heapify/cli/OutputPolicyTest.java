package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import heapify.cli.TestModules.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate --output} refuses, before writing anything, what would lose data (issue #11,
 * item 1): two inputs for one copy, an output inside the input tree, a copy over an input.
 */
class OutputPolicyTest {
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
    void twoInputsForOneOutputFileAreRefused() throws IOException {
        // contract: a/x.c and b/x.c would both become out/x.c: exit 2, one line, nothing written
        Path a = write("a/x.c", MODULE);
        Path b = write("b/x.c", MODULE);
        Path out = dir.resolve("out");
        Run r = run("migrate", "--output", out.toString(), a.toString(), b.toString());
        assertEquals(2, r.code());
        assertEquals("heapify: error: --output '" + out + "' would write '" + out.resolve("x.c") + "' for both '"
                + a + "' and '" + b + "'; nothing written\n", r.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void outputInsideTheInputFolderIsRefused() throws IOException {
        // contract: the originals' folder, or a folder under it, is no place for the copies
        write("src/x.c", MODULE);
        Path src = dir.resolve("src");
        for (Path out : List.of(src, src.resolve("out"))) {
            Run r = run("migrate", "--output", out.toString(), src.toString());
            assertEquals(2, r.code());
            assertEquals("heapify: error: --output '" + out + "' lies inside the input folder '" + src
                    + "'; nothing written\n", r.err());
        }
        assertEquals(List.of("", "x.c"), TestModules.tree(src));
        assertEquals(MODULE, Files.readString(src.resolve("x.c")));
    }

    @Test
    void outputThatWouldOverwriteAnInputFileIsRefused() throws IOException {
        // contract: --output with the file's own folder would replace the original
        Path x = write("x.c", MODULE);
        Run r = run("migrate", "--output", dir.toString(), x.toString());
        assertEquals(2, r.code());
        assertEquals("heapify: error: --output '" + dir + "' would overwrite the input '" + x
                + "'; nothing written\n", r.err());
        assertEquals(MODULE, Files.readString(x));
    }
}
