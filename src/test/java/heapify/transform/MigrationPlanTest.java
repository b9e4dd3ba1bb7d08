package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MigrationPlanTest {
    @Test
    void touchesAsEveryEditAnswers() {
        // the index answers what a walk over every edit answers, for overlapping, touching, nested
        // and empty edits and spans
        Random r = new Random(12);
        for (int round = 0; round < 200; round++) {
            MigrationPlan plan = new MigrationPlan();
            List<Span> spans = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int s = r.nextInt(60);
                Span span = new Span(s, s + (r.nextInt(3) == 0 ? 0 : r.nextInt(8)));
                spans.add(span);
                plan.replace(span, "edit " + i);
                for (int q = 0; q <= 70; q++) {
                    for (int len = 0; len < 4; len++) {
                        Span query = new Span(q, q + len);
                        assertEquals(walk(spans, query), plan.touches(query), spans + " " + query);
                    }
                }
            }
        }
    }

    private static boolean walk(List<Span> edits, Span span) {
        for (Span e : edits) {
            if (!e.isEmpty() && (e.overlaps(span)
                    || (span.isEmpty() && e.start() < span.start() && span.start() < e.end()))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void touchingEditsLeaveTheOffsetBetweenThemFree() {
        MigrationPlan plan = new MigrationPlan();
        plan.replace(new Span(0, 5), "a");
        plan.replace(new Span(5, 10), "b");
        assertFalse(plan.touches(Span.at(5)));
        assertTrue(plan.touches(Span.at(4)));
        assertTrue(plan.touches(new Span(4, 6)));
        assertFalse(plan.touches(new Span(10, 12)));
        assertTrue(plan.hasEdit("b"));
        assertFalse(plan.hasEdit("c"));
    }
}
