package heapify.model;

/** The five {@code tp_as_*} protocol tables and their C struct names and slot prefixes. */
public enum SubTableKind {
    NUMBER("PyNumberMethods", "tp_as_number", "nb_"),
    SEQUENCE("PySequenceMethods", "tp_as_sequence", "sq_"),
    MAPPING("PyMappingMethods", "tp_as_mapping", "mp_"),
    ASYNC("PyAsyncMethods", "tp_as_async", "am_"),
    BUFFER("PyBufferProcs", "tp_as_buffer", "bf_");

    private final String cType;
    private final String typeField;
    private final String prefix;

    SubTableKind(String cType, String typeField, String prefix) {
        this.cType = cType;
        this.typeField = typeField;
        this.prefix = prefix;
    }

    public String cType() {
        return cType;
    }

    public String typeField() {
        return typeField;
    }

    public String prefix() {
        return prefix;
    }

    public static java.util.Optional<SubTableKind> ofCType(String name) {
        for (SubTableKind k : values()) {
            if (k.cType.equals(name)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }
}
