package heapify.analysis;

/** How a function is called, which decides how it can reach the module state (rule 7). */
public enum FunctionKind {
    /** In the module's PyMethodDef table: the first parameter is the module. */
    MODULE_FUNCTION,
    /** In a type's PyMethodDef table: self first; defining_class with METH_METHOD. */
    METHOD,
    /** A getter or setter of a type's PyGetSetDef table: self first. */
    GETSET,
    /** tp_new: the type argument first (may be a subclass). */
    NEW,
    /** tp_dealloc, tp_finalize, tp_del: never looks up state (rule 4). */
    DEALLOC,
    /** tp_traverse and tp_clear: no state lookups either. */
    GC,
    /** Binary or ternary nb_* slots: either operand may be foreign. */
    BINARY_SLOT,
    /** Every other slot: self first. */
    SELF_SLOT,
    /** PyInit_* of a single-phase module, or the exec function of a multi-phase one. */
    INIT,
    /** Anything else: gets state only as a parameter from its callers. */
    HELPER
}
