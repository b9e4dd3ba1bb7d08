package heapify.lex;

import heapify.lex.antlr.CLexer;
import heapify.source.Span;

/**
 * One lexed token: its ANTLR type and channel, its text, and its UTF-16 start offset in the file.
 * Offsets are summed from token texts, not taken from ANTLR, whose char streams count code points.
 */
public record Token(int index, int type, int channel, String text, int start) {
    public int end() {
        return start + text.length();
    }

    public Span span() {
        return new Span(start, end());
    }

    /** Code tokens are on the default channel; whitespace, comments and directives are not. */
    public boolean isCode() {
        return channel == org.antlr.v4.runtime.Token.DEFAULT_CHANNEL;
    }

    public boolean isDirective() {
        return type == CLexer.DIRECTIVE;
    }

    public boolean isComment() {
        return type == CLexer.BLOCK_COMMENT || type == CLexer.LINE_COMMENT || type == CLexer.UNTERMINATED_COMMENT;
    }

    public boolean is(int tokenType) {
        return type == tokenType;
    }

    public boolean isIdentifier(String name) {
        return type == CLexer.IDENTIFIER && text.equals(name);
    }

    public boolean isPunct(String p) {
        return type != CLexer.IDENTIFIER && type != CLexer.STRING && isCode() && text.equals(p);
    }
}
