package heapify.apply;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Non-overlapping edits on one original text, applied from the end backwards so that every
 * offset stays valid and bytes outside the edits stay identical.
 *
 * <p>Merge rule for one point: insertions at the same offset keep the order they were added in,
 * and all of them come before a replacement that starts at that offset.
 */
public final class EditSet {
    private final List<Edit> edits = new ArrayList<>();

    /** Adds an edit; an overlap with an earlier edit is rejected naming both reasons. */
    public void add(Edit e) {
        for (Edit o : edits) {
            if (e.span().overlaps(o.span())
                    || (!e.span().isEmpty() && !o.span().isEmpty() && e.span().equals(o.span()))) {
                throw new IllegalArgumentException("edit '" + e.reason() + "' at " + e.span().start() + ".."
                        + e.span().end() + " overlaps edit '" + o.reason() + "' at " + o.span().start() + ".."
                        + o.span().end());
            }
            if (e.span().isEmpty() && !o.span().isEmpty() && o.span().start() < e.span().start()
                    && e.span().start() < o.span().end()) {
                throw new IllegalArgumentException("insertion '" + e.reason() + "' lies inside edit '"
                        + o.reason() + "'");
            }
        }
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
