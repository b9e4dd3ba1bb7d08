package heapify.apply;

import heapify.analysis.ModuleAnalysis;
import heapify.analysis.Statements;
import heapify.lex.Lexing;
import heapify.lex.TokenList;
import heapify.model.FileModel;
import heapify.model.FileModelBuilder;
import heapify.parse.IslandParser;
import heapify.parse.ParsedFile;
import heapify.render.Renderer;
import heapify.render.TextStyle;
import heapify.source.Diagnostic;
import heapify.source.LineMap;
import heapify.source.SafeText;
import heapify.source.Severity;
import heapify.source.SourceText;
import heapify.source.Span;
import heapify.transform.Fragment;
import heapify.transform.Migration;
import heapify.transform.ModuleUnit;
import heapify.transform.MigrationPlan;
import heapify.transform.Options;
import heapify.transform.PlannedEdit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Migrates one source text: lex, parse, model, analyse, plan, render the fragments in the file's
 * style, apply the edits, and diff. Never throws for a bad file: the result then is unchanged
 * text with an error diagnostic.
 */
public final class FileMigrator {
    private final Renderer renderer;
    private final Options options;
    /** Included files read once per migrator (one run), shared by the modules including them. */
    private final LocalIncludes.Cache includes = new LocalIncludes.Cache();

    /** The modules made of several files, grouped once per folder (rule module-unit). */
    private final ModuleUnits units;
    /** The consumers of C API capsules in the run's folders, read once when a module exports one. */
    private final CapsuleConsumers capsules;

    public FileMigrator(Renderer renderer, Options options) {
        this(renderer, options, java.util.Set.of());
    }

    /** {@code inputs}: the run's files; a module made of several files migrates when all of them are inputs. */
    public FileMigrator(Renderer renderer, Options options, java.util.Set<Path> inputs) {
        this.renderer = renderer;
        this.options = options;
        this.units = new ModuleUnits(inputs, options, includes);
        this.capsules = new CapsuleConsumers(inputs);
    }

    /**
     * Reads ahead, on the calling thread, the large local files that {@code modules} include (see
     * {@link LocalIncludes.Cache#prefetch}); the results are the same with or without it.
     */
    public void prefetchIncludes(List<Path> modules) {
        includes.prefetch(modules, PREFETCH_BYTES);
    }

    /** Included files this large are read ahead: CPython's unicode tables (0.5 and 2.3 MB), _ssl's data (0.2 MB). */
    private static final long PREFETCH_BYTES = 128 * 1024;

