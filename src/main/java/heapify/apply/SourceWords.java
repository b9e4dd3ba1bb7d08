package heapify.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text searches over a module's files that run before any of them is lexed: a C identifier as a
 * whole word, and the local {@code #include "..."} lines.
 */
final class SourceWords {
    /** A {@code #include "name"} line; group 1 is the name. */
    static final Pattern LOCAL_INCLUDE = Pattern.compile("(?m)^[ \\t]*#[ \\t]*include[ \\t]*\"([^\"]+)\"");
    /** The files a module's folder is searched in. */
    static final Pattern SOURCE = Pattern.compile(".*\\.(c|h|cc|cpp|cxx|hh|hpp|inc)");

    private SourceWords() {
    }

    /** The index of the first {@code name} in {@code text} at or after {@code from} as a whole word, or -1. */
    static int next(String text, String name, int from) {
        for (int i = text.indexOf(name, from); i >= 0; i = text.indexOf(name, i + 1)) {
            int end = i + name.length();
            if ((i == 0 || !identifierChar(text.charAt(i - 1)))
                    && (end == text.length() || !identifierChar(text.charAt(end)))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The matches {@code pattern.matcher(text).find()} finds one after the other, for a pattern
     * that matches within one line only (it starts with {@code (?m)^} and no part of it matches a
     * line terminator) and always holds {@code literal}: the pattern is tried only at the starts of
     * the lines that hold {@code literal}, instead of at every char of the text.
     */
    static List<MatchResult> lineMatches(Pattern pattern, String text, String literal) {
        List<MatchResult> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        for (int at = text.indexOf(literal); at >= 0; ) {
            int start = at;
            while (start > 0 && !lineTerminator(text.charAt(start - 1))) {
                start--;
            }
            int end = at;
            while (end < text.length() && !lineTerminator(text.charAt(end))) {
                end++;
            }
            // start is a line start as (?m)^ sees one (after \r\n too: its \n ends the scan)
            m.region(start, end);
            if (m.lookingAt()) {
                out.add(m.toMatchResult());
            }
            at = text.indexOf(literal, end);
        }
        return out;
    }

    /** What ends a line for {@code (?m)^} without UNIX_LINES. */
    private static boolean lineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    private static boolean identifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
