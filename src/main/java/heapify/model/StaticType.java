package heapify.model;

import heapify.source.Span;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code PyTypeObject} defined with an initializer. {@code fields} maps each field the
 * initializer sets (by name, for positional elements through {@link TypeObjectLayout}) to its
 * value; the head ({@code PyVarObject_HEAD_INIT(...)}) is {@code head}. {@code storage} is
 * "static", "" (non-static) or the export macro. {@code definition} spans the whole declaration,
 * {@code initializer} the braces. {@code unmapped} lists problems met while mapping fields.
 * {@code flags}: the text of {@code tp_flags} with a flags macro of the file expanded
 * ({@code #define BUFFER_TPFLAGS (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE)}, pygame), which
 * {@link #hasFlag} reads; the spec keeps the macro as written.
 */
public record StaticType(String cName, String tpName, String storage, boolean designated, String head,
                         Map<String, TypeField> fields, List<InitElement> elements, Span definition,
                         Span initializer, List<Integer> conditions, List<String> unmapped, String flags) {
    public StaticType {
        fields = Fields.copyOf(fields);
        elements = List.copyOf(elements);
        conditions = List.copyOf(conditions);
        unmapped = List.copyOf(unmapped);
    }

    public boolean isStatic() {
        return storage.equals("static");
    }

    /** The same type with another storage: "static" for one that no other file can be naming. */
    public StaticType withStorage(String newStorage) {
        return new StaticType(cName, tpName, newStorage, designated, head, fields, elements, definition, initializer,
                conditions, unmapped, flags);
    }

    public Optional<TypeField> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** The value of a field, or "" when the initializer leaves it zero. */
    public String value(String name) {
        TypeField f = fields.get(name);
        return f == null ? "" : f.value();
    }

    /** True when the field is set to something other than 0/NULL. */
    public boolean sets(String name) {
        String v = value(name);
        return !v.isEmpty() && !v.equals("0") && !v.equals("NULL") && !v.equals("(void *)0");
    }

    public boolean hasFlag(String flag) {
        return FileModelBuilder.hasWord(flags, flag);
    }
}
