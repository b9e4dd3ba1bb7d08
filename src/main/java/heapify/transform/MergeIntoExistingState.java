package heapify.transform;

import heapify.analysis.FunctionKind;
import heapify.analysis.Stmt;
import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.FunctionDef;
import heapify.model.StaticType;
import heapify.source.Severity;
import heapify.source.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule {@code state-merged}: a single-phase module that already has a state and reaches it with
 * {@code PyState_FindModule} keeps both; its migrated types join that state. For _pickle:
 * <pre>
 * typedef struct { ...; PyTypeObject *Pdata_Type; } PickleState;     // one field per type
 * _Pickle_ClearState: Py_CLEAR(st->Pdata_Type);  pickle_traverse: Py_VISIT(st->Pdata_Type);
 * PyInit__pickle, after PyModule_Create:
 *     st = _Pickle_GetState(m);
 *     st->Pdata_Type = (PyTypeObject *)PyType_FromModuleAndSpec(m, &amp;Pdata_spec, NULL);
 * Pdata_New: PyObject_New(Pdata, _Pickle_GetGlobalState()->Pdata_Type)
 * </pre>
 * A single-phase module with {@code m_size >= 0} runs its PyInit once per interpreter, so each
 * interpreter creates its own types. Outside PyInit the file's own accessor reaches the state;
 * inside PyInit the module is not registered yet ({@code PyState_FindModule} gives NULL), so init
 * uses its local state and a function PyInit calls, or a dealloc (lesson 14), keeps the types it
 * names static, as does code before the accessor's definition.
 */
public final class MergeIntoExistingState implements Transformer {
    private static final Pattern CREATE = Pattern.compile("^(?:PyObject\\s*\\*\\s*)?(\\w+)\\s*=\\s*PyModule_Create2?\\s*\\(");
    private static final Pattern NULL_CHECK = Pattern.compile("^if\\s*\\(\\s*(?:!\\s*(\\w+)|(\\w+)\\s*==\\s*NULL)\\s*\\)");
    private static final Pattern DEFINE = Pattern.compile("^\\s*#\\s*define\\s+(\\w+)");
    private static final Pattern ADDRESS = Pattern.compile("&\\s*(\\w+)\\b(?!\\s*\\.)");

    public record MergedFieldView(String name) {
    }

    /** clinic_state() as the module's own accessor ({@code _Pickle_GetGlobalState()}). */
    public record ClinicAccessorView(String accessor) {
    }

    public record MergedHookView(String macro, String state, String name) {
    }

    public record MergedRefView(String state, String name, boolean member) {
    }

    /** {@code tupleBases}, {@code clearNewBefore310}: as in type-create (one-class bases and DISALLOW_INSTANTIATION are 3.10). */
    public record MergedTypeView(String field, String specName, String base, String baseKind, boolean tupleBases,
                                 boolean clearNewBefore310, String vectorcall, String tpName) {
    }

    public record MergedCreateView(String state, String module, String stateGetter, boolean assign, String declareStruct,
                                   List<MergedTypeView> types) {
        public MergedCreateView {
            types = List.copyOf(types);
        }
    }

