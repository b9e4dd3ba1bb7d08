package heapify.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Positional field order of {@code PyTypeObject} and its sub-tables per CPython version
 * (migration-rules.md rule 2). Index 0 is the first element after the
 * {@code PyVarObject_HEAD_INIT(...)} head. Fields were renamed and appended over time:
 * index 4 is {@code tp_print} up to 3.7 and {@code tp_vectorcall_offset} from 3.8; 3.8 alone
 * appends a deprecated {@code tp_print} after {@code tp_vectorcall}; 3.12 appends
 * {@code tp_watched}, 3.13 {@code tp_versions_used}; 3.14 is believed equal to 3.13.
 */
public final class TypeObjectLayout {
    /** Oldest and newest minor versions (3.x) the table covers. */
    public static final int OLDEST = 8;
    public static final int NEWEST = 14;

    private static final List<String> COMMON = List.of(
            "tp_name", "tp_basicsize", "tp_itemsize", "tp_dealloc", "tp_vectorcall_offset",
            "tp_getattr", "tp_setattr", "tp_as_async", "tp_repr", "tp_as_number", "tp_as_sequence",
            "tp_as_mapping", "tp_hash", "tp_call", "tp_str", "tp_getattro", "tp_setattro", "tp_as_buffer",
            "tp_flags", "tp_doc", "tp_traverse", "tp_clear", "tp_richcompare", "tp_weaklistoffset",
            "tp_iter", "tp_iternext", "tp_methods", "tp_members", "tp_getset", "tp_base", "tp_dict",
            "tp_descr_get", "tp_descr_set", "tp_dictoffset", "tp_init", "tp_alloc", "tp_new", "tp_free",
            "tp_is_gc", "tp_bases", "tp_mro", "tp_cache", "tp_subclasses", "tp_weaklist", "tp_del",
            "tp_version_tag", "tp_finalize", "tp_vectorcall");

    private static final List<String> NUMBER = List.of(
            "nb_add", "nb_subtract", "nb_multiply", "nb_remainder", "nb_divmod", "nb_power", "nb_negative",
            "nb_positive", "nb_absolute", "nb_bool", "nb_invert", "nb_lshift", "nb_rshift", "nb_and",
            "nb_xor", "nb_or", "nb_int", "nb_reserved", "nb_float", "nb_inplace_add", "nb_inplace_subtract",
            "nb_inplace_multiply", "nb_inplace_remainder", "nb_inplace_power", "nb_inplace_lshift",
            "nb_inplace_rshift", "nb_inplace_and", "nb_inplace_xor", "nb_inplace_or", "nb_floor_divide",
            "nb_true_divide", "nb_inplace_floor_divide", "nb_inplace_true_divide", "nb_index",
            "nb_matrix_multiply", "nb_inplace_matrix_multiply");
    private static final List<String> SEQUENCE = List.of(
            "sq_length", "sq_concat", "sq_repeat", "sq_item", "was_sq_slice", "sq_ass_item",
            "was_sq_ass_slice", "sq_contains", "sq_inplace_concat", "sq_inplace_repeat");
    private static final List<String> MAPPING = List.of("mp_length", "mp_subscript", "mp_ass_subscript");
    private static final List<String> ASYNC_39 = List.of("am_await", "am_aiter", "am_anext");
    private static final List<String> ASYNC = List.of("am_await", "am_aiter", "am_anext", "am_send");
    private static final List<String> BUFFER = List.of("bf_getbuffer", "bf_releasebuffer");

    private TypeObjectLayout() {
    }

    /** The {@code PyTypeObject} fields after the head, in order, for CPython 3.{@code minor}. */
    public static List<String> typeFields(int minor) {
        checkVersion(minor);
        List<String> f = new ArrayList<>(COMMON);
        if (minor == 8) {
            f.add("tp_print");
        }
        if (minor >= 12) {
            f.add("tp_watched");
        }
        if (minor >= 13) {
            f.add("tp_versions_used");
        }
        return Collections.unmodifiableList(f);
    }

    /** The field at a positional index for CPython 3.{@code minor}, or empty past the end. */
    public static Optional<String> typeField(int minor, int index) {
        List<String> f = typeFields(minor);
        return index >= 0 && index < f.size() ? Optional.of(f.get(index)) : Optional.empty();
    }

    /** The fields of a sub-table for CPython 3.{@code minor}. */
    public static List<String> subTableFields(SubTableKind kind, int minor) {
        checkVersion(minor);
        return switch (kind) {
            case NUMBER -> NUMBER;
            case SEQUENCE -> SEQUENCE;
            case MAPPING -> MAPPING;
            case ASYNC -> minor >= 10 ? ASYNC : ASYNC_39;
            case BUFFER -> BUFFER;
        };
    }

    /** Fields with no slot id: a heap type cannot set them (rule 1). */
    public static boolean isInternal(String field) {
        return switch (field) {
            case "tp_dict", "tp_mro", "tp_cache", "tp_subclasses", "tp_weaklist", "tp_version_tag",
                 "tp_watched", "tp_versions_used", "tp_print", "nb_reserved", "was_sq_slice",
                 "was_sq_ass_slice" -> true;
            default -> false;
        };
    }

    private static void checkVersion(int minor) {
        if (minor < OLDEST || minor > NEWEST) {
            throw new IllegalArgumentException("no layout for 3." + minor);
        }
    }
}
