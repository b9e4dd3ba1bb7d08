package heapify.lex;

import heapify.source.Diagnostic;
import heapify.source.SourceText;
import heapify.source.Span;
import java.util.List;

/**
 * All tokens of a file in order; their texts concatenate to the file's text exactly.
 * {@code code} holds the indexes (into {@code all}) of the default-channel tokens.
 */
public record TokenList(SourceText source, List<Token> all, int[] code, int[] directives, List<Diagnostic> diagnostics) {
    public TokenList {
        all = List.copyOf(all);
        diagnostics = List.copyOf(diagnostics);
    }

    /**
     * The directive tokens in order, from {@code directives} (their indexes into {@code all}): the
     * walks that look at directives only need not visit every token (a header of tables, such as
     * unicodename_db.h, has 1.3 M tokens and a few hundred directives).
     */
    public List<Token> directiveTokens() {
        return new java.util.AbstractList<>() {
            @Override
            public Token get(int i) {
                return all.get(directives[i]);
            }

            @Override
            public int size() {
                return directives.length;
            }
        };
    }

    public Token get(int index) {
        return all.get(index);
    }

    public int size() {
        return all.size();
    }

    /** The index of the token that starts at {@code offset}, or -1 (a binary search: starts ascend). */
    public int indexAt(int offset) {
        int lo = 0;
        int hi = all.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int s = all.get(mid).start();
            if (s == offset) {
                return mid;
            } else if (s < offset) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    /** The index of the last code token before {@code i}, or -1. */
    public int prevCode(int i) {
        for (int k = i - 1; k >= 0; k--) {
            if (all.get(k).isCode()) {
                return k;
            }
        }
        return -1;
    }

    /** The index of the first code token after {@code i}, or -1. */
    public int nextCode(int i) {
        for (int k = i + 1; k < all.size(); k++) {
            if (all.get(k).isCode()) {
                return k;
            }
        }
        return -1;
    }

    /** The exact text from the start of token {@code from} to the end of token {@code to}, inclusive. */
    public String text(int from, int to) {
        return source.text().substring(all.get(from).start(), all.get(to).end());
    }

    public Span span(int from, int to) {
        return new Span(all.get(from).start(), all.get(to).end());
    }

    /** Concatenation of every token text: equals the source text when nothing was lost. */
    public String reassemble() {
        StringBuilder b = new StringBuilder(source.text().length());
        for (Token t : all) {
            b.append(t.text());
        }
        return b.toString();
    }
}
