package heapify.lex;

import heapify.lex.antlr.CLexer;
import heapify.source.Diagnostic;
import heapify.source.Severity;
import heapify.source.SourceText;
import heapify.source.Span;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CodePointCharStream;

/** Runs the ANTLR lexer over a source text and checks that no byte was lost. */
public final class Lexing {
    private Lexing() {
    }

    public static TokenList lex(SourceText source) {
        FastLexer fast = FastLexer.lex(source.text());
        return fast != null ? tokens(source, fast) : antlr(source);
    }

    /** The tokens the hand-written lexer found, made as {@link #antlr} makes ANTLR's. */
    private static TokenList tokens(SourceText source, FastLexer fast) {
        String text = source.text();
        List<Token> tokens = new ArrayList<>(fast.count);
        int[] code = new int[Math.max(16, fast.count / 2)];
        int codeCount = 0;
        ShortTexts texts = new ShortTexts();
        int[] directives = new int[16];
        int directiveCount = 0;
        int offset = 0;
        boolean unterminated = false;
        for (int i = 0; i < fast.count; i++) {
            int end = fast.ends[i];
            int type = fast.types[i];
            Token tok = new Token(i, type, fast.channels[i], texts.of(text, offset, end), offset);
            if (tok.isCode()) {
                if (codeCount == code.length) {
                    code = java.util.Arrays.copyOf(code, codeCount * 2);
                }
                code[codeCount++] = i;
            }
            if (tok.isDirective()) {
                if (directiveCount == directives.length) {
                    directives = java.util.Arrays.copyOf(directives, directiveCount * 2);
                }
                directives[directiveCount++] = i;
            }
            unterminated |= type == CLexer.UNTERMINATED_COMMENT || type == CLexer.UNTERMINATED_STRING
                    || type == CLexer.UNTERMINATED_CHAR;
            tokens.add(tok);
            offset = end;
        }
        // the two walks of diagnostics() only for a file that has something for them
        return new TokenList(source, tokens, java.util.Arrays.copyOf(code, codeCount),
                java.util.Arrays.copyOf(directives, directiveCount), unterminated ? diagnostics(source, tokens) : List.of());
    }

    /** ANTLR's tokens: where the hand-written lexer gives up. Package-private for the test that compares the two. */
    static TokenList antlr(SourceText source) {
        CodePointCharStream chars = CharStreams.fromString(source.text(), source.path().toString());
        CLexer lexer = new CLexer(chars);
        lexer.removeErrorListeners(); // OTHER catches every stray char, so the lexer never errs
        lexer.setTokenFactory(new ReusedToken());
        String text = source.text();
        // In a text without surrogate pairs ANTLR's code point indexes are UTF-16 offsets, and a
        // token's text is a substring of ours (cheaper than ANTLR's getText); otherwise ask ANTLR.
        boolean bmpOnly = text.length() == text.codePointCount(0, text.length());
        List<Token> tokens = new ArrayList<>(text.length() / 3 + 16);
        int[] code = new int[64];
        int codeCount = 0;
        int[] directives = new int[16];
        int directiveCount = 0;
        ShortTexts texts = new ShortTexts();
        int offset = 0;
        int nextIndex = 0;
        for (org.antlr.v4.runtime.Token t = lexer.nextToken();
                t.getType() != org.antlr.v4.runtime.Token.EOF; t = lexer.nextToken()) {
            if (t.getStartIndex() != nextIndex) { // tokens must tile the input
                throw new IllegalStateException("lexer lost text in " + source.path() + " at code point " + nextIndex);
            }
            nextIndex = t.getStopIndex() + 1;
            String tokenText = bmpOnly ? texts.of(text, t.getStartIndex(), nextIndex) : t.getText();
            Token tok = new Token(tokens.size(), t.getType(), t.getChannel(), tokenText, offset);
            if (tok.isCode()) {
                if (codeCount == code.length) {
                    code = java.util.Arrays.copyOf(code, codeCount * 2);
                }
                code[codeCount++] = tok.index();
            }
            if (tok.isDirective()) {
                if (directiveCount == directives.length) {
                    directives = java.util.Arrays.copyOf(directives, directiveCount * 2);
                }
                directives[directiveCount++] = tok.index();
            }
            tokens.add(tok);
            offset += tokenText.length();
        }
        if (offset != source.text().length()) {
            throw new IllegalStateException("lexer lost text in " + source.path() + ": " + offset
                    + " of " + source.text().length() + " chars");
        }
        return new TokenList(source, tokens, java.util.Arrays.copyOf(code, codeCount),
                java.util.Arrays.copyOf(directives, directiveCount), diagnostics(source, tokens));
    }

