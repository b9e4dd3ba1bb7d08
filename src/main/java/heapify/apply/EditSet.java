package heapify.apply;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Non-overlapping edits on one original text, applied from the end backwards so that every
 * offset stays valid and bytes outside the edits stay identical.
 *
 * <p>Merge rule for one point: insertions at the same offset keep the order they were added in,
 * and all of them come before a replacement that starts at that offset.
 */
public final class EditSet {
    private final List<Edit> edits = new ArrayList<>();
    /**
     * The replacements by start and the first insertion at each offset: the edits accepted never
     * overlap, so one look-up on each finds a conflict (a file with thousands of types has tens of
     * thousands of edits).
     */
    private final TreeMap<Integer, Edit> replacements = new TreeMap<>();
    private final TreeMap<Integer, Edit> insertions = new TreeMap<>();

    /** Adds an edit; an overlap with an earlier edit is rejected naming both reasons. */
    public void add(Edit e) {
        int start = e.span().start();
        int end = e.span().end();
        // the one replacement that can overlap [start, end), or hold an insertion strictly inside
        Map.Entry<Integer, Edit> r = replacements.lowerEntry(e.span().isEmpty() ? start : end);
        if (r != null && r.getValue().span().end() > start) {
            Edit o = r.getValue();
            throw new IllegalArgumentException((e.span().isEmpty() ? "insertion '" + e.reason() + "' lies inside"
                    : "edit '" + e.reason() + "' at " + start + ".." + end + " overlaps") + " edit '"
                    + o.reason() + "' at " + o.span().start() + ".." + o.span().end());
        }
        Map.Entry<Integer, Edit> i = e.span().isEmpty() ? null : insertions.higherEntry(start);
        if (i != null && i.getKey() < end) {
            throw new IllegalArgumentException("insertion '" + i.getValue().reason() + "' lies inside edit '"
                    + e.reason() + "' at " + start + ".." + end);
        }
        (e.span().isEmpty() ? insertions : replacements).putIfAbsent(start, e);
        edits.add(e);
    }

    public List<Edit> edits() {
        return List.copyOf(edits);
    }

    public boolean isEmpty() {
        return edits.isEmpty();
    }

    /** The edits in the order {@link #apply} applies them: by start, insertions before replacements, then as added. */
    public List<Edit> sorted() {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt((Edit e) -> e.span().start())
                .thenComparingInt(e -> e.span().isEmpty() ? 0 : 1)); // List.sort is stable
        return sorted;
    }

    /** The text with every edit applied. */
    public String apply(String original) {
        List<Edit> sorted = sorted();
        StringBuilder b = new StringBuilder(original.length() + 1024);
        int at = 0;
        for (Edit e : sorted) {
            b.append(original, at, e.span().start());
            b.append(e.text());
            at = e.span().end();
        }
        b.append(original, at, original.length());
        return b.toString();
    }
}
