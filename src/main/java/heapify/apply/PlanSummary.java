package heapify.apply;

import heapify.lex.Lexing;
import heapify.model.FileModel;
import heapify.model.FileModelBuilder;
import heapify.model.StaticType;
import heapify.parse.IslandParser;
import heapify.parse.ParsedFile;
import heapify.source.Diagnostic;
import heapify.source.LineMap;
import heapify.source.Severity;
import heapify.source.SourceText;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code migrate} decides for one file, as {@code scan} prints it: each type object and
 * whether it becomes a heap type, what init becomes, whether isolation is claimed, and every
 * warning and error with its rule id (what stays as it was and why). Read off the migration
 * itself (input and output models), so scan and migrate cannot disagree.
 */
public record PlanSummary(String file, List<Entry> types, String init, String isolation, List<String> findings) {
    public PlanSummary {
        types = List.copyOf(types);
        findings = List.copyOf(findings);
    }

    /** One type object: {@code migrates} true when the output has it as a spec. */
    public record Entry(String cName, int line, boolean migrates) {
    }

    public static PlanSummary of(FileMigrator.Result r, String shown) {
        // the migration's own model of the input when it has one; an unchanged output has the same model
        FileModel before = r.model() != null ? r.model() : model(r.source());
        FileModel after = !r.changed() ? before
                : model(new SourceText(r.source().path(), r.output(), r.source().charset()));
        LineMap lines = new LineMap(r.source().text());
        List<Entry> types = new ArrayList<>();
        if (before != null) {
            for (StaticType t : before.types()) {
                boolean left = after == null || after.types().stream().anyMatch(o -> o.cName().equals(t.cName()));
                types.add(new Entry(t.cName(), lines.line(t.definition().start()), !left));
            }
        }
        String init = "none";
        if (before != null && !before.inits().isEmpty()) {
            boolean wasMulti = before.inits().get(0).multiPhase();
            boolean isMulti = after != null && !after.inits().isEmpty() && after.inits().get(0).multiPhase();
            init = (wasMulti ? "multi-phase" : "single-phase") + (wasMulti == isMulti ? " (unchanged)"
                    : " -> " + (isMulti ? "multi-phase" : "single-phase"));
        }
        String isolation = r.output().contains("Py_MOD_PER_INTERPRETER_GIL_SUPPORTED")
                ? "per-interpreter GIL claimed" : "not claimed";
        List<String> findings = new ArrayList<>();
        for (Diagnostic d : r.diagnostics()) {
            if (d.severity() != Severity.NOTE) {
                findings.add(d.format(lines));
            }
        }
        return new PlanSummary(shown, types, init, isolation, findings);
    }

    private static FileModel model(SourceText text) {
        ParsedFile parsed = IslandParser.parse(Lexing.lex(text));
        return parsed.parsed() ? FileModelBuilder.build(parsed) : null;
    }
}
