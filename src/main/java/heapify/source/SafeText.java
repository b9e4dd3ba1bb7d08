package heapify.source;

/**
 * Text from a source file or a file name made safe to print on a terminal: C0 control
 * characters other than tab, DEL and the C1 controls (a Latin-1 file's bytes 0x80-0x9f, which
 * some terminals take for escape sequences) become {@code \xNN}; bidirectional overrides and
 * line/paragraph separators become {@code \\uNNNN}. A file of raw bytes or an ANSI escape
 * sequence in a comment is then shown, not executed, by the terminal that prints a diagnostic.
 */
public final class SafeText {
    private SafeText() {
    }

    /** True when the character is printed as an escape. */
    public static boolean isUnsafe(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || isInvisibleControl(c);
    }

    private static boolean isInvisibleControl(char c) {
        return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
    }

    /** How the character is printed. */
    public static String escape(char c) {
        if (!isUnsafe(c)) {
            return String.valueOf(c);
        }
        return c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c);
    }

    /** The text with every unsafe character escaped; the same string when there is none. */
    public static String of(String text) {
        int i = 0;
        while (i < text.length() && !isUnsafe(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            b.append(escape(text.charAt(i)));
        }
        return b.toString();
    }
}