    /**
     * The outcome for one file: the new text ("" diff when unchanged), sorted diagnostics, and
     * whether the migration is complete: false when the file could not be read as C or any
     * diagnostic, of the parse or of the migration, is a warning or an error (notes only describe
     * changes).
     */
    public record Result(SourceText source, String output, String diff, List<Diagnostic> diagnostics,
                         boolean complete, FileModel model, List<Included> included) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
            included = List.copyOf(included);
        }

        public Result(SourceText source, String output, String diff, List<Diagnostic> diagnostics, boolean complete,
                      FileModel model) {
            this(source, output, diff, diagnostics, complete, model, List.of());
        }

        /** Without the input's model (it did not parse): {@link PlanSummary} then builds what it needs. */
        public Result(SourceText source, String output, String diff, List<Diagnostic> diagnostics, boolean complete) {
            this(source, output, diff, diagnostics, complete, null, List.of());
        }

        public boolean changed() {
            return !output.equals(source.text());
        }

        /**
         * The same result without the input's model (its tokens and syntax), for a result kept
         * after its {@link PlanSummary} was made.
         */
        public Result withoutModel() {
            return new Result(source, output, diff, diagnostics, complete, null, included);
        }

        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
        }

        /** Diagnostics as gcc prints them for a terminal: the line, then the source line and a caret. */
        public List<String> diagnosticsWithSource() {
            LineMap lines = new LineMap(source.text());
            List<String> out = new ArrayList<>();
            for (Diagnostic d : diagnostics) {
                out.add(d.format(lines));
                if (d.hasPosition()) {
                    // the line as the terminal can show it: control bytes escaped, the caret under
                    // the same character however wide its escape is
                    int line = lines.line(d.span().start());
                    String text = lines.lineText(line);
                    out.add(" " + SafeText.of(text));
                    StringBuilder caret = new StringBuilder(" ");
                    int col = lines.column(d.span().start());
                    for (int i = 0; i < col - 1 && i < text.length(); i++) {
                        char c = text.charAt(i);
                        caret.append(c == '\t' ? "\t" : " ".repeat(SafeText.escape(c).length()));
                    }
                    out.add(caret.append('^').toString());
                }
            }
            return out;
        }

        /** Diagnostics in gcc's shape, one per line. */
        public List<String> formattedDiagnostics() {
            LineMap lines = new LineMap(source.text());
            List<String> out = new ArrayList<>();
            for (Diagnostic d : diagnostics) {
                out.add(d.format(lines));
            }
            return out;
        }
    }

    /**
     * A file the module includes that changes with it ({@code clinic/x.c.h}): {@code name} as the
     * include directive writes it, its text before and after, and its diff.
     */
    public record Included(String name, SourceText source, String output, String diff) {
    }

    /**
     * The module {@code file} is migrated with when its changes depend on other files' (rule
     * module-unit: its init file creates its types, or it reads them from the shared header's
     * state): the shared header's path; "" for a file migrated on its own.
     */
    public String unitKey(Path file) {
        ModuleUnit u = units.of(file);
        boolean member = !u.exported().isEmpty() || !u.created().isEmpty() || !u.reached().isEmpty();
        return member && !u.header().isEmpty()
                ? file.toAbsolutePath().normalize().resolveSibling(u.header()).normalize().toString() : "";
    }

    /**
     * A file without a line break at its end keeps it that way: an edit at the end (a template
     * ends with its line break) would otherwise add one that the author did not write.
     */
    static String keepMissingFinalNewline(String before, String after) {
        if (before.isEmpty() || endsWithLineBreak(before) || !endsWithLineBreak(after)) {
            return after;
        }
        int cut = after.endsWith("\r\n") ? 2 : 1;
        return after.substring(0, after.length() - cut);
    }

    private static boolean endsWithLineBreak(String text) {
        return text.endsWith("\n") || text.endsWith("\r");
    }

    /** {@code text} with the rendered edits, its final line break as it was. */
    /** The text with the planned edits rendered and applied; {@code applied} gets them in the order applied. */
    private String apply(String text, List<PlannedEdit> planned, List<Edit> applied) {
        TextStyle style = TextStyle.of(text);
        EditSet edits = new EditSet();
        for (PlannedEdit e : planned) {
            StringBuilder out = new StringBuilder();
            for (Fragment f : e.parts()) {
                out.append(renderer.render(f, style));
            }
            edits.add(new Edit(e.span(), wrapWholeLines(text, e.span(), out.toString(), style), e.reason()));
        }
        applied.addAll(edits.sorted());
        return keepMissingFinalNewline(text, edits.apply(text));
    }

    /**
     * The replacement with each of its lines that it writes whole (not shared with the file's own
     * text before or after it) wrapped to PEP 7's 79 columns.
     */
    static String wrapWholeLines(String text, Span span, String replacement, TextStyle style) {
        String[] lines = replacement.split("\n", -1);
        boolean changed = false;
        for (int i = 0; i < lines.length; i++) {
            boolean startsLine = i > 0 || span.start() == 0 || text.charAt(span.start() - 1) == '\n';
            boolean endsLine = i + 1 < lines.length || span.end() == text.length()
                    || text.charAt(span.end()) == '\n' || text.charAt(span.end()) == '\r';
            if (!startsLine || !endsLine) {
                continue;
            }
            boolean cr = lines[i].endsWith("\r");
            String line = cr ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String wrapped = heapify.render.LineWrap.wrap(line, style.indentUnit(), style.lineEnding());
            if (!wrapped.equals(line)) {
                lines[i] = cr ? wrapped + "\r" : wrapped;
                changed = true;
            }
        }
        return changed ? String.join("\n", lines) : replacement;
    }

    /**
     * The module's shared header with each extern declaration of a type the init file now creates
     * replaced by its spec's ({@code extern PyType_Spec X_spec;}), or null when a declaration is
     * no longer there.
     */
    private Included unitHeader(Path init, Path shown, ModuleUnit unit) {
        Path p = init.toAbsolutePath().normalize().resolveSibling(unit.header());
        if (!(heapify.source.SourceReader.read(p) instanceof heapify.source.SourceReader.Read ok)) {
            return null;
        }
        String text = ok.source().text();
        EditSet edits = new EditSet();
        for (var e : unit.created().entrySet()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^[ \\t]*(extern[ \\t]+PyTypeObject[ \\t]+"
                    + java.util.regex.Pattern.quote(e.getKey()) + "[ \\t]*;)").matcher(text);
            if (!m.find()) {
                return null;
            }
            String declaration = renderer.render(new Fragment.Template("unit-spec-extern",
                    new heapify.transform.UnitTypes.SpecExternView(ModuleUnit.specName(e.getKey())), ""), TextStyle.of(text));
            edits.add(new Edit(new heapify.source.Span(m.start(1), m.end(1)), declaration, "spec of " + e.getKey()));
        }
        if (!unit.inState().isEmpty()) {
            // the types joining the module's state become its last fields (rule state-merged)
            java.util.regex.Matcher close = java.util.regex.Pattern.compile("(?m)^}[ \\t]*"
                    + java.util.regex.Pattern.quote(unit.state().struct()) + "[ \\t]*;").matcher(text);
            if (!close.find()) {
                return null;
            }
            java.util.regex.Matcher last = java.util.regex.Pattern.compile("(?m)^([ \\t]+)\\S")
                    .matcher(text.substring(0, close.start()));
            String indent = "    ";
            while (last.find()) {
                indent = last.group(1);
            }
            StringBuilder fields = new StringBuilder();
            for (String x : new java.util.TreeSet<>(unit.inState())) {
                fields.append(renderer.render(new Fragment.Template("state-merged-field",
                        new heapify.transform.MergeIntoExistingState.MergedFieldView(x), indent), TextStyle.of(text)));
                fields.append(TextStyle.of(text).lineEnding());
            }
            edits.add(new Edit(heapify.source.Span.at(close.start()), fields.toString(), "state fields"));
        }
        if (!unit.moduleDef().isEmpty() && unit.state() != null) {
            // methods of other files find the state from their instance's type (rule module-unit)
            java.util.regex.Matcher getter = java.util.regex.Pattern.compile("(?m)^[ \\t]*#[ \\t]*define[ \\t]+"
                    + java.util.regex.Pattern.quote(unit.state().getter()) + "\\(.*$").matcher(text);
            if (!getter.find()) {
                return null;
            }
            TextStyle style = TextStyle.of(text);
            int end = getter.end();
            if (end > 0 && text.charAt(end - 1) == '\r') {
                end--;
            }
            int next = text.indexOf('\n', getter.end());
            boolean blankAfter = next >= 0 && text.substring(next + 1).matches("(?s)^[ \\t]*\\r?\\n.*");
            String accessor = renderer.render(new Fragment.Template("unit-state-by-def",
                    new heapify.transform.UnitReach.ByDefView(unit.state().struct(), unit.byDef(), unit.moduleDef(),
                            unit.state().getter()), ""), style);
            edits.add(new Edit(heapify.source.Span.at(end), style.lineEnding() + accessor
                    + (blankAfter ? "" : style.lineEnding()), "state accessor by def"));
        }
        String after = keepMissingFinalNewline(text, edits.apply(text));
        String hShown = shown.resolveSibling(unit.header()).toString().replace('\\', '/');
        return new Included(unit.header(), ok.source(), after, UnifiedDiff.of(hShown, text, after));
    }

    /** The init macros (rule init-macro) the file and its local includes define. */
    static java.util.Set<String> initMacros(TokenList tokens, List<heapify.analysis.IncludedState> includes) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>(heapify.model.InitMacros.definedIn(tokens));
        for (heapify.analysis.IncludedState inc : includes) {
            out.addAll(inc.initMacros());
        }
        return out;
    }

    /** {@code displayPath} names the file in diagnostics and in the diff's a/ and b/ paths. */
    public Result migrate(SourceText source, String displayPath) {
        Path shown = Path.of(displayPath);
        List<Diagnostic> diagnostics = new ArrayList<>();
        TokenList tokens = null;
        try {
            tokens = Lexing.lex(source);
            ParsedFile parsed = IslandParser.parse(tokens);
            for (Diagnostic d : parsed.diagnostics()) {
                diagnostics.add(new Diagnostic(d.severity(), d.ruleId(), shown, d.span(), d.hasPosition(), d.message()));
            }
            if (!parsed.parsed()) {
                return new Result(source, source.text(), "", diagnostics, false);
            }
            List<heapify.analysis.IncludedState> localIncludes = LocalIncludes.of(source.path(), tokens, includes);
            FileModel model = FileModelBuilder.build(parsed, initMacros(tokens, localIncludes));
            List<heapify.analysis.ClinicHeader> clinic = LocalIncludes.clinicHeaders(source.path(), tokens);
            ModuleUnit unit = units.of(source.path());
            java.util.Set<String> local = new java.util.HashSet<>(FileLocalTypes.of(source.path(), model));
            local.addAll(unit.exported()); // migrated like file-local types, their spec exported
            MigrationPlan plan = Migration.plan(ModuleAnalysis.of(model, local), localIncludes,
                    clinic, options, shown, unit, capsules::use);
            List<Edit> applied = new ArrayList<>();
            String output = apply(source.text(), plan.edits(), applied);
            List<Included> included = new ArrayList<>();
            if (!unit.created().isEmpty() && !output.equals(source.text())) {
                Included header = unitHeader(source.path(), shown, unit);
                if (header == null) {
                    diagnostics.add(Diagnostic.ofFile(Severity.ERROR, "module-unit", shown, "the module's shared "
                            + "header '" + unit.header() + "' changed during the run; file left unchanged"));
                    return new Result(source, source.text(), "", diagnostics, false, model);
                }
                included.add(header);
            }
            if (plan.regenerate().isPresent() && !output.equals(source.text())) {
                heapify.analysis.ClinicHeader h = plan.regenerate().get();
                ClinicRegeneration.Outcome o = ClinicRegeneration.run(shown.getFileName().toString(), output,
                        source.charset(), h);
                if (!o.ok()) {
                    diagnostics.add(Diagnostic.ofFile(Severity.ERROR, "clinic-regenerate", shown,
                            "the migration changes clinic input, but the tree's clinic (" + h.clinic() + ") did not "
                                    + "regenerate it: " + o.failure() + "; file left unchanged"));
                    return new Result(source, source.text(), "", diagnostics, false, model);
                }
                output = o.module();
                applied = null; // clinic rewrote the text after the edits: the diff compares the whole file
                if (!o.header().equals(h.source().text())) {
                    String hShown = shown.resolveSibling(h.name()).toString().replace('\\', '/');
                    included.add(new Included(h.name(), h.source(), o.header(),
                            UnifiedDiff.of(hShown, h.source().text(), o.header())));
                }
            }
            diagnostics.addAll(plan.diagnostics());
            diagnostics.sort(Comparator.comparingInt((Diagnostic d) -> d.span().start()));
            String diff = applied != null ? UnifiedDiff.of(displayPath, source.text(), output, applied)
                    : UnifiedDiff.of(displayPath, source.text(), output);
            // parse warnings count too: a stray #endif is a warning like any other (docs/rules/README.md)
            boolean complete = diagnostics.stream().allMatch(d -> d.severity() == Severity.NOTE);
            return new Result(source, output, diff, diagnostics, complete, model, included);
        } catch (Statements.TooDeep e) {
            diagnostics.add(Diagnostic.at(Severity.ERROR, "nesting-too-deep", shown, tokens.get(e.token()).span(),
                    "statements nest deeper than " + Statements.MAX_DEPTH + " levels (blocks, if, loops and else-if"
                            + " arms count one each); file left unchanged"));
            return new Result(source, source.text(), "", diagnostics, false);
        } catch (RuntimeException | StackOverflowError e) {
            // a bug, or a recursion deeper than the parser's and Statements' limits protect
            diagnostics.add(Diagnostic.ofFile(Severity.ERROR, "internal-error", shown,
                    "heapify failed on this file: " + e));
            return new Result(source, source.text(), "", diagnostics, false);
        }
    }
}
