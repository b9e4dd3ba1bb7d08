package heapify.lex;

import heapify.lex.antlr.CLexer;

/**
 * The tokens {@link CLexer} makes of a text, found by hand: longest match, the earlier rule on a
 * tie, as ANTLR does. ANTLR's lexer simulation was most of heapify's lexing time (a whole-tree
 * run lexes the modules and the 3 MB of tables their headers hold); this one reads each character
 * once or twice. Where the grammar's outcome is not plain (a comment inside a directive that runs
 * past the directive's line, a comment left open, a character outside the BMP), it gives up and
 * {@link Lexing} asks ANTLR for the whole text; {@code FastLexerTest} holds the two to the same tokens.
 */
final class FastLexer {
    private final String s;
    private final int n;
    int count;
    int[] types;
    int[] channels;
    /** The end offset of each token; token {@code i} starts where token {@code i - 1} ends. */
    int[] ends;

    private FastLexer(String s) {
        this.s = s;
        this.n = s.length();
        int cap = n / 3 + 16;
        types = new int[cap];
        channels = new int[cap];
        ends = new int[cap];
    }

    /** The tokens of {@code text}, or null where ANTLR must decide. */
    static FastLexer lex(String text) {
        FastLexer l = new FastLexer(text);
        return l.run() ? l : null;
    }

