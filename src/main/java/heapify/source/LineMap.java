package heapify.source;

import java.util.Arrays;

/**
 * Maps UTF-16 offsets of a text to 1-based lines and columns. A line ends after '\n', after
 * "\r\n", or after a lone '\r'. Columns count UTF-16 units from 1, as gcc counts bytes from 1.
 */
public final class LineMap {
    private final int[] lineStarts;
    private final String text;

    public LineMap(String text) {
        this.text = text;
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        if (text.indexOf('\r') < 0) {
            // every line ends with '\n': found by indexOf, not by a charAt per char (2 % of a
            // whole-tree run, a LineMap of each file for its diagnostics and its summary)
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
            this.lineStarts = Arrays.copyOf(starts, n);
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, n);
    }

    /** 1-based line of the offset. */
    public int line(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /** 1-based column of the offset. */
    public int column(int offset) {
        return offset - lineStarts[line(offset) - 1] + 1;
    }

    /** Offset of the first character of the 1-based line. */
    public int lineStart(int line) {
        return lineStarts[line - 1];
    }

    public int lineCount() {
        return lineStarts.length;
    }

    /** The text of the 1-based line without its line ending. */
    public String lineText(int line) {
        int s = lineStarts[line - 1];
        int e = line < lineStarts.length ? lineStarts[line] : text.length();
        while (e > s && (text.charAt(e - 1) == '\n' || text.charAt(e - 1) == '\r')) {
            e--;
        }
        return text.substring(s, e);
    }
}
