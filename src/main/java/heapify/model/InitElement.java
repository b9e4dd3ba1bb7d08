package heapify.model;

import heapify.source.Span;
import java.util.List;

/**
 * One element of a braced initializer. {@code designator} is the field after a leading '.'
 * ("" for a positional element); {@code value} is the element text without the designator and
 * with comments removed and whitespace collapsed; {@code span} covers the value as written;
 * {@code conditions} are the directive frames (token indexes of #if/#else lines) the element
 * sits in inside the initializer; {@code trailingComment} is the comment that follows the
 * element on its line, if any ("" otherwise).
 */
public record InitElement(String designator, String value, Span span, Span whole, List<Integer> conditions,
                          String trailingComment) {
    public InitElement {
        conditions = List.copyOf(conditions);
    }

    public boolean isDesignated() {
        return !designator.isEmpty();
    }
}
