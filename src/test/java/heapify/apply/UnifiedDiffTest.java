package heapify.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

    /** The diff from the edits and the whole-file diff of the same texts. */
    private static void sameAsWholeFile(String before, Edit... edits) {
        EditSet set = new EditSet();
        for (Edit e : edits) {
            set.add(e);
        }
        String after = FileMigrator.keepMissingFinalNewline(before, set.apply(before));
        assertEquals(UnifiedDiff.of("x.c", before, after), UnifiedDiff.of("x.c", before, after, set.sorted(), 0));
    }

    private static Edit edit(int start, int end, String text) {
        return new Edit(new heapify.source.Span(start, end), text, "test");
    }

    @Test
    void theDiffFromEditsIsTheWholeFileDiff() {
        // window by window (what a file too big for Myers on the whole gets), the hunks are still
        // what Myers on the whole file gives where the changes are apart
        String file = "a\n\nb\n\nc\nd\n\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\no\np\nq\nr\ns\n\nt\n";
        sameAsWholeFile(file, edit(3, 3, "x\n\n"));                     // insertion beside a blank line
        sameAsWholeFile(file, edit(0, 2, ""), edit(file.length(), file.length(), "\nend\n"));
        sameAsWholeFile(file, edit(5, 7, "C\nD\n"), edit(40, 44, "\n\n"), edit(44, 44, "ins\n"));
        sameAsWholeFile("a\nb\nc", edit(5, 5, "\nd\n"));               // no line break at the end, kept
        sameAsWholeFile("a\r\nb\r\n", edit(3, 4, "B"));
        sameAsWholeFile("", edit(0, 0, "new\n"));
    }

    @Test
    void aBlockOfEditedLinesIsComparedInWindows() {
        // a block of edited lines (an init function with thousands of statements) is cut between
        // the lines the edits touch into windows of about CAP lines, not compared as one run whose
        // Myers cost grows with its square; the diff still turns the one text into the other
        StringBuilder b = new StringBuilder();
        EditSet set = new EditSet();
        for (int i = 0; i < 500; i++) {
            set.add(edit(b.length(), b.length() + 1, "X"));
            b.append("x").append(i).append('\n');
        }
        String before = b.toString();
        String after = set.apply(before);
        String diff = UnifiedDiff.of("x.c", before, after, set.sorted(), 0);
        List<String> lines = List.of(diff.split("\n", -1));
        assertEquals("@@ -1,500 +1,500 @@", lines.get(2));
        StringBuilder old = new StringBuilder();
        StringBuilder now = new StringBuilder();
        int blocks = 0;
        for (int i = 3; i < lines.size() - 1; i++) {
            String l = lines.get(i);
            if (!l.startsWith("+")) {
                old.append(l.substring(1)).append('\n');
            }
            if (!l.startsWith("-")) {
                now.append(l.substring(1)).append('\n');
            }
            blocks += l.startsWith("-") && lines.get(i - 1).startsWith("+") ? 1 : 0;
        }
        assertEquals(before, old.toString());
        assertEquals(after, now.toString());
        assertTrue(blocks >= 500 / UnifiedDiff.CAP, diff);
    }

    @Test
    void theWindowDiffGivesMyersDeltas() {
        // contract: the banded Myers of the windows gives the deltas java-diff-utils' Myers gives,
        // with its ties: where a change sits among equal lines ("{", "}", blank), which lines a
        // change delta pairs, for windows that mostly insert, mostly remove or both
        Random r = new Random(12);
        String[] words = {"{\n", "}\n", "\n", "x\n", "    }\n", "y\n"};
        for (int round = 0; round < 4000; round++) {
            int kinds = 2 + round % 4;
            List<String> a = new ArrayList<>();
            for (int n = r.nextInt(round % 7 == 0 ? 40 : 12); n > 0; n--) {
                a.add(words[r.nextInt(kinds)]);
            }
            List<String> b = new ArrayList<>(a);
            for (int n = r.nextInt(round % 3 == 0 ? 60 : 15); n > 0; n--) {
                int op = r.nextInt(round % 2 == 0 ? 1 : 3);
                if (op == 0 || b.isEmpty()) {
                    b.add(r.nextInt(b.size() + 1), words[r.nextInt(words.length)]);
                } else if (op == 1) {
                    b.remove(r.nextInt(b.size()));
                } else {
                    b.set(r.nextInt(b.size()), words[r.nextInt(words.length)]);
                }
            }
            assertEquals(deltas(DiffUtils.diff(a, b).getDeltas()), deltas(UnifiedDiff.myers(a, b)), a + " -> " + b);
            assertEquals(deltas(DiffUtils.diff(b, a).getDeltas()), deltas(UnifiedDiff.myers(b, a)), b + " -> " + a);
        }
    }

    private static List<String> deltas(List<AbstractDelta<String>> ds) {
        List<String> out = new ArrayList<>();
        for (AbstractDelta<String> d : ds) {
            out.add(d.getType() + " " + d.getSource() + " " + d.getTarget());
        }
        return out;
    }
}
