package heapify.verify;

import java.util.Objects;

/**
 * One warning or error a C compiler printed, as {@link BuildCheck} read it from gcc's
 * {@code file:line:col: kind: text [-Wflag]} lines (run under {@code LC_ALL=C}, so quotes are ASCII).
 *
 * @param origin     "" when the message is about the checked file itself; else the file or program
 *                   the compiler named (a header, {@code <command-line>}, {@code gcc})
 * @param line       1-based line in {@code origin} (or in the checked file when origin is ""); 0 if none
 * @param column     1-based column as the compiler counts it; 0 if none
 * @param kind       {@code warning}, {@code error} or {@code fatal error}
 * @param text       the message without its position, kind and option; the temporary file's path
 *                   replaced by the checked file's name
 * @param flag       the option that enabled a warning, such as {@code -Wunused-variable}; "" if none
 * @param fileLine   where in the checked file the message points, 1-based: its own line when origin is
 *                   "", else the line that includes the header or the macro expansion a note named; 0 if
 *                   unknown
 * @param fileColumn the column to {@code fileLine}, 1-based; 0 if unknown
 */
public record CompilerMessage(String origin, int line, int column, String kind, String text, String flag,
                              int fileLine, int fileColumn) {
    public CompilerMessage {
        Objects.requireNonNull(origin);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(text);
        Objects.requireNonNull(flag);
        if (line < 0 || column < 0 || fileLine < 0 || fileColumn < 0) {
            throw new IllegalArgumentException("negative position " + line + ":" + column);
        }
    }

    /** A message not tied to any place, such as the first line of output that could not be read. */
    public static CompilerMessage unplaced(String kind, String text) {
        return new CompilerMessage("", 0, 0, kind, text, "", 0, 0);
    }

    /** True for {@code error} and {@code fatal error}. */
    public boolean isError() {
        return kind.endsWith("error");
    }

    /** True for a warning. */
    public boolean isWarning() {
        return kind.equals("warning");
    }

    /** A copy that points at {@code fileLine:fileColumn} of the checked file. */
    CompilerMessage pointingAt(int newFileLine, int newFileColumn) {
        return new CompilerMessage(origin, line, column, kind, text, flag, newFileLine, newFileColumn);
    }

    /**
     * What makes two warnings the same warning, before and after migration: the text with positions
     * and line numbers taken out, and the option. The file is left out, so a header's warning
     * counts once however it was reached.
     */
    public String key() {
        String t = text.replaceAll(":\\d+(?::\\d+)?", ":").replaceAll("\\bline \\d+", "line");
        return t + " [" + flag + "]";
    }

    /** The message as shown to a user: {@code text [-Wflag]}, prefixed by {@code origin:line:col: } for another file. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (!origin.isEmpty()) {
            b.append(origin);
            if (line > 0) {
                b.append(':').append(line);
                if (column > 0) {
                    b.append(':').append(column);
                }
            }
            b.append(": ");
        }
        b.append(text);
        if (!flag.isEmpty()) {
            b.append(" [").append(flag).append(']');
        }
        return b.toString();
    }
}
