package heapify.model;

import heapify.source.Span;
import java.util.List;
import java.util.Map;

/** A {@code PyNumberMethods}/... table defined with an initializer, with its fields by name. */
public record SubTable(SubTableKind kind, String cName, Map<String, TypeField> fields, Span definition,
                       List<String> unmapped) {
    public SubTable {
        fields = Map.copyOf(fields);
        unmapped = List.copyOf(unmapped);
    }
}
