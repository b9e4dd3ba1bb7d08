package heapify.analysis;

import heapify.lex.Lexing;
import heapify.lex.Token;
import heapify.lex.TokenList;
import heapify.lex.antlr.CLexer;
import heapify.model.FileModel;
import heapify.model.FileModelBuilder;
import heapify.model.Global;
import heapify.model.InitFunction;
import heapify.model.SpecType;
import heapify.model.StaticType;
import heapify.model.SubTable;
import heapify.model.TypeNameText;
import heapify.model.TypeObjectLayout;
import heapify.parse.IslandParser;
import heapify.parse.ParsedFile;
import heapify.source.Diagnostic;
import heapify.source.LineMap;
import heapify.source.Severity;
import heapify.source.SourceReader;
import heapify.source.SourceText;
import heapify.source.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scans one file: read, lex, parse, model, then says what is static and what blocks an automatic
 * migration. Never throws: a file that cannot be read or understood yields a report whose
 * diagnostics say why.
 *
 * <p>Blocker rule ids (stable, used in the JSON): {@code type-exported-in-header} (the type object is not
 * {@code static}: other files or modules may use its address), {@code metaclass-needs-3.12} (the head
 * names a metatype other than {@code PyType_Type}; {@code PyType_FromSpec} before 3.12 cannot),
 * {@code initializer-unparsed} (positional elements that could not be named, e.g. {@code #if}
 * branches of different lengths), {@code type-internal-field-set} ({@code tp_dict}, {@code tp_mro}, ...
 * have no slot id), {@code type-name-without-dot} ({@code tp_name} spelled by a macro of another header: a
 * heap type's {@code __module__} comes from the part before the last dot, which cannot be known), {@code capsule-exports-type} ({@code PyCapsule_New}: a C API that hands out
 * addresses of static objects), {@code no-init-function} (static types but no {@code PyInit_}).
 */
public final class ScanAnalyzer {
    // possessive runs: one regex step per run of plain characters, not one (recursive) per character

    private ScanAnalyzer() {
    }

    /** Scans the file at {@code path}. */
    public static ScanFileReport scan(Path path) {
        // SourceReader opens regular files only: a FIFO or device would block or never end
        SourceReader.Result r = SourceReader.read(path);
        if (r instanceof SourceReader.Unreadable u) {
            Diagnostic d = u.diagnostic();
            return new ScanFileReport(path, false, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                    List.of(), List.of(resolve(d, null)));
        }
        return scan(((SourceReader.Read) r).source());
    }

    /** Scans a decoded source text (its path is used only for messages). */
    public static ScanFileReport scan(SourceText source) {
        LineMap lines = new LineMap(source.text());
        try {
            TokenList tokens = Lexing.lex(source);
            ParsedFile parsed = IslandParser.parse(tokens);
            FileModel model = FileModelBuilder.build(parsed);
            return report(model, lines);
        } catch (RuntimeException | StackOverflowError e) {
            Diagnostic d = Diagnostic.ofFile(Severity.ERROR, "internal-error", source.path(),
                    "heapify could not scan this file: " + e);
            return new ScanFileReport(source.path(), true, List.of(), List.of(), List.of(), List.of(), List.of(),
                    List.of(), List.of(), List.of(resolve(d, lines)));
        }
    }

    static ScanDiagnostic resolve(Diagnostic d, LineMap lines) {
        ScanPosition pos = d.hasPosition() && lines != null
                ? new ScanPosition(lines.line(d.span().start()), lines.column(d.span().start()))
                : ScanPosition.NONE;
        return new ScanDiagnostic(d.severity(), d.ruleId(), pos, d.message(), d.format(lines));
    }

    private static ScanFileReport report(FileModel model, LineMap lines) {
        Path path = model.source().path();
        List<ScanBlocker> blockers = new ArrayList<>();
        List<ScanType> types = new ArrayList<>();
        for (StaticType t : model.types()) {
            ScanType st = type(t, lines, model.parsed().tokens());
            types.add(st);
            blockers.addAll(st.blockers());
        }
        List<ScanSubTable> subs = new ArrayList<>();
        for (SubTable s : model.subTables()) {
            subs.add(new ScanSubTable(s.cName(), s.kind().cType(), pos(lines, s.definition()),
                    setFields(s.fields(), TypeObjectLayout.subTableFields(s.kind(), FileModelBuilder.DEFAULT_LAYOUT)),
                    s.unmapped()));
        }
        List<ScanGlobal> globals = new ArrayList<>();
        for (Global g : model.globals()) {
            globals.add(new ScanGlobal(g.name(), g.function(), g.category(), g.type(), g.isStatic(),
                    pos(lines, g.span())));
        }
        List<ScanInit> inits = new ArrayList<>();
        for (InitFunction i : model.inits()) {
            inits.add(new ScanInit(i.moduleName(), i.multiPhase(), pos(lines, i.function().span())));
        }
        List<ScanSpecType> specs = new ArrayList<>();
        for (SpecType s : model.specTypes()) {
            specs.add(new ScanSpecType(s.cName(), s.name(), pos(lines, s.definition())));
        }
        TokenList tokens = model.parsed().tokens();
        for (Token tok : tokens.all()) {
            if (tok.type() == CLexer.IDENTIFIER && tok.text().equals("PyCapsule_New")) {
                blockers.add(new ScanBlocker("capsule-exports-type", "", pos(lines, tok.span()),
                        "'PyCapsule_New' exports a C API; its pointers must stay valid per interpreter"));
            }
        }
        if (types.stream().anyMatch(ScanType::isStatic) && inits.isEmpty()) {
            blockers.add(new ScanBlocker("no-init-function", "", ScanPosition.NONE,
                    "static types but no 'PyInit_' function in this file; the module state must come from"
                            + " the file that defines the module"));
        }
        // by position; blockers about the whole file (no position) last
        blockers.sort(Comparator.comparing((ScanBlocker b) -> !b.position().isKnown())
                .thenComparingInt(b -> b.position().line()).thenComparingInt(b -> b.position().column()));
        List<ScanDiagnostic> diagnostics = new ArrayList<>();
        for (Diagnostic d : model.diagnostics()) {
            diagnostics.add(resolve(d, lines));
        }
        return new ScanFileReport(path, true, types, model.forwardTypes(), subs, globals, inits, specs, blockers,
                diagnostics);
    }

    private static ScanType type(StaticType t, LineMap lines, TokenList tokens) {
        ScanPosition at = pos(lines, t.definition());
        List<ScanBlocker> blockers = new ArrayList<>();
        String metatype = headArgument(t.head());
        if (!t.isStatic()) {
            blockers.add(new ScanBlocker("type-exported-in-header", t.cName(), at, "type '" + t.cName() + "' is "
                    + (t.storage().isEmpty() ? "not static" : "exported with " + t.storage())
                    + "; other files or modules may use its address"));
        }
        if (ScanType.isCustomMetatype(metatype)) {
            blockers.add(new ScanBlocker("metaclass-needs-3.12", t.cName(), at, "type '" + t.cName()
                    + "' has metatype '" + metatype + "' in its head"));
        }
        for (String problem : t.unmapped()) {
            blockers.add(new ScanBlocker("initializer-unparsed", t.cName(), at, "initializer of '" + t.cName()
                    + "': " + problem));
        }
        List<String> fieldsSet = setFields(t.fields(), TypeObjectLayout.typeFields(FileModelBuilder.DEFAULT_LAYOUT));
        for (String f : fieldsSet) {
            if (TypeObjectLayout.isInternal(f)) {
                blockers.add(new ScanBlocker("type-internal-field-set", t.cName(), at, "type '" + t.cName() + "' sets '"
                        + f + "', which has no slot id"));
            }
        }
        // a dotless name migrates ("builtins.X", tp_name set back in exec): only an unknown one blocks
        TypeNameText name = TypeNameText.of(t.tpName(), tokens);
        if (name.unknown()) {
            blockers.add(new ScanBlocker("type-name-without-dot", t.cName(), at, "tp_name " + t.tpName() + " of '"
                    + t.cName() + "' is not spelled in this file: whether it has a module part is unknown"));
        }
        return new ScanType(t.cName(), t.tpName(), at, t.storage(), t.designated(), metatype, fieldsSet,
                t.value("tp_base"), t.hasFlag("Py_TPFLAGS_HAVE_GC"), t.value("tp_new"), t.value("tp_dictoffset"),
                t.value("tp_weaklistoffset"), blockers);
    }

    /** The first macro argument of a head such as {@code PyVarObject_HEAD_INIT(&PyType_Type, 0)}. */
    private static String headArgument(String head) {
        int open = head.indexOf('(');
        if (open < 0) {
            return "";
        }
        int depth = 0;
        for (int i = open + 1; i < head.length(); i++) {
            char c = head.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth-- == 0 || c == ',' && depth == 0) {
                return head.substring(open + 1, i).strip();
            }
        }
        return "";
    }

    /** The fields set to something other than zero, in layout order, then designated extras by name. */
    private static List<String> setFields(java.util.Map<String, heapify.model.TypeField> fields, List<String> layout) {
        List<String> out = new ArrayList<>();
        for (String f : layout) {
            if (fields.containsKey(f) && !isZero(fields.get(f).value())) {
                out.add(f);
            }
        }
        fields.keySet().stream().filter(f -> !layout.contains(f) && !isZero(fields.get(f).value())).sorted()
                .forEach(out::add);
        return out;
    }

    private static boolean isZero(String v) {
        return v.isEmpty() || v.equals("0") || v.equals("NULL") || v.equals("(void *)0") || v.equals("0L");
    }

    private static ScanPosition pos(LineMap lines, Span span) {
        return new ScanPosition(lines.line(span.start()), lines.column(span.start()));
    }
}
