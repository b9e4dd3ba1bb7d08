package heapify.transform;

import heapify.source.Diagnostic;
import heapify.source.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * What transformers decided for one file: edits on the original text (with fragments still to
 * render) and diagnostics. Transformers add to it and never print.
 */
public final class MigrationPlan {
    private final List<PlannedEdit> edits = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
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
        if (!diagnostics.contains(d)) {
            diagnostics.add(d);
        }
    }

    public void replace(Span span, String reason, Fragment... parts) {
        edits.add(new PlannedEdit(span, List.of(parts), reason));
    }

    public void insert(int offset, String reason, Fragment... parts) {
        edits.add(new PlannedEdit(Span.at(offset), List.of(parts), reason));
    }

    /** True when a non-empty edit already covers any part of the span (or, for an empty span, strictly contains it). */
    public boolean touches(Span span) {
        for (PlannedEdit e : edits) {
            if (e.span().isEmpty()) {
                continue;
            }
            if (e.span().overlaps(span) || (span.isEmpty() && e.span().start() < span.start()
                    && span.start() < e.span().end())) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return edits.isEmpty();
    }
}