    @Override
    public void apply(MigrationContext ctx) {
        ExistingState es = ctx.existing;
        if (es == null || ctx.migrated().isEmpty()) {
            return;
        }
        FunctionDef init = ctx.analysis().init().orElseThrow().function();
        fields(ctx, es);
        hook(ctx, es.visitor(), "Py_VISIT");
        hook(ctx, es.clearer(), "Py_CLEAR");
        int createdAt = initBody(ctx, es, init);
        Set<String> fromInit = calledFrom(ctx, List.of(init.name()));
        List<String> deallocs = ctx.model().functions().stream().map(FunctionDef::name)
                .filter(n -> ctx.analysis().kind(n) == FunctionKind.DEALLOC).toList();
        Set<String> fromDealloc = calledFrom(ctx, deallocs);
        java.util.Map<String, Set<String>> macros = directives(ctx, es);
        for (FunctionDef f : ctx.model().functions()) {
            if (f.body() == null) {
                continue;
            }
            if (f.name().equals(init.name())) {
                macroUses(ctx, f, macros, "'" + init.name() + "' runs before PyState_FindModule finds the module");
                continue;
            }
            String why = fromInit.contains(f.name())
                    ? "'" + f.name() + "' runs during PyInit, before PyState_FindModule finds the module"
                    : deallocs.contains(f.name())
                    ? "'" + f.name() + "' is a dealloc, which must not look the state up"
                    : fromDealloc.contains(f.name())
                    ? "'" + f.name() + "' runs in a dealloc, which must not look the state up"
                    : f.span().start() < es.accessorEnd()
                    ? "'" + f.name() + "' comes before '" + es.accessor() + "' is defined" : null;
            rewrite(ctx, f, ctx.analysis().bodyTokens(f), why == null ? es.accessor() : null, why);
            if (why != null) {
                macroUses(ctx, f, macros, why);
            }
        }
        RewriteTypeReferences.leftovers(ctx, ctx.migratedNames());
        ctx.diagnose(Severity.NOTE, "state-merged", es.structClose(), ctx.migrated().size() + " type(s) join the "
                + "existing state '" + es.struct() + "', reached through '" + es.accessor() + "' and, in PyInit, "
                + "the new module's state; the module stays single-phase");
        if (createdAt < 0) {
            ctx.diagnose(Severity.ERROR, "state-merged", init.span().start(),
                    "no 'm = PyModule_Create(...)' statement in '" + init.name() + "' to create the types after");
        }
    }

    /** One {@code PyTypeObject *Foo_Type;} per migrated type before the struct's closing brace. */
    private static void fields(MigrationContext ctx, ExistingState es) {
        Token close = ctx.tokens().all().stream().filter(t -> t.start() == es.structClose()).findFirst().orElseThrow();
        int last = ctx.layout().prevCode(close.index());
        String indent = ctx.layout().indentAt(ctx.token(last).start());
        int at = ctx.layout().lineStart(close.start());
        for (StaticType t : ctx.migrated()) {
            ctx.plan().insert(at, "state field " + t.cName(),
                    ctx.template("state-merged-field", new MergedFieldView(t.cName()), indent), Fragment.lineBreaks(ctx.eol(), 1));
        }
    }

    /** A {@code MACRO(st->Foo_Type);} line after the last such line of the hook, for each type. */
    private static void hook(MigrationContext ctx, FunctionDef f, String macro) {
        Pattern line = Pattern.compile("^" + macro + "\\s*\\(\\s*(\\w+)\\s*->");
        Stmt lastLine = null;
        String state = null;
        for (Stmt s : ctx.statements().of(f.body())) {
            Matcher m = line.matcher(ctx.layout().code(s));
            if (m.find()) {
                lastLine = s;
                state = m.group(1);
            }
        }
        if (lastLine == null) {
            return; // ExistingState found the lines in this function
        }
        Span span = ctx.layout().spanOf(lastLine);
        String indent = ctx.layout().indentAt(span.start());
        int at = ctx.layout().nextLineStart(span.end());
        for (StaticType t : ctx.migrated()) {
            ctx.plan().insert(at, macro + " of " + t.cName(),
                    ctx.template("state-merged-hook", new MergedHookView(macro, state, t.cName()), indent),
                    Fragment.lineBreaks(ctx.eol(), 1));
        }
    }

