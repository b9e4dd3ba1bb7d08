package heapify.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Wraps one line of heapify's making that is longer than PEP 7's 79 columns, the ways CPython's
 * own sources do: a flags expression parenthesized and broken after a {@code |}; a bracketed
 * list broken after commas and aligned with its opening delimiter; a call broken after its
 * opening parenthesis with a hanging indent; a block comment broken between words. Only
 * whitespace, line breaks and the flags' parentheses are added, outside literals. A line that
 * none of these brings within 79 columns (a long string literal), a directive, a line with a
 * comment after code and a macro continuation are returned as they were.
 */
public final class LineWrap {
    public static final int LIMIT = 79;
    /** {@code .flags = A | B | C,}: what precedes the names, the names joined by bars, the closing mark. */
    private static final java.util.regex.Pattern FLAGS =
            java.util.regex.Pattern.compile("(.*? = )(\\w+(?: \\| \\w+)+)([,;])");

    private LineWrap() {
    }

    /** {@code line} (no line break) as one or more lines joined by {@code eol}. */
    public static String wrap(String line, String indentUnit, String eol) {
        if (width(line) <= LIMIT) {
            return line;
        }
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        String code = line.substring(indent.length());
        if (code.startsWith("#") || code.endsWith("\\")) {
            return line;
        }
        List<String> out = code.startsWith("/*") ? comment(indent, code) : code(indent, code, indentUnit);
        return out == null ? line : String.join(eol, out);
    }

    private static List<String> code(String indent, String code, String unit) {
        if (code.contains("//") || code.contains("/*")) {
            return null;
        }
        List<String> flags = flags(indent, code);
        if (flags != null) {
            return flags;
        }
        List<Group> groups = groupsClosingAtEnd(code);
        for (Group g : groups) { // a brace or bracket list: aligned with its opening delimiter
            if (!g.isCall(code)) {
                List<String> lines = aligned(indent, code, g);
                if (fits(lines)) {
                    return lines;
                }
            }
        }
        for (Group g : groups) { // the leftmost call first, with a hanging indent after its parenthesis
            if (g.isCall(code)) {
                String hang = indent + unit;
                List<String> lines = new ArrayList<>(List.of(indent + code.substring(0, g.open + 1)));
                lines.addAll(fill(hang, hang, g.items(code), code.substring(g.close)));
                if (fits(lines)) {
                    return lines;
                }
            }
        }
        for (Group g : groups) { // a call whose first line is too long for a hanging indent
            if (g.isCall(code)) {
                List<String> lines = aligned(indent, code, g);
                if (fits(lines)) {
                    return lines;
                }
            }
        }
        return null;
    }

    private static List<String> aligned(String indent, String code, Group g) {
        String head = indent + code.substring(0, g.open + 1);
        return fill(head, " ".repeat(width(head)), g.items(code), code.substring(g.close));
    }

    /** {@code .flags = A | B | C,} as {@code .flags = (A | B |} and the rest aligned inside the parenthesis. */
    private static List<String> flags(String indent, String code) {
        java.util.regex.Matcher m = FLAGS.matcher(code);
        if (!m.matches()) {
            return null;
        }
        String head = indent + m.group(1) + "(";
        String align = " ".repeat(width(head));
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder(head);
        String[] words = m.group(2).split(" \\| ");
        for (int i = 0; i < words.length; i++) {
            String piece = words[i] + (i + 1 < words.length ? " |" : ")" + m.group(3));
            boolean first = cur.length() == head.length() || cur.toString().equals(align);
            if (!first && width(cur + " " + piece) > LIMIT) {
                out.add(cur.toString());
                cur = new StringBuilder(align);
                first = true;
            }
            cur.append(first ? "" : " ").append(piece);
        }
        out.add(cur.toString());
        return fits(out) ? out : null;
    }

    /** A comment broken between words, continued under its first word as CPython's are. */
    private static List<String> comment(String indent, String code) {
        if (!code.endsWith("*/") || code.indexOf("*/") != code.length() - 2) {
            return null;
        }
        String[] words = code.substring(2, code.length() - 2).trim().split(" +");
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder(indent + "/*");
        String cont = indent + "  ";
        for (int i = 0; i < words.length; i++) {
            String piece = words[i] + (i + 1 == words.length ? " */" : "");
            if (cur.length() > cont.length() && width(cur + " " + piece) > LIMIT) {
                out.add(cur.toString());
                cur = new StringBuilder(cont);
            }
            cur.append(' ').append(piece);
        }
        out.add(cur.toString());
        return fits(out) ? out : null;
    }

    /** Lines from {@code head} on: the items with their commas, filled greedily, then {@code tail}. */
    private static List<String> fill(String head, String next, List<String> items, String tail) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder(head);
        boolean empty = true;
        for (int i = 0; i < items.size(); i++) {
            String piece = items.get(i) + (i + 1 < items.size() ? "," : tail);
            String joined = empty ? cur + piece : cur + " " + piece;
            if (!empty && width(joined) > LIMIT) {
                out.add(cur.toString());
                cur = new StringBuilder(next).append(piece);
            } else {
                cur = new StringBuilder(joined);
            }
            empty = false;
        }
        out.add(cur.toString());
        return out;
    }

    private static boolean fits(List<String> lines) {
        return lines.stream().allMatch(l -> width(l) <= LIMIT);
    }

    /** A bracket pair of the line: offsets of its opening and closing characters. */
    private record Group(int open, int close) {
        boolean isCall(String code) {
            return code.charAt(open) == '(' && open > 0 && isWordChar(code.charAt(open - 1));
        }

        /** The comma-separated items between the brackets, trimmed (commas outside nested brackets and literals). */
        List<String> items(String code) {
            List<String> out = new ArrayList<>();
            int depth = 0;
            int from = open + 1;
            for (int i = open + 1; i < close; i++) {
                char c = code.charAt(i);
                if (c == '"' || c == '\'') {
                    i = endOfLiteral(code, i);
                } else if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    out.add(code.substring(from, i).trim());
                    from = i + 1;
                }
            }
            out.add(code.substring(from, close).trim());
            return out;
        }
    }

    /**
     * The bracket groups whose closing bracket is followed only by closing brackets and a final
     * {@code ;} or {@code ,}, outermost first; none when the line's brackets or literals do not balance.
     */
    private static List<Group> groupsClosingAtEnd(String code) {
        List<Group> all = new ArrayList<>();
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                i = endOfLiteral(code, i);
                if (i < 0) {
                    return List.of();
                }
            } else if (c == '(' || c == '[' || c == '{') {
                open.push(i);
            } else if (c == ')' || c == ']' || c == '}') {
                if (open.isEmpty()) {
                    return List.of();
                }
                all.add(new Group(open.pop(), i));
            }
        }
        if (!open.isEmpty()) {
            return List.of();
        }
        List<Group> out = new ArrayList<>();
        for (Group g : all) {
            if (code.substring(g.close + 1).matches("[)\\]}]*[;,]?")) {
                out.add(g);
            }
        }
        out.sort((a, b) -> Integer.compare(a.open, b.open));
        return out;
    }

    /** Offset of a literal's closing quote, or -1 when it does not close on the line. */
    private static int endOfLiteral(String code, int start) {
        char q = code.charAt(start);
        for (int i = start + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == q) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Display width: a tab advances to the next multiple of 8. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            w = s.charAt(i) == '\t' ? (w / 8 + 1) * 8 : w + 1;
        }
        return w;
    }
}
