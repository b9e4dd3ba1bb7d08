package heapify.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.source.Span;
import org.junit.jupiter.api.Test;

class EditSetTest {
    @Test
    void appliesFromTheEndSoOffsetsStayValid() {
        // contract: edits refer to the original text; untouched bytes stay identical
        EditSet set = new EditSet();
        set.add(new Edit(new Span(0, 3), "xyz!", "first"));
        set.add(new Edit(new Span(8, 11), "", "second"));
        assertEquals("xyz! def ", set.apply("abc def ghi"));
    }

    @Test
    void overlapIsRejectedNamingBothReasons() {
        // contract: an overlap is a bug in a transformer, reported with both reasons
        EditSet set = new EditSet();
        set.add(new Edit(new Span(2, 6), "a", "rewrite type reference"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> set.add(new Edit(new Span(5, 9), "b", "delete statement")));
        assertTrue(e.getMessage().contains("rewrite type reference"), e.getMessage());
        assertTrue(e.getMessage().contains("delete statement"), e.getMessage());
    }

    @Test
    void insertionsAtOnePointKeepTheirOrderAndPrecedeAReplacement() {
        // contract: stated merge rule for one offset
        EditSet set = new EditSet();
        set.add(new Edit(new Span(4, 7), "X", "replace"));
        set.add(new Edit(Span.at(4), "1", "first insertion"));
        set.add(new Edit(Span.at(4), "2", "second insertion"));
        assertEquals("abc 12X ghi", set.apply("abc def ghi"));
    }

    @Test
    void insertionInsideAReplacementIsRejected() {
        EditSet set = new EditSet();
        set.add(new Edit(new Span(2, 6), "a", "outer"));
        assertThrows(IllegalArgumentException.class, () -> set.add(new Edit(Span.at(4), "b", "inner")));
    }

    @Test
    void aReplacementOverAnEarlierInsertionIsRejected() {
        EditSet set = new EditSet();
        set.add(new Edit(Span.at(4), "b", "inner"));
        set.add(new Edit(new Span(0, 3), "a", "before it"));
        set.add(new Edit(new Span(5, 6), "c", "after it"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> set.add(new Edit(new Span(3, 5), "d", "outer")));
        assertTrue(e.getMessage().contains("inner") && e.getMessage().contains("outer"), e.getMessage());
    }

    @Test
    void conflictsAreFoundAsByComparingWithEveryEdit() {
        // the index rejects exactly what a comparison with every accepted edit rejects
        java.util.Random r = new java.util.Random(7);
        for (int round = 0; round < 300; round++) {
            EditSet set = new EditSet();
            java.util.List<Span> accepted = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int s = r.nextInt(40);
                Span span = new Span(s, s + (r.nextBoolean() ? 0 : r.nextInt(6)));
                boolean conflict = false;
                for (Span o : accepted) {
                    conflict |= span.overlaps(o) || (!span.isEmpty() && span.equals(o));
                }
                boolean rejected = false;
                try {
                    set.add(new Edit(span, "x", "e" + i));
                } catch (IllegalArgumentException e) {
                    rejected = true;
                }
                assertEquals(conflict, rejected, accepted + " " + span);
                if (!rejected) {
                    accepted.add(span);
                }
            }
        }
    }
}