    /**
     * In PyInit: PyType_Ready of migrated types goes, the types are created after the module
     * (and its NULL check, and the init's own {@code st = getter(m);} when it follows), and later
     * references go through the init's state local. Returns where the types are created, or -1.
     */
    private static int initBody(MigrationContext ctx, ExistingState es, FunctionDef init) {
        List<Stmt> body = ctx.statements().of(init.body());
        for (int i = 0; i < body.size(); i++) {
            int last = i;
            while (last < body.size() && CreateHeapTypes.readyOnly(ctx, body.get(last))) {
                last++;
            }
            if (last > i) {
                ctx.plan().replace(readyRun(ctx, ctx.layout().spanOf(body.get(i)).start(),
                        ctx.layout().spanOf(body.get(last - 1)).end()), "PyType_Ready of heap types");
                i = last;
            }
        }
        int create = -1;
        String module = null;
        for (int i = 0; i < body.size() && create < 0; i++) {
            Matcher m = CREATE.matcher(ctx.layout().code(body.get(i)));
            if (m.find()) {
                create = i;
                module = m.group(1);
            }
        }
        if (create < 0) {
            return -1;
        }
        int after = create;
        if (after + 1 < body.size()) {
            Matcher m = NULL_CHECK.matcher(ctx.layout().code(body.get(after + 1)));
            if (m.find() && module.equals(m.group(1) != null ? m.group(1) : m.group(2))) {
                after++;
            }
        }
        Pattern assign = Pattern.compile("^(\\w+)\\s*=\\s*" + Pattern.quote(es.getter()) + "\\s*\\(\\s*"
                + Pattern.quote(module) + "\\s*\\)\\s*;$");
        String state = null;
        boolean assigned = false;
        if (after + 1 < body.size()) {
            Matcher m = assign.matcher(ctx.layout().code(body.get(after + 1)));
            if (m.find()) {
                state = m.group(1);
                assigned = true;
                after++;
            }
        }
        Pattern local = Pattern.compile("^" + Pattern.quote(es.struct()) + "\\s*\\*\\s*(\\w+)\\s*;$");
        for (int i = 0; i < create && state == null; i++) {
            Matcher m = local.matcher(ctx.layout().code(body.get(i)));
            if (m.find()) {
                state = m.group(1);
            }
        }
        boolean declare = state == null;
        if (declare) {
            state = ctx.names().fresh("init state", "state");
        }
        List<MergedTypeView> types = new ArrayList<>();
        for (StaticType t : CreateHeapTypes.typesBaseFirst(ctx)) {
            if (ctx.isMigrated(t.cName())) {
                String base = ctx.baseOf(t);
                types.add(new MergedTypeView(t.cName(), ctx.specNames.get(t.cName()), base,
                        CreateHeapTypes.baseKind(ctx, base), !base.isEmpty() && ctx.options().below(10),
                        ctx.disallowInstantiation.contains(t.cName()) && ctx.options().below(10),
                        ctx.vectorcalls.getOrDefault(t.cName(), ""), ctx.tpNames.getOrDefault(t.cName(), "")));
            }
        }
        Span at = ctx.layout().spanOf(body.get(after));
        ctx.plan().insert(ctx.layout().nextLineStart(at.end()), "create heap types into the existing state",
                ctx.template("state-merged-create", new MergedCreateView(state, module, es.getter(), !assigned,
                        declare ? es.struct() : "", types), ctx.layout().bodyIndent(init)), Fragment.lineBreaks(ctx.eol(), 1));
        List<Integer> toks = ctx.analysis().bodyTokens(init);
        int from = 0;
        while (from < toks.size() && ctx.token(toks.get(from)).start() < at.end()) {
            from++;
        }
        rewrite(ctx, init, toks.subList(0, from), null, "'" + init.name() + "' names it before the module exists");
        rewrite(ctx, init, toks.subList(from, toks.size()), state, null);
        return at.end();
    }

    /**
     * The lines of consecutive PyType_Ready statements, with the one-line comment heading them
     * when they are its whole paragraph (_elementtree's "Initialize object types").
     */
    private static Span readyRun(MigrationContext ctx, int start, int end) {
        SourceLayout l = ctx.layout();
        int ls = l.lineStart(start);
        int after = l.nextLineStart(end);
        if (ls > 0 && after < ctx.text().length() && ctx.text().substring(after, l.nextLineStart(after)).isBlank()) {
            int comment = l.lineStart(ls - 1);
            String line = ctx.text().substring(comment, ls).strip();
            boolean blankBefore = comment > 0 && ctx.text().substring(l.lineStart(comment - 1), comment).isBlank();
            if (line.matches("/\\*[^\n]*\\*/") && !line.substring(2).contains("/*") && blankBefore) {
                ls = comment;
            }
        }
        return l.deletionSpan(new Span(ls, end));
    }

