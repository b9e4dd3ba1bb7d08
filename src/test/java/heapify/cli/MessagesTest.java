package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import heapify.cli.TestModules.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code migrate} says (issue #11, item 6): I/O failures with their reason, no control
 * characters from sources or names on stderr, the lexer's and parser's findings, and no
 * temporary file left for good by an interrupted run.
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
    void writeFailureGivesTheReason() throws IOException {
        // contract: not "cannot write: <temp path>": the destination and why
        Path x = write("x.c", MODULE);
        write("blocker", "a file where --output wants a folder");
        Path out = dir.resolve("blocker/out");
        Run r = run("migrate", "--output", out.toString(), x.toString());
        assertEquals(2, r.code());
        assertEquals(x + ": error: cannot write '" + out.resolve("x.c") + "': not a directory: '" + out
                + "' [unwritable-file]\n", r.err());
    }

    @Test
    void readFailureGivesTheReason() {
        // contract: not "cannot read: X": why (a regular file of /proc whose read fails with EIO)
        Path mem = Path.of("/proc/self/mem");
        assumeTrue(Files.isRegularFile(mem), "Linux /proc");
        Run r = run("migrate", mem.toString());
        assertEquals(2, r.code());
        assertEquals("/proc/self/mem: error: cannot read: input/output error [unreadable-file]\n", r.err());
        Run missing = run("migrate", dir.resolve("nope.c").toString());
        assertEquals(2, missing.code());
        assertEquals(dir.resolve("nope.c") + ": error: no such file or directory [unreadable-file]\n", missing.err());
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
    void lineBreakInAFileNameDoesNotSplitTheDiagnostic() throws IOException {
        // contract: one diagnostic, one line
        Path x = write("x\ny.c", "int a;\n#endif\n" + MODULE);
        Run r = run("migrate", "--check", x.toString());
        assertEquals(dir + "/x\\x0ay.c:2:1: warning: #endif without #if [unmatched-directive]\n"
                + " #endif\n ^\n" + dir + "/x\\x0ay.c: would be migrated\n", r.err());
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

    @Test
    void unterminatedCharAndUnclosedIfAreReportedByMigrate() throws IOException {
        // contract: the lexer's and parser's findings reach migrate: an error leaves the file unchanged (exit 1);
        // an #if without #endif is a warning (exit 1, as for every warning) and the module is still migrated
        Path c = write("c.c", MODULE.replace("PyObject *m;", "PyObject *m; char q = 'x;"));
        Run r = run("migrate", c.toString());
        assertEquals(1, r.code());
        assertEquals(c + ":24:27: error: missing terminating ' character [unterminated-char]\n"
                + "     PyObject *m; char q = 'x;\n"
                + "                           ^\n", r.err());
        assertEquals("", r.out());
        Path i = write("i.c", MODULE + "#ifdef EXTRA\nstatic int extra;\n");
        Run w = run("migrate", i.toString());
        assertEquals(1, w.code(), w.err());
        assertEquals(i + ":40:1: warning: #ifdef without #endif [unmatched-directive]\n #ifdef EXTRA\n ^\n"
                + "heapify: 1 file(s) would change; apply with --in-place or --output DIR\n", w.err());
        assertTrue(w.out().contains("+static PyType_Spec Foo_spec = {"));
    }
}
