package heapify.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --color=never|always|auto} option of {@code migrate}: ANSI colours in the printed diff
 * as git colours its own ({@code diff.color}): headers bold, hunk headers cyan, removed lines red,
 * added lines green; context lines and {@code \ No newline at end of file} stay plain. {@code auto}
 * (the default) colours only when the JVM has a console (stdin and stdout on a terminal), and never
 * when {@code NO_COLOR} is set (no-color.org) or {@code TERM} is {@code dumb}. A coloured diff is
 * for reading: patch and git apply take only the plain one.
 */
public final class ColorOptions {
    /** When to colour. */
    public enum When { NEVER, ALWAYS, AUTO }

    static final String RESET = "\u001b[m";
    static final String BOLD = "\u001b[1m";
    static final String CYAN = "\u001b[36m";
    static final String RED = "\u001b[31m";
    static final String GREEN = "\u001b[32m";

    @Option(names = "--color", paramLabel = "WHEN", converter = WhenConverter.class,
            description = "colour the diff: never, always or auto (default: auto, only on a terminal)")
    When when = When.AUTO;

    /** The diff as it should be printed: {@code diff} itself unless colouring is on. */
    String paint(String diff) {
        return on() ? colour(diff) : diff;
    }

    boolean on() {
        return switch (when) {
            case NEVER -> false;
            case ALWAYS -> true;
            case AUTO -> System.console() != null && System.getenv("NO_COLOR") == null
                    && !"dumb".equals(System.getenv("TERM"));
        };
    }

    /** Wraps each diff line in its colour; the reset goes before the line's own ending (LF or CRLF). */
    static String colour(String diff) {
        StringBuilder b = new StringBuilder(diff.length() + diff.length() / 8);
        int at = 0;
        boolean header = true; // ---/+++ lines before a file's first hunk
        while (at < diff.length()) {
            int nl = diff.indexOf('\n', at);
            int end = nl < 0 ? diff.length() : nl + 1;
            int text = nl < 0 ? end : (nl > at && diff.charAt(nl - 1) == '\r' ? nl - 1 : nl);
            String line = diff.substring(at, text);
            if (line.startsWith("--- ") && header || line.startsWith("+++ ") && header) {
                paint(b, BOLD, line);
            } else if (line.startsWith("@@")) {
                header = false;
                paint(b, CYAN, line);
            } else if (line.startsWith("-")) {
                paint(b, RED, line);
            } else if (line.startsWith("+")) {
                paint(b, GREEN, line);
            } else {
                if (!line.startsWith(" ") && !line.startsWith("\\")) {
                    header = true; // a line outside hunks: the next file's headers follow
                }
                b.append(line);
            }
            b.append(diff, text, end);
            at = end;
        }
        return b.toString();
    }

    private static void paint(StringBuilder b, String colour, String line) {
        b.append(colour).append(line).append(RESET);
    }

    /** never, always or auto, in any case. */
    static final class WhenConverter implements picocli.CommandLine.ITypeConverter<When> {
        @Override
        public When convert(String value) {
            try {
                return When.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "--color takes never, always or auto, not '" + value + "'");
            }
        }
    }
}
