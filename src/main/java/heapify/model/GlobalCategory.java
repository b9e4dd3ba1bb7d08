package heapify.model;

/**
 * What a module-level (or function-level static) variable is, for migration: what must move to
 * the module state and what may stay.
 */
public enum GlobalCategory {
    /** A {@code PyTypeObject} (static type) or a {@code PyTypeObject *} made at init. */
    TYPE("type"),
    /** An exception class created at init. */
    EXCEPTION("exception"),
    /** A cached Python object: an interned string, an imported callable or module, a singleton. */
    CACHED_OBJECT("cached-object"),
    /** Mutable C data of the module: counters, flags, caches of C values, free lists. */
    C_STATE("c-state"),
    /** The module definition, its slots, and similar definitions shared safely by design. */
    MODULE_DEF("module-def"),
    /** Safe to keep: {@code _Py_IDENTIFIER}, {@code _PyArg_Parser}, const tables, method tables. */
    SAFE("safe");

    private final String label;

    GlobalCategory(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
