package heapify.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Positional layouts of PyTypeObject and its sub-tables per CPython 3.8-3.14 (Include/cpython/object.h). */
class TypeObjectLayoutTest {
    @ParameterizedTest
    @CsvSource({"8,49", "9,48", "10,48", "11,48", "12,49", "13,50", "14,50"})
    void fieldCountPerVersion(int minor, int count) {
        assertEquals(count, TypeObjectLayout.typeFields(minor).size());
    }

    @ParameterizedTest
    @CsvSource({"8", "9", "10", "11", "12", "13", "14"})
    void sharedPrefixAndIndexFour(int minor) {
        List<String> f = TypeObjectLayout.typeFields(minor);
        assertEquals("tp_name", f.get(0));
        assertEquals("tp_dealloc", f.get(3));
        // tp_print was renamed tp_vectorcall_offset in 3.8 (bpo-36974)
        assertEquals("tp_vectorcall_offset", f.get(4));
        assertEquals("tp_as_async", f.get(7));
        assertEquals("tp_flags", f.get(18));
        assertEquals("tp_new", f.get(36));
        assertEquals("tp_finalize", f.get(46));
        assertEquals("tp_vectorcall", f.get(47));
        assertEquals(Optional.of("tp_vectorcall_offset"), TypeObjectLayout.typeField(minor, 4));
        assertEquals(Optional.empty(), TypeObjectLayout.typeField(minor, f.size()));
        assertEquals(Optional.empty(), TypeObjectLayout.typeField(minor, -1));
    }

    @Test
    void tails() {
        assertEquals(List.of("tp_vectorcall", "tp_print"), tail(8, 2));
        assertEquals(List.of("tp_finalize", "tp_vectorcall"), tail(9, 2));
        assertEquals(List.of("tp_finalize", "tp_vectorcall"), tail(11, 2));
        assertEquals(List.of("tp_vectorcall", "tp_watched"), tail(12, 2));
        assertEquals(List.of("tp_vectorcall", "tp_watched", "tp_versions_used"), tail(13, 3));
        assertEquals(TypeObjectLayout.typeFields(13), TypeObjectLayout.typeFields(14));
    }

    private static List<String> tail(int minor, int n) {
        List<String> f = TypeObjectLayout.typeFields(minor);
        return f.subList(f.size() - n, f.size());
    }

    @Test
    void subTables() {
        assertEquals(36, TypeObjectLayout.subTableFields(SubTableKind.NUMBER, 11).size());
        assertEquals("nb_bool", TypeObjectLayout.subTableFields(SubTableKind.NUMBER, 11).get(9));
        assertEquals("nb_reserved", TypeObjectLayout.subTableFields(SubTableKind.NUMBER, 11).get(17));
        assertEquals(10, TypeObjectLayout.subTableFields(SubTableKind.SEQUENCE, 11).size());
        assertEquals(3, TypeObjectLayout.subTableFields(SubTableKind.MAPPING, 11).size());
        // am_send appeared in 3.10 (bpo-41756)
        assertEquals(3, TypeObjectLayout.subTableFields(SubTableKind.ASYNC, 9).size());
        assertEquals("am_send", TypeObjectLayout.subTableFields(SubTableKind.ASYNC, 10).get(3));
        assertEquals(List.of("bf_getbuffer", "bf_releasebuffer"), TypeObjectLayout.subTableFields(SubTableKind.BUFFER, 14));
    }

    @Test
    void internalFieldsHaveNoSlot() {
        assertTrue(TypeObjectLayout.isInternal("tp_dict"));
        assertTrue(TypeObjectLayout.isInternal("tp_mro"));
        assertTrue(!TypeObjectLayout.isInternal("tp_new"));
    }

    @Test
    void versionsOutsideTheTableAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TypeObjectLayout.typeFields(7));
        assertThrows(IllegalArgumentException.class, () -> TypeObjectLayout.typeFields(15));
    }
}
