package heapify.parse;

import heapify.lex.TokenList;
import heapify.source.Diagnostic;
import java.util.List;

/**
 * The island parse of one file: its tokens, its top-level items in order, and what went wrong.
 * When braces are unbalanced the items are empty and the diagnostics say where.
 * {@code conditions} maps each token index to the innermost conditional frame it is in (-1: none);
 * {@code frames} are those frames.
 */
public record ParsedFile(TokenList tokens, List<TopItem> items, List<Conditional> frames, int[] conditions,
                         List<Diagnostic> diagnostics) {
    public ParsedFile {
        items = List.copyOf(items);
        frames = List.copyOf(frames);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean parsed() {
        return diagnostics.stream().noneMatch(d -> d.severity() == heapify.source.Severity.ERROR);
    }

    /** The conditional frames enclosing a token, outermost first (empty when unconditional). */
    public List<Integer> conditionsOf(int token) {
        java.util.ArrayList<Integer> out = new java.util.ArrayList<>();
        for (int f = conditions[token]; f >= 0; f = frames.get(f).parent()) {
            out.add(0, f);
        }
        return out;
    }
}