    /**
     * {@code &Foo_Type} becomes {@code STATE->Foo_Type} and {@code Foo_Type.x} {@code STATE->Foo_Type->x}
     * in {@code toks}; with no {@code state}, each such use is recorded as unreachable ({@code why}).
     */
    private static void rewrite(MigrationContext ctx, FunctionDef f, List<Integer> toks, String state, String why) {
        Set<String> types = ctx.migratedNames();
        for (int k = 0; k < toks.size(); k++) {
            Token t = ctx.token(toks.get(k));
            if (t.type() != CLexer.IDENTIFIER || !types.contains(t.text()) || ctx.layout().isMemberAccess(toks.get(k))
                    || ctx.plan().touches(t.span())) {
                continue;
            }
            Token prev = k > 0 ? ctx.token(toks.get(k - 1)) : null;
            Token next = k + 1 < toks.size() ? ctx.token(toks.get(k + 1)) : null;
            boolean address = prev != null && prev.type() == CLexer.AMP && !ctx.plan().touches(prev.span());
            boolean member = next != null && next.type() == CLexer.DOT;
            if (!address && !member) {
                continue;
            }
            if (state == null) {
                ctx.unreachableRefs.putIfAbsent(t.text(), why);
                continue;
            }
            Span span = address ? new Span(prev.start(), t.end()) : new Span(t.start(), next.end());
            ctx.plan().replace(span, "type reference in " + f.name(),
                    ctx.template("state-merged-ref", new MergedRefView(state, t.text(), member), ""));
        }
    }

    /**
     * Macros naming {@code &Foo_Type} (after the accessor) name it through the accessor; returns
     * each such macro with the types it names, for the code where the accessor finds nothing.
     */
    private static java.util.Map<String, Set<String>> directives(MigrationContext ctx, ExistingState es) {
        Set<String> types = ctx.migratedNames();
        java.util.Map<String, Set<String>> macros = new java.util.LinkedHashMap<>();
        for (Token d : ctx.tokens().all()) {
            Matcher define = d.isDirective() ? DEFINE.matcher(d.text()) : null;
            if (define == null || !define.find()) {
                continue;
            }
            Matcher m = ADDRESS.matcher(d.text());
            while (m.find()) {
                Span at = new Span(d.start() + m.start(), d.start() + m.end());
                if (!types.contains(m.group(1)) || ctx.plan().touches(at)) {
                    continue; // not a migrated type, or in an exact check that compares the dealloc instead
                }
                if (d.start() < es.accessorEnd()) {
                    ctx.unreachableRefs.putIfAbsent(m.group(1), "a macro before '" + es.accessor() + "' is defined");
                    continue;
                }
                ctx.plan().replace(at, "type reference in a macro",
                        ctx.template("state-merged-ref", new MergedRefView(es.accessor(), m.group(1), false), ""));
                macros.computeIfAbsent(define.group(1), k -> new LinkedHashSet<>()).add(m.group(1));
            }
        }
        return macros;
    }

    /** The types named by the macros {@code f} uses, where the accessor finds nothing ({@code why}). */
    private static void macroUses(MigrationContext ctx, FunctionDef f, java.util.Map<String, Set<String>> macros,
                                  String why) {
        for (int k : ctx.analysis().bodyTokens(f)) {
            for (String type : macros.getOrDefault(ctx.token(k).text(), Set.of())) {
                ctx.unreachableRefs.putIfAbsent(type, why + ", and it uses '" + ctx.token(k).text() + "'");
            }
        }
    }

    /** Functions {@code callers} call, directly or through others. */
    private static Set<String> calledFrom(MigrationContext ctx, List<String> callers) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        callers.forEach(c -> todo.addAll(ctx.analysis().callees(c)));
        while (!todo.isEmpty()) {
            String c = todo.pop();
            if (seen.add(c)) {
                todo.addAll(ctx.analysis().callees(c));
            }
        }
        return seen;
    }
}
