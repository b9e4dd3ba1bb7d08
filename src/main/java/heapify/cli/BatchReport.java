package heapify.cli;

import heapify.apply.FileMigrator;
import heapify.apply.PlanSummary;
import heapify.source.Diagnostic;
import heapify.source.Severity;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch {@code migrate} did, one line per module file and the totals: migrated, partly
 * migrated (with what stays static), left unchanged (with its findings), nothing to do, or
 * failed (the file could not be read as C, or its output was not written). Printed on stderr
 * after a run over several files, and as JSON with {@code --json}.
 */
final class BatchReport {
    /** One file's outcome; {@code left} counts the type objects that stay static. */
    record Line(String file, Outcome outcome, int types, int left, int findings) {
    }

    enum Outcome {
        MIGRATED("migrated"), PARTLY("partly migrated"), UNCHANGED("left unchanged"), NOTHING("nothing to do"),
        FAILED("failed");

        final String words;

        Outcome(String words) {
            this.words = words;
        }
    }

    private final List<Line> lines = new ArrayList<>();

    /**
     * Records a migrated file, {@code plan} its {@link PlanSummary}; {@code written} is false when
     * its output was refused or could not be written.
     */
    void add(FileMigrator.Result r, PlanSummary plan, boolean written) {
        long findings = r.diagnostics().stream().filter(d -> d.severity() != Severity.NOTE).count();
        boolean failed = !written || r.diagnostics().stream().anyMatch(BatchReport::unreadable);
        String shown = plan.file();
        // a file whose output was not written keeps every type it had
        int left = written ? (int) plan.types().stream().filter(e -> !e.migrates()).count() : plan.types().size();
        Outcome o = failed ? Outcome.FAILED
                : r.changed() ? (findings == 0 ? Outcome.MIGRATED : Outcome.PARTLY)
                : findings == 0 ? Outcome.NOTHING : Outcome.UNCHANGED;
        lines.add(new Line(shown, o, plan.types().size(), left, (int) findings));
    }

    /** Parse failures: the file was not understood as C at all. */
    private static boolean unreadable(Diagnostic d) {
        return d.severity() == Severity.ERROR && List.of("unbalanced-brackets", "unterminated-comment",
                "unterminated-string", "binary-file", "internal-error").contains(d.ruleId());
    }

    void addUnreadable(String shown) {
        lines.add(new Line(shown, Outcome.FAILED, 0, 0, 1));
    }

    int size() {
        return lines.size();
    }

    void print(PrintWriter err) {
        for (Line l : lines) {
            if (l.outcome() == Outcome.NOTHING) {
                continue;
            }
            StringBuilder s = new StringBuilder("heapify: " + l.file() + ": " + l.outcome().words);
            if (l.types() > 0 && l.outcome() != Outcome.FAILED) {
                s.append(", ").append(l.types() - l.left()).append(" of ").append(l.types())
                        .append(" type objects migrated");
            }
            if (l.findings() > 0) {
                s.append(", ").append(l.findings()).append(l.findings() == 1 ? " finding" : " findings");
            }
            err.println(s);
        }
        Map<Outcome, Integer> n = totals();
        int types = lines.stream().mapToInt(Line::types).sum();
        int left = lines.stream().mapToInt(Line::left).sum();
        err.println("heapify: " + lines.size() + " files: " + n.get(Outcome.MIGRATED) + " migrated, "
                + n.get(Outcome.PARTLY) + " partly migrated, " + n.get(Outcome.UNCHANGED) + " left unchanged, "
                + n.get(Outcome.NOTHING) + " nothing to do, " + n.get(Outcome.FAILED) + " failed; "
                + (types - left) + " of " + types + " type objects migrated");
    }

    private Map<Outcome, Integer> totals() {
        Map<Outcome, Integer> n = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            n.put(o, 0);
        }
        for (Line l : lines) {
            n.merge(l.outcome(), 1, Integer::sum);
        }
        return n;
    }

    /** The report as a JSON document: {@code files} (one object per file) and {@code totals}. */
    Map<String, Object> json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", "heapify-migrate-report/1");
        List<Object> files = new ArrayList<>();
        for (Line l : lines) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", l.file());
            f.put("outcome", l.outcome().words);
            f.put("types", l.types());
            f.put("typesLeftStatic", l.left());
            f.put("findings", l.findings());
            files.add(f);
        }
        doc.put("files", files);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals().forEach((o, c) -> totals.put(o.words, c));
        totals.put("types", lines.stream().mapToInt(Line::types).sum());
        totals.put("typesLeftStatic", lines.stream().mapToInt(Line::left).sum());
        doc.put("totals", totals);
        return doc;
    }
}
