package heapify.lex;

import heapify.source.Diagnostic;
import heapify.source.SourceText;
import heapify.source.Span;
import java.util.List;

/**
 * All tokens of a file in order; their texts concatenate to the file's text exactly.
 * {@code code} holds the indexes (into {@code all}) of the default-channel tokens.
 */
public record TokenList(SourceText source, List<Token> all, int[] code, List<Diagnostic> diagnostics) {
    public TokenList {
        all = List.copyOf(all);
        diagnostics = List.copyOf(diagnostics);
    }

    public Token get(int index) {
        return all.get(index);
    }

    public int size() {
        return all.size();
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