    private boolean run() {
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            int end;
            int type;
            int channel = org.antlr.v4.runtime.Token.DEFAULT_CHANNEL;
            if (Character.isSurrogate(c)) {
                return false; // ANTLR counts code points: its OTHER is a whole pair
            }
            if (isIdentStart(c)) {
                int q = prefixedQuote(i);
                if (q >= 0) {
                    end = s.charAt(q) == '"' ? string(q) : character(q);
                    if (end < 0) {
                        return false;
                    }
                    type = lastType;
                } else {
                    end = i + 1;
                    while (end < n && isIdentPart(s.charAt(end))) {
                        end++;
                    }
                    type = CLexer.IDENTIFIER;
                }
            } else if (c >= '0' && c <= '9') {
                end = number(i + 1);
                type = CLexer.NUMBER;
            } else {
                switch (c) {
                    case ' ', '\t', '\f', '\u000b' -> {
                        end = i + 1;
                        while (end < n && isBlank(s.charAt(end))) {
                            end++;
                        }
                        type = CLexer.WS;
                        channel = org.antlr.v4.runtime.Token.HIDDEN_CHANNEL;
                    }
                    case '\n' -> {
                        end = i + 1;
                        type = CLexer.NEWLINE;
                        channel = org.antlr.v4.runtime.Token.HIDDEN_CHANNEL;
                    }
                    case '\r' -> {
                        end = at(i + 1) == '\n' ? i + 2 : i + 1;
                        type = CLexer.NEWLINE;
                        channel = org.antlr.v4.runtime.Token.HIDDEN_CHANNEL;
                    }
                    case '\\' -> {
                        int nl = lineBreakAfterBackslash(i);
                        if (nl > 0) {
                            end = nl;
                            type = CLexer.LINE_CONTINUATION;
                            channel = org.antlr.v4.runtime.Token.HIDDEN_CHANNEL;
                        } else {
                            end = i + 1;
                            type = CLexer.OTHER;
                        }
                    }
                    case '#' -> {
                        if (hashAtLineStart(i)) {
                            end = directive(i + 1);
                            if (end < 0) {
                                return false;
                            }
                            type = CLexer.DIRECTIVE;
                            channel = CLexer.DIRECTIVES;
                        } else {
                            end = at(i + 1) == '#' ? i + 2 : i + 1;
                            type = CLexer.PUNCT;
                        }
                    }
                    case '/' -> {
                        char d = at(i + 1);
                        if (d == '*') {
                            int close = s.indexOf("*/", i + 2);
                            if (close < 0) {
                                return false; // UNTERMINATED_COMMENT: ANTLR's
                            }
                            end = close + 2;
                            type = CLexer.BLOCK_COMMENT;
                            channel = CLexer.COMMENTS;
                        } else if (d == '/') {
                            end = lineComment(i + 2);
                            type = CLexer.LINE_COMMENT;
                            channel = CLexer.COMMENTS;
                        } else {
                            end = d == '=' ? i + 2 : i + 1;
                            type = CLexer.PUNCT;
                        }
                    }
                    case '"' -> {
                        end = string(i);
                        type = lastType;
                    }
                    case '\'' -> {
                        end = character(i);
                        type = lastType;
                    }
                    case '.' -> {
                        char d = at(i + 1);
                        if (d >= '0' && d <= '9') {
                            end = number(i + 2);
                            type = CLexer.NUMBER;
                        } else if (d == '.' && at(i + 2) == '.') {
                            end = i + 3;
                            type = CLexer.ELLIPSIS;
                        } else {
                            end = i + 1;
                            type = CLexer.DOT;
                        }
                    }
                    case '{', '}', '(', ')', '[', ']', ';', ',' -> {
                        end = i + 1;
                        type = single(c);
                    }
                    case '=' -> {
                        boolean eq = at(i + 1) == '=';
                        end = eq ? i + 2 : i + 1;
                        type = eq ? CLexer.PUNCT : CLexer.ASSIGN;
                    }
                    case '*' -> {
                        boolean eq = at(i + 1) == '=';
                        end = eq ? i + 2 : i + 1;
                        type = eq ? CLexer.PUNCT : CLexer.STAR;
                    }
                    case '&' -> {
                        char d = at(i + 1);
                        boolean two = d == '&' || d == '=';
                        end = two ? i + 2 : i + 1;
                        type = two ? CLexer.PUNCT : CLexer.AMP;
                    }
                    case '-' -> {
                        char d = at(i + 1);
                        if (d == '>') {
                            end = i + 2;
                            type = CLexer.ARROW;
                        } else {
                            end = d == '-' || d == '=' ? i + 2 : i + 1;
                            type = CLexer.PUNCT;
                        }
                    }
                    case '<', '>' -> {
                        char d = at(i + 1);
                        if (d == c) {
                            end = at(i + 2) == '=' ? i + 3 : i + 2;
                        } else {
                            end = d == '=' ? i + 2 : i + 1;
                        }
                        type = CLexer.PUNCT;
                    }
                    case '+', '|' -> {
                        char d = at(i + 1);
                        end = d == c || d == '=' ? i + 2 : i + 1;
                        type = CLexer.PUNCT;
                    }
                    case '!', '%', '^' -> {
                        end = at(i + 1) == '=' ? i + 2 : i + 1;
                        type = CLexer.PUNCT;
                    }
                    case '~', '?', ':' -> {
                        end = i + 1;
                        type = CLexer.PUNCT;
                    }
                    default -> {
                        end = i + 1;
                        type = CLexer.OTHER;
                    }
                }
            }
            add(type, channel, end);
            i = end;
        }
        return true;
    }

    private int lastType;

    private void add(int type, int channel, int end) {
        if (count == ends.length) {
            int cap = count * 2;
            types = java.util.Arrays.copyOf(types, cap);
            channels = java.util.Arrays.copyOf(channels, cap);
            ends = java.util.Arrays.copyOf(ends, cap);
        }
        types[count] = type;
        channels[count] = channel;
        ends[count] = end;
        count++;
    }

    /** The character at {@code i}, or NUL past the end (NUL matches no rule's second character). */
    private char at(int i) {
        return i < n ? s.charAt(i) : '\0';
    }

    /** The token type of a one-character punctuator that is its own token. */
    private static int single(char c) {
        return switch (c) {
            case '{' -> CLexer.LBRACE;
            case '}' -> CLexer.RBRACE;
            case '(' -> CLexer.LPAREN;
            case ')' -> CLexer.RPAREN;
            case '[' -> CLexer.LBRACKET;
            case ']' -> CLexer.RBRACKET;
            case ';' -> CLexer.SEMI;
            default -> CLexer.COMMA;
        };
    }

    private static boolean isIdentStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || c >= '0' && c <= '9';
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\u000b';
    }

    /** The quote after an encoding prefix ({@code u8 u U L}) starting at {@code i}, or -1. */
    private int prefixedQuote(int i) {
        char c = s.charAt(i);
        int q;
        if (c == 'u' && at(i + 1) == '8') {
            q = i + 2;
        } else if (c == 'u' || c == 'U' || c == 'L') {
            q = i + 1;
        } else {
            return -1;
        }
        char d = at(q);
        return d == '"' || d == '\'' ? q : -1;
    }

    /** A backslash at {@code i} followed by a line break: the offset after it; else -1. */
    private int lineBreakAfterBackslash(int i) {
        char d = at(i + 1);
        if (d == '\n') {
            return i + 2;
        }
        if (d == '\r' && at(i + 2) == '\n') {
            return i + 3;
        }
        return -1;
    }

    private boolean hashAtLineStart(int hash) {
        for (int i = hash - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                return true;
            }
            if (!isBlank(c)) {
                return false;
            }
        }
        return true;
    }

    /** The end of a directive whose body starts at {@code i}, or -1 where ANTLR must decide. */
    private int directive(int i) {
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                int nl = lineBreakAfterBackslash(i);
                i = nl > 0 ? nl : i + 1;
            } else if (c == '\n' || c == '\r') {
                return i;
            } else if (c == '/' && at(i + 1) == '*') {
                int close = s.indexOf("*/", i + 2);
                if (close < 0) {
                    i++; // no comment can close: its characters are the line's
                } else {
                    for (int k = i + 2; k < close; k++) {
                        char d = s.charAt(k);
                        if (d == '\n' || d == '\r') {
                            return -1; // a comment past the line: ANTLR's
                        }
                    }
                    i = close + 2;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    private int lineComment(int i) {
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                int nl = lineBreakAfterBackslash(i);
                i = nl > 0 ? nl : i + 1;
            } else if (c == '\n' || c == '\r') {
                return i;
            } else {
                i++;
            }
        }
        return i;
    }

    /** A pp-number's end, from {@code i}, after its first digit. */
    private int number(int i) {
        while (i < n) {
            char c = s.charAt(i);
            if ((c == 'e' || c == 'E' || c == 'p' || c == 'P') && (at(i + 1) == '+' || at(i + 1) == '-')) {
                i += 2;
            } else if (isIdentPart(c) || c == '.') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** A string from its quote at {@code q}: its end; {@link #lastType} STRING or UNTERMINATED_STRING. */
    private int string(int q) {
        int i = q + 1;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                lastType = CLexer.STRING;
                return i + 1;
            }
            if (c == '\n' || c == '\r') {
                break;
            }
            if (c == '\\') {
                char d = at(i + 1);
                if (d == '\r' && at(i + 2) == '\n') {
                    i += 3;
                } else if (i + 1 < n && d != '\r') {
                    i += 2;
                } else {
                    break;
                }
            } else {
                i++;
            }
        }
        lastType = CLexer.UNTERMINATED_STRING;
        return i;
    }

    /** A character constant from its quote at {@code q}: its end; {@link #lastType} CHAR or UNTERMINATED_CHAR. */
    private int character(int q) {
        int i = q + 1;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\'' || c == '\n' || c == '\r') {
                break;
            }
            if (c == '\\') {
                char d = at(i + 1);
                if (i + 1 < n && d != '\n' && d != '\r') {
                    i += 2;
                } else {
                    break;
                }
            } else {
                i++;
            }
        }
        if (i < n && s.charAt(i) == '\'' && i > q + 1) {
            lastType = CLexer.CHAR;
            return i + 1;
        }
        lastType = CLexer.UNTERMINATED_CHAR;
        return i;
    }
}
