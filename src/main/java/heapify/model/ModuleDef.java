package heapify.model;

import heapify.source.Span;
import java.util.Map;

/**
 * A {@code PyModuleDef}: its C name and fields by name ({@code m_name}, {@code m_size},
 * {@code m_methods}, {@code m_slots}, {@code m_traverse}, ...), mapped from positional or
 * designated initializers.
 */
public record ModuleDef(String cName, Map<String, TypeField> fields, Span definition, Span initializer) {
    public ModuleDef {
        fields = Fields.copyOf(fields);
    }

    public String value(String field) {
        TypeField f = fields.get(field);
        return f == null ? "" : f.value();
    }
}
