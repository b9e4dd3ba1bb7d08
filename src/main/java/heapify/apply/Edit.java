package heapify.apply;

import heapify.source.Span;
import java.util.Objects;

/**
 * One replacement of the original text: the span [start, end) of UTF-16 offsets is replaced by
 * {@code text}; an empty span is an insertion. {@code reason} says which transformer wanted it.
 */
public record Edit(Span span, String text, String reason) {
    public Edit {
        Objects.requireNonNull(span);
        Objects.requireNonNull(text);
        Objects.requireNonNull(reason);
    }
}