    /** The lexer's errors: unterminated comments, then unterminated strings and characters. */
    private static List<Diagnostic> diagnostics(SourceText source, List<Token> tokens) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (Token t : tokens) {
            if (t.type() == CLexer.UNTERMINATED_COMMENT) {
                diagnostics.add(Diagnostic.at(Severity.ERROR, "unterminated-comment", source.path(),
                        new Span(t.start(), t.start() + 2), "unterminated comment"));
            }
        }
        for (Token t : tokens) {
            if (t.type() == CLexer.UNTERMINATED_STRING) {
                diagnostics.add(Diagnostic.at(Severity.ERROR, "unterminated-string", source.path(),
                        t.span(), "missing terminating '\"' character"));
            } else if (t.type() == CLexer.UNTERMINATED_CHAR) {
                diagnostics.add(Diagnostic.at(Severity.ERROR, "unterminated-char", source.path(),
                        t.span(), "missing terminating ' character"));
            }
        }
        return diagnostics;
    }

    /**
     * Hands the lexer one token object again and again: each is read (type, channel, bounds and,
     * outside the BMP, its text) before the next is lexed, and a CommonToken per token was a
     * tenth of the lexing time and most of its garbage (4.7 M tokens for Modules/ and its headers).
     */
    static final class ReusedToken implements org.antlr.v4.runtime.TokenFactory<org.antlr.v4.runtime.CommonToken> {
        private org.antlr.v4.runtime.CommonToken token;

        @Override
        public org.antlr.v4.runtime.CommonToken create(
                org.antlr.v4.runtime.misc.Pair<org.antlr.v4.runtime.TokenSource, org.antlr.v4.runtime.CharStream> source,
                int type, String text, int channel, int start, int stop, int line, int charPositionInLine) {
            if (token == null || token.getInputStream() != source.b) {
                token = new org.antlr.v4.runtime.CommonToken(source, type, channel, start, stop);
            }
            token.setType(type);
            token.setChannel(channel);
            token.setStartIndex(start);
            token.setStopIndex(stop);
            token.setText(text);
            token.setLine(line);
            token.setCharPositionInLine(charPositionInLine);
            return token;
        }

        @Override
        public org.antlr.v4.runtime.CommonToken create(int type, String text) {
            return new org.antlr.v4.runtime.CommonToken(type, text);
        }
    }

    /**
     * One String per distinct short token text of a file (" ", ",", "0", "self", ...), looked up
     * without allocating: most tokens are short and repeat, and a substring each was two objects
     * per token (CPython's unicodename_db.h, 2.3 MB of numbers, lexed to 1.3 M tokens, was then
     * most of a whole-tree run's peak heap).
     */
    static final class ShortTexts {
        private static final int MAX_LENGTH = 16;
        private final String[] slots = new String[4096];

        /** The texts of one ASCII char: most tokens (" ", ",", "(", "*"), found without a hash. */
        private static final String[] ONE = new String[128];

        static {
            for (char c = 0; c < ONE.length; c++) {
                ONE[c] = String.valueOf(c);
            }
        }

        String of(String text, int start, int end) {
            int n = end - start;
            if (n == 1) {
                char c = text.charAt(start);
                if (c < ONE.length) {
                    return ONE[c];
                }
            }
            if (n > MAX_LENGTH) {
                return text.substring(start, end);
            }
            int h = 0;
            for (int i = start; i < end; i++) {
                h = 31 * h + text.charAt(i);
            }
            int slot = (h ^ (h >>> 12)) & (slots.length - 1);
            String s = slots[slot];
            if (s != null && s.length() == n && text.startsWith(s, start)) {
                return s;
            }
            s = text.substring(start, end);
            slots[slot] = s;
            return s;
        }
    }
}
