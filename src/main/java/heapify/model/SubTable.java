package heapify.model;

import heapify.source.Span;
import java.util.List;
import java.util.Map;

/**
 * A {@code PyNumberMethods}/... table defined with an initializer, with its fields by name and its
 * initializer elements as written.
 */
public record SubTable(SubTableKind kind, String cName, Map<String, TypeField> fields, List<InitElement> elements,
                       Span definition, List<String> unmapped) {
    public SubTable {
        fields = Fields.copyOf(fields);
        elements = List.copyOf(elements);
        unmapped = List.copyOf(unmapped);
    }
}
