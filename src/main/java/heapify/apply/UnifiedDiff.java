package heapify.apply;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff between two texts with {@code a/} and {@code b/} paths, which GNU {@code patch}
 * and {@code git apply} apply to the file byte for byte:
 * <ul>
 * <li>lines are compared with their line breaks, and keep their own '\r', so a CRLF file diffs as
 *     CRLF lines; the diff's own line breaks are '\n';</li>
 * <li>a last line without a line break is followed by {@code \ No newline at end of file}, as
 *     diff(1) writes it, so "}" and "}\n" differ in the diff as they do in the file;</li>
 * <li>a path with a control character, a quote, a backslash or a non-ASCII character is quoted
 *     as git quotes it: {@code "a/x\ny.c"}, C escapes and octal bytes of its UTF-8 form. A path
 *     with a space gets a tab after it, as git writes it, so that patch reads the whole name.</li>
 * </ul>
 * The diff is text; the caller writes it in the file's own charset (see {@code BytesPrintWriter}).
 */
public final class UnifiedDiff {
    static final String NO_NEWLINE = "\\ No newline at end of file";

    private UnifiedDiff() {
    }

    /** The diff text, "" when the texts are equal. */
    public static String of(String path, String before, String after) {
        if (before.equals(after)) {
            return "";
        }
        List<String> a = lines(before);
        List<String> b = lines(after);
        Patch<String> patch = DiffUtils.diff(a, b);
        // a/ and b/ prefix a relative path, as git writes them: an absolute path loses its leading '/'
        String rel = path.startsWith("/") ? path.substring(1) : path;
        List<String> out = UnifiedDiffUtils.generateUnifiedDiff("a/" + rel, "b/" + rel, a, patch, 3);
        StringBuilder s = new StringBuilder();
        s.append("--- ").append(header("a/" + rel)).append('\n');
        s.append("+++ ").append(header("b/" + rel)).append('\n');
        for (String line : out.subList(2, out.size())) {
            s.append(line);
            if (line.startsWith("@@")) {
                s.append('\n');
            } else if (!line.endsWith("\n")) {
                s.append('\n').append(NO_NEWLINE).append('\n'); // the file's last line, without a line break
            }
        }
        return s.toString();
    }

    /** The lines of a text, each with its '\n' (the last one without, when the text has none). */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(s, i + 1));
                s = i + 1;
            }
        }
        if (s < text.length()) {
            out.add(text.substring(s));
        }
        return out;
    }

    /** A path for a {@code ---}/{@code +++} line: as it is, or quoted the way git quotes it. */
    static String header(String path) {
        boolean quote = false;
        for (int i = 0; i < path.length() && !quote; i++) {
            char c = path.charAt(i);
            quote = c < 0x20 || c == '"' || c == '\\' || c >= 0x7f;
        }
        if (!quote) {
            return path.indexOf(' ') >= 0 ? path + "\t" : path;
        }
        StringBuilder b = new StringBuilder("\"");
        for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            switch (c) {
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case 0x0b -> b.append("\\v");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        b.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
                                .append((char) ('0' + (c & 7)));
                    } else {
                        b.append((char) c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
