package heapify.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link LineMap}: lines end after '\n', "\r\n" or a lone '\r', with or without a '\r' in the text. */
class LineMapTest {
    /** Line and column of each offset, counted char by char. */
    private static int[][] counted(String text) {
        int[][] out = new int[text.length() + 1][];
        int line = 1;
        int col = 1;
        for (int i = 0; i <= text.length(); i++) {
            out[i] = new int[] {line, col};
            if (i == text.length()) {
                break;
            }
            char c = text.charAt(i);
            boolean ends = c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n');
            line += ends ? 1 : 0;
            col = ends ? 1 : col + 1;
        }
        return out;
    }

    @Test
    void everyOffsetHasTheLineAndColumnCountedCharByChar() {
        String[] pieces = {"a", "\n", "\r", "\r\n", "\u00e9", "\u2026", " ", "\n\n"};
        Random random = new Random(7);
        for (int n = 0; n < 3000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(10); k > 0; k--) {
                b.append(pieces[random.nextInt(n % 2 == 0 ? 2 : pieces.length)]); // half without '\r'
            }
            String text = b.toString();
            LineMap map = new LineMap(text);
            int[][] want = counted(text);
            for (int i = 0; i <= text.length(); i++) {
                assertEquals(want[i][0], map.line(i), text + " @" + i);
                assertEquals(want[i][1], map.column(i), text + " @" + i);
            }
        }
        assertEquals(3, new LineMap("a\nb\nc").line(4));
        assertEquals(3, new LineMap("a\r\nb\rc").line(5));
    }
}
