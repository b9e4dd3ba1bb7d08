package heapify.apply;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff between two texts with {@code a/} and {@code b/} paths. Lines keep their own
 * '\r', so a CRLF file diffs as CRLF lines; the diff's own line breaks are '\n'.
 */
public final class UnifiedDiff {
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
        for (String line : out) {
            s.append(line).append('\n');
        }
        return s.toString();
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(s, i));
                s = i + 1;
            }
        }
        if (s < text.length()) {
            out.add(text.substring(s));
        }
        return out;
    }
}
