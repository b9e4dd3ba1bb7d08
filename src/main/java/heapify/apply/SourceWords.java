package heapify.apply;

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

    private static boolean identifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
