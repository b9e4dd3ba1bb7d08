package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress line of a batch: exact bytes on a terminal, none anywhere else. */
class ProgressTest {
    @TempDir
    Path dir;

    @Test
    void lineNamesDoneAndTotal() {
        // contract: the text users see, "heapify: DONE/TOTAL files"
        assertEquals("heapify: 37/121 files", Progress.line(37, 121));
    }

    @Test
    void lineIsRewrittenInPlaceAndBlankedOutBeforeOtherOutput() {
        // contract: \r rewrites the line, a longer earlier line is padded away, clear leaves the cursor at column 0
        StringWriter s = new StringWriter();
        Progress p = new Progress(new PrintWriter(s), true);
        p.show(10, 10);
        p.show(9, 10);
        p.clear();
        p.clear(); // nothing on screen: nothing to blank
        p.show(1, 2);
        assertEquals("\rheapify: 10/10 files\rheapify: 9/10 files \r" + " ".repeat(20) + "\r\rheapify: 1/2 files",
                s.toString());
    }

    @Test
    void aSilentLinePrintsNothing() {
        StringWriter s = new StringWriter();
        Progress p = new Progress(new PrintWriter(s), false);
        p.show(1, 2);
        p.clear();
        assertEquals("", s.toString());
    }

    @Test
    void shownOnlyForABatchOnATerminalNotSharedWithTheDiff() {
        // contract: --no-progress, a pipe on stderr, one file, or a diff printed to the same terminal: no line
        assertTrue(ProgressOptions.shows(false, true, false, true, 2) || "dumb".equals(System.getenv("TERM")));
        assertTrue(ProgressOptions.shows(false, true, true, false, 2) || "dumb".equals(System.getenv("TERM")));
        assertFalse(ProgressOptions.shows(true, true, false, false, 2));
        assertFalse(ProgressOptions.shows(false, false, false, false, 2));
        assertFalse(ProgressOptions.shows(false, true, false, false, 1));
        assertFalse(ProgressOptions.shows(false, true, true, true, 2));
    }

    @Test
    void aBatchOffATerminalPrintsNoProgressBytes() throws Exception {
        // contract: under the test runner stderr is a pipe: the batch's stderr is what --no-progress gives
        TestModules.write(dir, "a/foo.c", TestModules.FOO);
        TestModules.write(dir, "b/foo.c", TestModules.FOO);
        assertFalse(ProgressOptions.stderrIsTerminal());
        TestModules.Run r = TestModules.run("migrate", "--check", dir.toString());
        TestModules.Run quiet = TestModules.run("migrate", "--check", "--no-progress", dir.toString());
        assertEquals(1, r.code(), r.err());
        assertFalse(r.err().contains("\r"), r.err());
        assertFalse(r.err().contains(" files\r") || r.err().contains("/2 files"), r.err());
        assertEquals(quiet.err(), r.err());
    }
}
