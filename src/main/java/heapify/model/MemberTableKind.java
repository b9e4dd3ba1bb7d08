package heapify.model;

/** The arrays a type or module points to: methods, members, getters/setters, module slots. */
public enum MemberTableKind {
    METHODS("PyMethodDef"), MEMBERS("PyMemberDef"), GETSET("PyGetSetDef"), MODULE_SLOTS("PyModuleDef_Slot"),
    TYPE_SLOTS("PyType_Slot");

    private final String cType;

    MemberTableKind(String cType) {
        this.cType = cType;
    }

    public String cType() {
        return cType;
    }

    public static java.util.Optional<MemberTableKind> ofCType(String name) {
        for (MemberTableKind k : values()) {
            if (k.cType.equals(name)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }
}
