package heapify.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
    @Test
    void usesAAndBPaths() {
        // contract: git-style a/ and b/ headers, so `git apply` / `patch -p1` take the diff
        String d = UnifiedDiff.of("Modules/x.c", "a\nb\nc\n", "a\nB\nc\n");
        assertEquals("--- a/Modules/x.c\n+++ b/Modules/x.c\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n", d);
    }

    @Test
    void equalTextsGiveNoDiff() {
        assertEquals("", UnifiedDiff.of("x.c", "same\n", "same\n"));
    }

    @Test
    void crlfLinesKeepTheirCarriageReturns() {
        // contract: a CRLF file's diff shows CRLF lines, so applying it keeps CRLF
        String d = UnifiedDiff.of("x.c", "a\r\nb\r\n", "a\r\nc\r\n");
        assertTrue(d.contains("-b\r\n+c\r\n"), d);
    }

    @Test
    void aLastLineWithoutLineBreakIsMarked() {
        // contract: diff(1)'s marker follows a last line without '\n', on the side that lacks it
        assertEquals("--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n"
                + "\\ No newline at end of file\n", UnifiedDiff.of("x.c", "a\nb", "a\nc"));
        assertEquals("--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
                UnifiedDiff.of("x.c", "a\nb", "a\nb\n"), "gaining a final line break is a change the diff shows");
    }

    @Test
    void pathsAreQuotedAsGitQuotesThem() {
        // contract: a line break in a name cannot break the header; C escapes, octal UTF-8 bytes
        assertEquals("\"a/x\\ny.c\"", UnifiedDiff.header("a/x\ny.c"));
        assertEquals("\"a/caf\\303\\251 \\\"q\\\\.c\"", UnifiedDiff.header("a/caf\u00e9 \"q\\.c"));
        assertEquals("a/my file.c\t", UnifiedDiff.header("a/my file.c"), "git's tab after a name with a space");
        assertEquals("a/plain.c", UnifiedDiff.header("a/plain.c"));
        assertTrue(UnifiedDiff.of("x\ny.c", "a\n", "b\n").startsWith("--- \"a/x\\ny.c\"\n+++ \"b/x\\ny.c\"\n"));
    }
}
