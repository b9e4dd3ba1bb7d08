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
}
