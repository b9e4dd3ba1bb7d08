package heapify.transform;

import heapify.source.Span;
import java.util.List;

/** A replacement of {@code span} of the original text by the concatenated fragments. */
public record PlannedEdit(Span span, List<Fragment> parts, String reason) {
    public PlannedEdit {
        parts = List.copyOf(parts);
    }
}
