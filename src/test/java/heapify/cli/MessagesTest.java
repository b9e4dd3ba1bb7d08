package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.cli.TestModules.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code migrate} says (issue #11, item 6): the lexer's and parser's findings, no control
 * characters from sources on stderr, and no temporary file left for good by an interrupted run.
 */
class MessagesTest {
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
    void unterminatedCharAndUnclosedIfAreReportedByMigrate() throws IOException {
        // contract: the lexer's and parser's findings reach migrate: an error leaves the file unchanged (exit 1);
        // an #if without #endif is a warning and the module is still migrated
        Path c = write("c.c", MODULE.replace("PyObject *m;", "PyObject *m; char q = 'x;"));
        Run r = run("migrate", c.toString());
        assertEquals(1, r.code());
        assertEquals(c + ":24:27: error: missing terminating ' character [unterminated-char]\n"
                + "     PyObject *m; char q = 'x;\n"
                + "                           ^\n", r.err());
        assertEquals("", r.out());
        Path i = write("i.c", MODULE + "#ifdef EXTRA\nstatic int extra;\n");
        Run w = run("migrate", i.toString());
        assertEquals(0, w.code(), w.err());
        assertEquals(i + ":40:1: warning: #ifdef without #endif [unmatched-directive]\n #ifdef EXTRA\n ^\n"
                + "heapify: 1 file(s) would change; apply with --in-place or --output DIR\n", w.err());
        assertTrue(w.out().contains("+static PyType_Spec Foo_spec = {"));
    }

    @Test
    void controlCharactersFromTheSourceAreEscapedOnStderr() throws IOException {
        // contract: an escape sequence on the reported line reaches the terminal as text
        Path x = write("x.c", "/* \u001b[2J\u001b]0;owned\u0007 */ static int f(void) {\n");
        Run r = run("migrate", x.toString());
        assertEquals(1, r.code());
        assertEquals(x + ":1:41: error: '{' is never closed [unbalanced-brackets]\n"
                + " /* \\x1b[2J\\x1b]0;owned\\x07 */ static int f(void) {\n"
                + "                                                  ^\n", r.err());
        assertFalse(r.err().contains("\u001b"));
    }

    @Test
    void temporaryFilesOfAnInterruptedRunAreRemovedOnTheNextWrite() throws IOException {
        // contract: a run killed at the rename leaves .x.c.heapify-tmp-N; the next write of x.c removes it
        Path x = write("x.c", MODULE);
        Path stale = write(".x.c.heapify-tmp-123456", "half a file");
        Path other = write(".y.c.heapify-tmp-123456", "another file's leftover");
        Run r = run("migrate", "--in-place", x.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(other), "only the leftovers of the file written");
        assertEquals(List.of("", ".y.c.heapify-tmp-123456", "x.c"), TestModules.tree(dir));
    }
}
