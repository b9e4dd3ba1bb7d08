package heapify.source;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The decoded text of one file, with the charset that gives back its exact bytes. A UTF-8 byte
 * order mark stays in the text as U+FEFF; line endings are not touched.
 */
public record SourceText(Path path, String text, Charset charset) {
    public SourceText {
        Objects.requireNonNull(path);
        Objects.requireNonNull(text);
        Objects.requireNonNull(charset);
    }

    public static SourceText of(Path path, String text) {
        return new SourceText(path, text, StandardCharsets.UTF_8);
    }

    public byte[] encode(String content) {
        return content.getBytes(charset);
    }

    /** The dominant line ending: "\r\n" when most line breaks are CRLF, else "\n". */
    public String lineEnding() {
        return dominantLineEnding(text);
    }

    /** The last text a thread scanned, by identity (the same String, not an equal one), and what was found. */
    private record Memo(String text, String found) {
    }

    private static final ThreadLocal<Memo> LAST_LINE_ENDING = new ThreadLocal<>();
    private static final ThreadLocal<Memo> LAST_INDENT_UNIT = new ThreadLocal<>();

    /*
     * Both scans are asked for one file's text by each of its planning contexts, its layout and
     * its rendering (about 4 % of a whole-tree run's samples): the answer for the text this thread
     * asked for last is given again without a scan.
     */
    private static String memo(ThreadLocal<Memo> last, String text, java.util.function.Function<String, String> scan) {
        Memo m = last.get();
        if (m != null && m.text() == text) {
            return m.found();
        }
        String found = scan.apply(text);
        last.set(new Memo(text, found));
        return found;
    }

    /** The dominant line ending of a text: "\r\n" when most line breaks are CRLF, else "\n". */
    public static String dominantLineEnding(String text) {
        return memo(LAST_LINE_ENDING, text, SourceText::scanLineEnding);
    }

    private static String scanLineEnding(String text) {
        int crlf = 0;
        int lf = 0;
        // indexOf, not charAt per char: asked several times per file, and a scan of every char was
        // a few per cent of a whole-tree run
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (i > 0 && text.charAt(i - 1) == '\r') {
                crlf++;
            } else {
                lf++;
            }
        }
        return crlf > lf ? "\r\n" : "\n";
    }

    /**
     * The indent unit of a text: a tab when most indented lines start with a tab; two spaces when
     * more code lines are indented by exactly two spaces than by exactly four (pywatchman's
     * {@code bser.c}; a four-space file has next to none); else four spaces.
     */
    public static String indentUnit(String text) {
        return memo(LAST_INDENT_UNIT, text, SourceText::scanIndentUnit);
    }

    private static String scanIndentUnit(String text) {
        int tabs = 0;
        int spaces = 0;
        int two = 0;
        int four = 0;
        for (int i = text.indexOf('\n'); i >= 0 && i + 1 < text.length(); i = text.indexOf('\n', i + 1)) {
            char c = text.charAt(i + 1); // line starts only: indexOf is cheaper than charAt per char
            if (c == '\t') {
                tabs++;
            } else if (c == ' ') {
                spaces++;
                int n = 0;
                while (i + 1 + n < text.length() && text.charAt(i + 1 + n) == ' ') {
                    n++;
                }
                char first = i + 1 + n < text.length() ? text.charAt(i + 1 + n) : '\n';
                if (first != '*' && !Character.isWhitespace(first)) { // not a comment's continuation
                    two += n == 2 ? 1 : 0;
                    four += n == 4 ? 1 : 0;
                }
            }
        }
        return tabs > spaces ? "\t" : two > four ? "  " : "    ";
    }

    public String slice(Span span) {
        return text.substring(span.start(), span.end());
    }
}
