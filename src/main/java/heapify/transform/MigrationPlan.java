package heapify.transform;

import heapify.source.Diagnostic;
import heapify.source.Span;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What transformers decided for one file: edits on the original text (with fragments still to
 * render) and diagnostics. Transformers add to it and never print.
 */
public final class MigrationPlan {
    private final List<PlannedEdit> edits = new ArrayList<>();
    /**
     * The union of the non-empty edits' spans, as disjoint [start, end) keyed by start: spans that
     * overlap are merged, spans that only touch are not, so that an offset lies strictly inside
     * an entry exactly when it lies strictly inside an edit. {@link #touches} looks one entry up
     * instead of walking every edit (a file with thousands of types asks it for every token).
     */
    private final TreeMap<Integer, Integer> covered = new TreeMap<>();
    /** The reasons of the edits, for {@link #hasEdit}. */
    private final Set<String> reasons = new HashSet<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    /** The same diagnostics, for the duplicate check in {@link #diagnose}. */
    private final Set<Diagnostic> diagnosed = new HashSet<>();
    /** The clinic output ({@code clinic/x.c.h}, as the include names it) to regenerate after the edits, or null. */
    private heapify.analysis.ClinicHeader regenerate;

    public List<PlannedEdit> edits() {
        return List.copyOf(edits);
    }

    /**
     * The Argument Clinic output to regenerate with the tree's clinic once the edits are applied
     * (the edits changed clinic input), or empty.
     */
    public java.util.Optional<heapify.analysis.ClinicHeader> regenerate() {
        return java.util.Optional.ofNullable(regenerate);
    }

    public void regenerate(heapify.analysis.ClinicHeader header) {
        regenerate = header;
    }

    public List<Diagnostic> diagnostics() {
        return List.copyOf(diagnostics);
    }

    public void diagnose(Diagnostic d) {
        if (diagnosed.add(d)) {
            diagnostics.add(d);
        }
    }

    public void replace(Span span, String reason, Fragment... parts) {
        add(new PlannedEdit(span, List.of(parts), reason));
    }

    public void insert(int offset, String reason, Fragment... parts) {
        add(new PlannedEdit(Span.at(offset), List.of(parts), reason));
    }

    private void add(PlannedEdit e) {
        edits.add(e);
        reasons.add(e.reason());
        if (e.span().isEmpty()) {
            return;
        }
        int start = e.span().start();
        int end = e.span().end();
        for (Map.Entry<Integer, Integer> o = covered.lowerEntry(end); o != null && o.getValue() > start;
                o = covered.lowerEntry(end)) {
            start = Math.min(start, o.getKey());
            end = Math.max(end, o.getValue());
            covered.remove(o.getKey());
        }
        covered.put(start, end);
    }

    /** True when an edit with this reason was planned. */
    public boolean hasEdit(String reason) {
        return reasons.contains(reason);
    }

    /** True when a non-empty edit already covers any part of the span (or, for an empty span, strictly contains it). */
    public boolean touches(Span span) {
        // the entries are disjoint: only the last one starting before the span's end can reach into it
        Map.Entry<Integer, Integer> o = covered.lowerEntry(span.end());
        return o != null && o.getValue() > span.start();
    }

    public boolean isEmpty() {
        return edits.isEmpty();
    }
}
