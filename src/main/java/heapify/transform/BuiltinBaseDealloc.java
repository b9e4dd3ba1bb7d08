package heapify.transform;

import heapify.model.StaticType;
import heapify.source.Severity;
import java.util.List;
import java.util.Set;

/**
 * Rule 4, the dealloc of a subclass of a static builtin ({@code [builtin-base-dealloc]}): a static
 * type without a tp_dealloc of its own inherited its base's, {@code list_dealloc} for a list
 * subclass; a heap type made from a spec without {@code Py_tp_dealloc} gets
 * {@code subtype_dealloc} instead ("it's a heap type, so needs the heap types' dealloc",
 * Objects/typeobject.c), which checks for finalizers, weak references and a {@code __dict__}
 * on every instance: {@code xxsubtype.spamlist()} create + destroy measured 1.14-1.22x. The
 * migrated type gets a dealloc that calls the base's and releases the heap type, what
 * {@code subtype_dealloc} does for a type that adds no finalizer, weak references or dict.
 */
final class BuiltinBaseDealloc {
    /** Static GC builtins whose deallocs untrack, clear and free through {@code tp_free} themselves. */
    private static final Set<String> BASES = Set.of("PyList_Type", "PyDict_Type", "PySet_Type",
            "PyFrozenSet_Type", "PyTuple_Type", "PyProperty_Type", "PyODict_Type");
    /** What subtype_dealloc handles that the base's dealloc does not. */
    private static final List<String> SUBTYPE_WORK = List.of("tp_dealloc", "tp_finalize", "tp_del",
            "tp_dictoffset", "tp_weaklistoffset");

    private BuiltinBaseDealloc() {
    }

    /** The dealloc to give {@code t}, or null when it has one or needs subtype_dealloc's work. */
    static Views.DeallocView view(MigrationContext ctx, StaticType t) {
        String base = ctx.baseOf(t);
        if (!BASES.contains(base) || SUBTYPE_WORK.stream().anyMatch(f -> ctx.sets(t, f))
                || ctx.field(t, "tp_flags").matches("(?s).*Py_TPFLAGS_MANAGED_(DICT|WEAKREF).*")) {
            return null;
        }
        String name = ctx.names().fresh("type dealloc " + t.cName(),
                ctx.specNames.get(t.cName()).replaceFirst("_spec$", "") + "_dealloc");
        ctx.diagnose(Severity.NOTE, "builtin-base-dealloc", t.definition().start(), "'" + t.cName()
                + "' had no dealloc and inherited " + base + "'s; as a heap type it gets '" + name + "', which calls "
                + base + ".tp_dealloc and releases the type, instead of the generic subtype_dealloc");
        return new Views.DeallocView(name, base);
    }
}
