package heapify.model;

import heapify.source.Span;
import java.util.List;

/** A {@code PyMethodDef[]}, {@code PyMemberDef[]}, {@code PyGetSetDef[]} (or slot) array. */
public record MemberTable(MemberTableKind kind, String cName, List<TableEntry> entries, Span definition,
                          Span initializer) {
    public MemberTable {
        entries = List.copyOf(entries);
    }
}
