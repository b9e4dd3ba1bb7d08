package heapify.model;

import heapify.source.Span;
import java.util.List;

/** One braced entry of a member table: its element texts in order, and its span. */
public record TableEntry(List<String> values, Span span) {
    public TableEntry {
        values = List.copyOf(values);
    }

    public String value(int i) {
        return i < values.size() ? values.get(i) : "";
    }
}
