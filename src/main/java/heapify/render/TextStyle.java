package heapify.render;

import heapify.source.SourceText;

/**
 * The line ending and indent unit of a target file. Templates are written with LF and 4-space
 * indents; {@link #adapt} converts rendered text to the file's own style.
 */
public record TextStyle(String lineEnding, String indentUnit) {
    public static final TextStyle DEFAULT = new TextStyle("\n", "    ");

    /** Detects the style: CRLF when most breaks are CRLF; tab indent when most indented lines start with a tab. */
    public static TextStyle of(String text) {
        int tabs = 0;
        int spaces = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) { // line starts only
            if (i + 1 < text.length()) {
                char c = text.charAt(i + 1);
                if (c == '\t') {
                    tabs++;
                } else if (c == ' ') {
                    spaces++;
                }
            }
        }
        return new TextStyle(SourceText.dominantLineEnding(text), tabs > spaces ? "\t" : "    ");
    }

    /**
     * Converts LF/4-space text: each leading group of 4 spaces becomes one indent unit, every
     * non-empty line gets {@code baseIndent} in front, and line breaks become the file's.
     */
    public String adapt(String rendered, String baseIndent) {
        StringBuilder b = new StringBuilder(rendered.length() + 64);
        String[] lines = rendered.split("\n", -1);
        for (int li = 0; li < lines.length; li++) {
            String line = lines[li];
            if (li > 0) {
                b.append(lineEnding);
            }
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith("#")) {
                b.append(baseIndent);
            }
            int n = 0;
            while (n < line.length() && line.charAt(n) == ' ') {
                n++;
            }
            for (int k = 0; k < n / 4; k++) {
                b.append(indentUnit);
            }
            b.append(" ".repeat(n % 4));
            b.append(line, n, line.length());
        }
        return b.toString();
    }
}
