package heapify.transform;

import heapify.analysis.ModuleAnalysis;
import heapify.analysis.Statements;
import heapify.analysis.Stmt;
import heapify.lex.Token;
import heapify.lex.TokenList;
import heapify.model.FunctionDef;
import heapify.source.Severity;
import heapify.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule module-unit, the init file's side: a type of another file of the module, declared
 * {@code extern} in their shared header and added to the module by exec's
 * {@code if (PyModule_AddType(module, &X) < 0) return -1;}, is created there from the spec that
 * file now exports, into a local ({@code semlock_type}, from its tp_name); exec's later
 * {@code X.field} read the local. CPython 3.12's _multiprocessing port has this shape.
 */
public final class UnitTypes {
    private static final Pattern ADD_TYPE = Pattern.compile(
            "(?s)^if\\s*\\(\\s*PyModule_AddType\\s*\\(\\s*(\\w+)\\s*,\\s*&\\s*(\\w+)\\s*\\)\\s*<\\s*0\\s*\\)\\s*(.*)$");
    private static final Pattern ENTRY = Pattern.compile("^[ \\t]*&\\s*(\\w+)\\s*,[ \\t]*\\r?$");
    private static final Pattern SET_BASE = Pattern.compile(
            "^[ \\t]*(\\w+)\\s*\\.\\s*tp_base\\s*=\\s*&\\s*(\\w+)\\s*;[ \\t]*\\r?$");
    /** The base of a creation unit-type-create.ftl wrote: {@code m, &X_spec, (PyObject *)&B);}, or wrapped. */
    private static final Pattern CREATED_BASE = Pattern.compile(
            "^[ \\t]*(?:\\w+\\s*,\\s*&\\s*\\w+\\s*,\\s*)?\\(PyObject\\s*\\*\\)\\s*&\\s*\\w+\\s*\\);[ \\t]*\\r?$");
    private static final Pattern LOOP_ADD = Pattern.compile("\\bPyModule_AddType\\s*\\(\\s*(\\w+)\\s*,");
    private static final Pattern GOTO = Pattern.compile("\\bgoto\\s+(\\w+)\\s*;");
    private static final Pattern JUMP = Pattern.compile("(?s)^\\{?\\s*(return\\s*-\\s*1|goto\\s+\\w+)\\s*;\\s*}?$");

    private UnitTypes() {
    }

    /** Where exec adds the type, and every later use of it there. */
    private record Shape(Stmt add, String module, String failure, List<Integer> uses, int last) {
    }

    /**
     * Where a single-phase init adds the type, as CPython 3.11's PyInit__io does: its line
     * {@code &X,} in a static array of types one loop of the init adds ({@code entry}, its first
     * token {@code token}), the line {@code X.tp_base = &B;} before it ({@code baseLine}, -1 when
     * none) and {@code base}, the base to create it with; the creation goes after the loop.
     */
    private record LoopShape(int entry, int token, int baseLine, String base, int loopStart, int loopEnd,
                             String indent,
                             String module, String failure, List<Integer> moduleUses, List<String> subclasses,
                             int subclassLine, List<Integer> createdUses) {
    }

    /**
     * Views of the templates: the creation replacing the add (on {@code base}, a static type's C
     * name, or "" for none), a use of the local, the header's declaration.
     */
    public record CreateView(String local, String rc, boolean declareRc, String module, String specName,
                             String base, String baseState, boolean wrapBase, String failure) {
    }

    public record LocalView(String local) {
    }

    /** The creation into the state: {@code state->field = ...}, added to {@code module}. */
    public record StateCreateView(String state, String field, String module, String specName, String base,
                                  String baseState, boolean wrapBase, String failure, boolean wrapField) {
    }

    /** {@code struct *local = accessor(module);} at the top of a module function. */
    public record StateLocalView(String stateStruct, String local, String accessor, String module) {
    }

    public record SpecExternView(String specName) {
    }

    /**
     * Why the init file cannot host types of other files, or null: its own plan must be the one
     * that changes nothing (multi-phase, no static type or process-wide state of its own), since
     * heapify does not yet combine a file's own migration with its module's other files. The
     * reason names what it has: single-phase init, its own static types, its process-wide state.
     */
    public static String hostBlocker(ModuleAnalysis analysis, List<heapify.analysis.IncludedState> includes,
                                     Options options) {
        if (analysis.init().isEmpty() || analysis.exec().isEmpty()) {
            return "heapify does not read its PyInit_ function";
        }
        if (onlyHeapTypes(analysis, includes, options) || (!analysis.init().get().multiPhase()
                && nothingOfItsOwn(analysis, includes, options) && Migration.keepsSinglePhase(analysis))) {
            return null; // a single-phase init that stays so creates them (LoopShape)
        }
        List<String> has = new ArrayList<>();
        if (!analysis.init().get().multiPhase()) {
            has.add("'" + analysis.init().get().function().name() + "' is single-phase");
        }
        List<String> types = new ArrayList<>();
        analysis.types().forEach(t -> types.add(t.cName()));
        includes.forEach(i -> types.addAll(i.staticTypes()));
        if (!types.isEmpty()) {
            has.add("it has static types of its own (" + quoted(types) + ")");
        }
        MigrationContext probe = new MigrationContext(analysis, includes, List.of(), options, null);
        List<String> state = new ArrayList<>();
        analysis.movedGlobals().stream().filter(g -> !MovedGlobals.staysConstant(probe, g))
                .forEach(g -> state.add(g.name()));
        if (!state.isEmpty()) {
            has.add("it has process-wide state of its own (" + quoted(state) + ")");
        }
        if (has.isEmpty()) {
            has.add("it has static types or process-wide state of its own");
        }
        return String.join(", ", has) + ", and heapify creates types of other files only in a multi-phase "
                + "init file that has nothing of its own to migrate";
    }

    /** {@code 'a', 'b'}, at most three names, then how many more. */
    private static String quoted(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names.subList(0, Math.min(3, names.size()))) {
            out.add("'" + n + "'");
        }
        if (names.size() > 3) {
            out.add((names.size() - 3) + " more");
        }
        return String.join(", ", out);
    }

    /** True when the file's own plan changes nothing: multi-phase, nothing static, nothing to move. */
    static boolean onlyHeapTypes(ModuleAnalysis analysis, List<heapify.analysis.IncludedState> includes,
                                 Options options) {
        return analysis.init().isPresent() && analysis.init().get().multiPhase()
                && nothingOfItsOwn(analysis, includes, options);
    }

    /** True when the file has no static type and no process-wide state that its own plan would move. */
    private static boolean nothingOfItsOwn(ModuleAnalysis analysis, List<heapify.analysis.IncludedState> includes,
                                           Options options) {
        if (analysis.init().isEmpty() || !analysis.types().isEmpty()) {
            return false;
        }
        MigrationContext probe = new MigrationContext(analysis, includes, List.of(), options, null);
        return analysis.movedGlobals().stream().allMatch(g -> MovedGlobals.staysConstant(probe, g))
                && analysis.model().types().stream().allMatch(t -> t.isStatic())
                && includes.stream().allMatch(i -> i.staticTypes().isEmpty());
    }

    /**
     * Why exec cannot create {@code cName} from its spec, or null; {@code state}: the module's
     * state it can join ({@link UnitState}), which module functions of a single-phase init file
     * that name it then reach, or null.
     */
    public static String typeBlocker(ModuleAnalysis analysis, String cName, UnitState state) {
        Object s = anyShape(analysis, new Statements(analysis.tokens()), cName);
        if (s instanceof LoopShape loop && (!loop.subclasses().isEmpty() || !loop.createdUses().isEmpty())
                && state == null) {
            int at = loop.subclassLine() >= 0 ? loop.subclassLine() : loop.createdUses().get(0);
            return "the single-phase init file names it at line " + line(analysis, at)
                    + ", where heapify does not rewrite it to a created type";
        }
        if (s instanceof LoopShape loop && !loop.moduleUses().isEmpty() && state == null) {
            return "the single-phase init file names it at line " + line(analysis, loop.moduleUses().get(0))
                    + ", where heapify does not rewrite it to a created type (the module's state is not of the "
                    + "shape heapify merges into)";
        }
        return s instanceof String why ? why : null;
    }

    /** True when module functions of the single-phase init file name {@code cName} (then it joins the state). */
    public static boolean namedByModuleFunctions(ModuleAnalysis analysis, String cName) {
        return anyShape(analysis, new Statements(analysis.tokens()), cName) instanceof LoopShape loop
                && !loop.moduleUses().isEmpty();
    }

    /**
     * The columns of the widest line of {@code cName}'s creation into {@code state} after the
     * loop (unit-state-create.ftl), or 0 when the init has no loop for it.
     */
    public static int stateCreateWidth(ModuleAnalysis analysis, String cName, UnitState state) {
        if (!(anyShape(analysis, new Statements(analysis.tokens()), cName) instanceof LoopShape loop)) {
            return 0;
        }
        int indent = loop.indent().replace("\t", "        ").length();
        String base = loop.baseLine() >= 0 ? loop.base() : "";
        int first = state.local().length() + cName.length() + FIELD_CREATE;
        String baseState = base.isEmpty() ? "" : state.local(); // a base of the unit joins the state too
        int spec = ModuleUnit.specName(cName).length();
        int second = CONTINUATION + loop.module().length() + spec + 7 + baseWidth(baseState, base);
        if (second + indent > 79 && !base.isEmpty()) { // the base on its own line
            second = Math.max(CONTINUATION + loop.module().length() + spec + 4,
                    CONTINUATION + baseWidth(baseState, base) + 2);
        }
        int add = ADD_TYPE_IF + loop.module().length() + state.local().length() + cName.length();
        if (indent + first > 79) { // the field alone on the first line, the call on the next two
            first = state.local().length() + 2 + cName.length() + 2;
            second = 2 * CONTINUATION - 4 + loop.module().length() + spec + 7 + baseWidth(baseState, base);
            add = Math.max(add, CONTINUATION - 4 + FIELD_CREATE - 5);
        }
        return indent + Math.max(first, Math.max(second, add));
    }

    /** The types of the init file's {@code Y.tp_base = &cName;} lines (a single-phase init's loop shape). */
    public static List<String> subclasses(ModuleAnalysis analysis, String cName) {
        return anyShape(analysis, new Statements(analysis.tokens()), cName) instanceof LoopShape loop
                ? loop.subclasses() : List.of();
    }

    /** The line where the init creates a type of an earlier run on {@code cName}, or -1. */
    public static int createdOnLine(ModuleAnalysis analysis, String cName) {
        return anyShape(analysis, new Statements(analysis.tokens()), cName) instanceof LoopShape loop
                && !loop.createdUses().isEmpty() ? line(analysis, loop.createdUses().get(0)) : -1;
    }

    /** Where the loop of the single-phase init that adds {@code cName} begins, or -1. */
    public static int loopStart(ModuleAnalysis analysis, String cName) {
        return anyShape(analysis, new Statements(analysis.tokens()), cName) instanceof LoopShape loop
                ? loop.loopStart() : -1;
    }

    /**
     * The preprocessor conditions around exec's add of {@code cName}, outermost first, each as its
     * chain's opening line and the branch taken; empty when unconditional or not found.
     */
    public static List<String> addConditions(ModuleAnalysis analysis, String cName) {
        Object s = anyShape(analysis, new Statements(analysis.tokens()), cName);
        if (s instanceof LoopShape loop) {
            return conditions(analysis, loop.token());
        }
        return s instanceof Shape shape ? conditions(analysis, shape.add().first()) : List.of();
    }

    /** The base a single-phase init sets for {@code cName} before adding it ({@code B} of {@code X.tp_base = &B;}), or "". */
    public static String base(ModuleAnalysis analysis, String cName) {
        Object s = anyShape(analysis, new Statements(analysis.tokens()), cName);
        return s instanceof LoopShape loop && loop.baseLine() >= 0 ? loop.base() : "";
    }

    /**
     * The static array of types a single-phase init adds {@code cName} from, with how many types
     * it names ({@code &Y} in its initializer), or null: the array must keep one, as C has no
     * empty initializer.
     */
    public static Map.Entry<String, Integer> array(ModuleAnalysis analysis, String cName) {
        if (!(anyShape(analysis, new Statements(analysis.tokens()), cName) instanceof LoopShape loop)) {
            return null;
        }
        heapify.model.Global g = arrayAt(analysis, analysis.tokens().get(loop.token()).start());
        int n = 0;
        for (Token t : analysis.tokens().all()) {
            if (t.isCode() && t.isPunct("&") && t.start() > g.span().start() && t.end() < g.span().end()) {
                n++;
            }
        }
        return Map.entry(g.name(), n);
    }

    /** The shape of exec's add (multi-phase) or of the single-phase init's loop over its types. */
    private static Object anyShape(ModuleAnalysis analysis, Statements statements, String cName) {
        boolean single = analysis.init().isPresent() && !analysis.init().get().multiPhase();
        return single ? loopShape(analysis, statements, cName) : shape(analysis, statements, cName);
    }

    /** The conditions around a type's definition, in the form {@link #addConditions} gives. */
    public static List<String> typeConditions(ModuleAnalysis analysis, heapify.model.StaticType t) {
        heapify.parse.ParsedFile parsed = analysis.model().parsed();
        List<String> out = new ArrayList<>();
        for (int directive : t.conditions()) { // the directives' tokens, outermost first
            heapify.parse.Conditional c = parsed.frames().stream().filter(f -> f.directive() == directive)
                    .findFirst().orElseThrow();
            out.add(analysis.tokens().get(c.chainStart()).text().strip().replaceAll("\\s+", " ") + " | " + c.branch());
        }
        return out;
    }

    /** The conditions of the tokens at {@code token} in the form {@link #addConditions} gives. */
    public static List<String> conditions(ModuleAnalysis analysis, int token) {
        heapify.parse.ParsedFile parsed = analysis.model().parsed();
        List<String> out = new ArrayList<>();
        for (int f : parsed.conditionsOf(token)) {
            heapify.parse.Conditional c = parsed.frames().get(f);
            out.add(analysis.tokens().get(c.chainStart()).text().strip().replaceAll("\\s+", " ") + " | " + c.branch());
        }
        return out;
    }

    /** Plans the creation of every type of {@code unit.created()} in exec, with a note each. */
    static void plan(MigrationContext ctx, ModuleUnit unit) {
        FunctionDef exec = ctx.analysis().exec().orElseThrow();
        // in name order; the creations after the loops share one rc, declared by the first
        // creation after the first loop
        Map<String, String> created = new java.util.TreeMap<>(unit.created());
        int firstLoop = Integer.MAX_VALUE;
        for (String x : created.keySet()) {
            if (anyShape(ctx.analysis(), ctx.statements(), x) instanceof LoopShape loop) {
                firstLoop = Math.min(firstLoop, loop.loopEnd());
            }
        }
        boolean loopRc = false;
        // a base created here before its subclasses, which read it from the state
        List<Map.Entry<String, String>> order = new ArrayList<>();
        for (Map.Entry<String, String> e : created.entrySet()) {
            if (!subclasses(ctx.analysis(), e.getKey()).isEmpty()) {
                order.add(e);
            }
        }
        for (Map.Entry<String, String> e : created.entrySet()) {
            if (subclasses(ctx.analysis(), e.getKey()).isEmpty()) {
                order.add(e);
            }
        }
        for (Map.Entry<String, String> e : order) {
            if (anyShape(ctx.analysis(), ctx.statements(), e.getKey()) instanceof LoopShape loop) {
                // a type joining the state needs no rc
                boolean declare = !loopRc && loop.loopEnd() == firstLoop && !unit.inState().contains(e.getKey());
                planLoop(ctx, unit, e.getKey(), e.getValue(), loop, declare);
                loopRc |= declare;
                continue;
            }
            Shape s = (Shape) shape(ctx.analysis(), ctx.statements(), e.getKey());
            String spec = ModuleUnit.specName(e.getKey());
            Span add = ctx.layout().spanOf(s.add());
            String indent = ctx.layout().indentAt(add.start());
            String local = local(ctx, e.getKey(), e.getValue(), indent);
            String rc = ctx.names().fresh("unit add " + e.getKey(), "rc");
            ctx.plan().replace(new Span(ctx.layout().lineStart(add.start()), add.end()), "create " + e.getKey() + " from its spec", ctx.template("unit-type-create",
                    new CreateView(local, rc, true, s.module(), spec, "", "", false, s.failure()), indent));
            for (int use : s.uses()) {
                Token t = ctx.tokens().get(use);
                int dot = ctx.layout().nextCode(use);
                ctx.plan().replace(new Span(t.start(), ctx.tokens().get(dot).end()), "field of " + e.getKey(),
                        ctx.template("unit-type-field", new LocalView(local), ""));
            }
            if (!s.uses().isEmpty()) {
                // rule 3: class attributes written into a heap type's dict need PyType_Modified
                int after = ctx.layout().nextLineStart(ctx.tokens().get(s.last()).end());
                ctx.plan().insert(after, "PyType_Modified for " + e.getKey(), ctx.template("unit-type-modified",
                        new LocalView(local), ctx.layout().indentAt(ctx.tokens().get(s.last()).start())));
            }
            ctx.diagnose(Severity.NOTE, "module-unit", add.start(), "type '" + e.getKey() + "', defined in another "
                    + "file of the module, is created here from '" + spec + "', which '" + unit.header()
                    + "' now declares instead of the type; '" + exec.name() + "' holds it in '" + local + "'");
        }
    }

    /**
     * A single-phase init's type of another file: its line in the array and its base's line go,
     * and it is created from its spec (with that base) after the loop that adds the array's types.
     * The module stays single-phase: PyState_FindModule keeps finding it (rule state-find-module).
     */
    private static void planLoop(MigrationContext ctx, ModuleUnit unit, String cName, String tpName, LoopShape s,
                                 boolean declareRc) {
        if (unit.inState().contains(cName) && unit.state() != null) {
            planState(ctx, unit, cName, s, unit.state());
            return;
        }
        String spec = ModuleUnit.specName(cName);
        String local = local(ctx, cName, tpName, s.indent());
        String rc = ctx.names().fresh("unit loop add", "rc");
        String base = dropArrayLines(ctx, cName, s);
        String baseState = baseState(unit, base);
        ctx.plan().insert(s.loopEnd(), "create " + cName + " from its spec", Fragment.lineBreaks(ctx.eol(), 2),
                ctx.template("unit-type-create", new CreateView(local, rc, declareRc, s.module(), spec,
                        base, baseState, !base.isEmpty() && wrapBase(s, spec, baseState, base), s.failure()),
                        s.indent()));
        ctx.diagnose(Severity.NOTE, "module-unit", s.loopStart(), "type '" + cName + "', defined in another file "
                + "of the module, is created after this loop from '" + spec + "', which '" + unit.header() + "' now declares "
                + "instead of the type, no longer added from its static array; '" + unit.exec() + "' holds it in '"
                + local + "'");
    }

    /** Removes the type's line in the static array and its base's line; returns that base, or "". */
    private static String dropArrayLines(MigrationContext ctx, String cName, LoopShape s) {
        ctx.plan().replace(new Span(s.entry(), ctx.layout().nextLineStart(s.entry())), "array entry of " + cName);
        if (s.baseLine() < 0) {
            return "";
        }
        ctx.plan().replace(new Span(s.baseLine(), ctx.layout().nextLineStart(s.baseLine())),
                "base of " + cName + " set in its creation");
        return s.base();
    }

    /**
     * A single-phase init's type of another file that its module functions name: as
     * {@link #planLoop}, but created into a field of the module's existing state (declared in the
     * shared header, which FileMigrator gives the field), visited and cleared by its hooks; each
     * module function that names {@code &X} gets the state from its module at its top and reads
     * {@code state->X}.
     */
    private static void planState(MigrationContext ctx, ModuleUnit unit, String cName, LoopShape s, UnitState st) {
        String spec = ModuleUnit.specName(cName);
        String base = dropArrayLines(ctx, cName, s);
        String baseState = baseState(unit, base);
        ctx.plan().insert(s.loopEnd(), "create " + cName + " from its spec", Fragment.lineBreaks(ctx.eol(), 2),
                ctx.template("unit-state-create", new StateCreateView(st.local(), cName, s.module(), spec,
                        base, baseState, !base.isEmpty() && wrapBase(s, spec, baseState, base), s.failure(),
                        s.indent().replace("\t", "        ").length() + st.local().length() + cName.length()
                                + FIELD_CREATE > 79),
                        s.indent()));
        ctx.plan().insert(st.visitAfter(), "visit " + cName, ctx.template("state-merged-hook",
                new MergeIntoExistingState.MergedHookView("Py_VISIT", st.visitVar(), cName), st.visitIndent()),
                Fragment.lineBreaks(ctx.eol(), 1));
        ctx.plan().insert(st.clearAfter(), "clear " + cName, ctx.template("state-merged-hook",
                new MergeIntoExistingState.MergedHookView("Py_CLEAR", st.clearVar(), cName), st.clearIndent()),
                Fragment.lineBreaks(ctx.eol(), 1));
        java.util.Set<String> functions = new java.util.LinkedHashSet<>();
        for (int use : s.moduleUses()) {
            FunctionDef f = moduleFunction(ctx.analysis(), use);
            int amp = use - 1;
            while (!ctx.tokens().get(amp).isCode()) {
                amp--;
            }
            ctx.plan().replace(new Span(ctx.tokens().get(amp).start(), ctx.tokens().get(use).end()),
                    "state field " + cName, ctx.template("state-merged-ref",
                            new MergeIntoExistingState.MergedRefView(STATE_LOCAL, cName, false), ""));
            if (functions.add(f.name()) && !ctx.plan().hasEdit("unit state in " + f.name())
                    && !hasStateLocal(ctx.analysis(), f, st)) {
                int open = ctx.tokens().get(f.body().open()).end();
                int at = ctx.layout().nextLineStart(open);
                int first = ctx.layout().nextCode(f.body().open());
                ctx.plan().insert(at, "unit state in " + f.name(), ctx.template("unit-state-local",
                        new StateLocalView(st.struct(), STATE_LOCAL, st.getter(), f.params().get(0).name()),
                        ctx.layout().indentAt(ctx.tokens().get(first).start())), Fragment.lineBreaks(ctx.eol(), 1));
            }
        }
        ctx.diagnose(Severity.NOTE, "state-merged", s.loopStart(), "type '" + cName + "', defined in another file "
                + "of the module, joins the module's state '" + st.struct() + "' ('" + unit.header() + "'): "
                + "created after this loop from '" + spec + "', visited and cleared with the state's other fields"
                + (s.moduleUses().isEmpty() ? "" : "; module functions reach it through '" + st.getter()
                + "(module)'") + "; the module stays single-phase");
    }

    /** unit-state-create.ftl's "S->X = (PyTypeObject *)PyType_FromModuleAndSpec(" beyond S and X. */
    private static final int FIELD_CREATE = 46;
    /** The continuation indent of the templates' second line. */
    private static final int CONTINUATION = 8;
    /** "if (PyModule_AddType(M, S->X) < 0) {" beyond M, S and X. */
    private static final int ADD_TYPE_IF = 33;

    /** The columns of a creation's base argument: a cast of the state's field or of a static type, or NULL. */
    private static int baseWidth(String state, String base) {
        return base.isEmpty() ? 4 : 12 + (state.isEmpty() ? 1 : state.length() + 2) + base.length();
    }

    /** True when the creation's second line, "M, &X_spec, base);", would pass 79 columns. */
    private static boolean wrapBase(LoopShape s, String spec, String baseState, String base) {
        int indent = s.indent().replace("\t", "        ").length();
        return indent + CONTINUATION + s.module().length() + spec.length() + 7 + baseWidth(baseState, base) > 79;
    }

    /** The init's state local when {@code base} is a type of the unit that joins the state, else "". */
    private static String baseState(ModuleUnit unit, String base) {
        return unit.inState().contains(base) && unit.state() != null ? unit.state().local() : "";
    }

    /** Whether {@code f}'s body begins with the state local heapify gives it (unit-state-local.ftl). */
    private static boolean hasStateLocal(ModuleAnalysis analysis, FunctionDef f, UnitState st) {
        String text = analysis.model().source().text();
        int open = analysis.tokens().get(f.body().open()).end();
        int close = analysis.tokens().get(f.body().close()).start();
        // "S *state = G(module);", however spaced
        java.util.regex.Pattern local = java.util.regex.Pattern.compile("^" + Pattern.quote(st.struct())
                + "\\s*[*]\\s*" + STATE_LOCAL + "\\s*=\\s*" + Pattern.quote(st.getter()) + "\\s*[(]\\s*"
                + Pattern.quote(f.params().get(0).name()) + "\\s*[)]\\s*[;]");
        return local.matcher(text.substring(open, close).stripLeading()).find();
    }

    /** The function of the file that holds token {@code use}. */
    private static FunctionDef moduleFunction(ModuleAnalysis analysis, int use) {
        Span at = analysis.tokens().get(use).span();
        return analysis.model().functions().stream().filter(f -> f.body() != null && f.span().contains(at))
                .findFirst().orElseThrow();
    }

    /** The state local of a module function (ModuleUnits checked that the function does not name it). */
    private static final String STATE_LOCAL = "state";

    /** The columns of the widest line of a module function once its {@code &X} read {@code state->X}. */
    public static int stateUseWidth(ModuleAnalysis analysis, String cName) {
        if (!(anyShape(analysis, new Statements(analysis.tokens()), cName) instanceof LoopShape loop)) {
            return 0;
        }
        String text = analysis.model().source().text();
        Map<Integer, Integer> grown = new java.util.TreeMap<>();
        for (int use : loop.moduleUses()) {
            grown.merge(text.lastIndexOf('\n', analysis.tokens().get(use).start()) + 1,
                    STATE_LOCAL.length() + 1, Integer::sum); // "&X" becomes "state->X"
        }
        int width = 0;
        for (var e : grown.entrySet()) {
            int end = text.indexOf('\n', e.getKey());
            String line = text.substring(e.getKey(), end < 0 ? text.length() : end).stripTrailing();
            width = Math.max(width, line.replace("\t", "        ").length() + e.getValue());
        }
        return width;
    }

    /**
     * True when a module function that names {@code cName} names {@code state}, the local it would
     * get, other than as that local ({@code S *state = G(module);}, which an earlier run gave it
     * for another type: a rerun then gives the reason the first run gave).
     */
    public static boolean namesStateLocal(ModuleAnalysis analysis, String cName, UnitState st) {
        if (!(anyShape(analysis, new Statements(analysis.tokens()), cName) instanceof LoopShape loop)) {
            return false;
        }
        for (int use : loop.moduleUses()) {
            FunctionDef f = moduleFunction(analysis, use);
            if (st != null && hasStateLocal(analysis, f, st)) {
                continue;
            }
            if (analysis.bodyTokens(f).stream().anyMatch(i -> analysis.tokens().get(i).isIdentifier(STATE_LOCAL))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@link LoopShape} of {@code cName} in a single-phase init file, or why it has none: the
     * file names it only as {@code &X,} alone on a line of a file-level static array that exactly
     * one loop of the init, which adds it with PyModule_AddType and leaves by goto, walks, and in
     * {@code X.tp_base = &B;} alone on a line of the init before that loop; none under a condition.
     */
    private static Object loopShape(ModuleAnalysis analysis, Statements statements, String cName) {
        FunctionDef init = analysis.exec().orElse(null);
        if (init == null) {
            return "heapify does not read the module's PyInit_ function";
        }
        String text = analysis.model().source().text();
        TokenList tokens = analysis.tokens();
        int entry = -1;
        int token = -1;
        int baseLine = -1;
        int baseToken = -1;
        String base = "";
        String array = null;
        List<Integer> moduleUses = new ArrayList<>();
        List<String> subclasses = new ArrayList<>();
        List<Integer> createdUses = new ArrayList<>();
        int subclassLine = -1;
        for (Token t : tokens.all()) {
            if (!t.isCode() || !t.isIdentifier(cName)) {
                continue;
            }
            int ls = text.lastIndexOf('\n', t.start()) + 1;
            int le = text.indexOf('\n', t.start());
            String line = text.substring(ls, le < 0 ? text.length() : le);
            heapify.model.Global g = arrayAt(analysis, t.start());
            Matcher b = SET_BASE.matcher(line);
            if (g != null && entry < 0 && ENTRY.matcher(line).matches()) {
                entry = ls;
                token = t.index();
                array = g.name();
            } else if (init.span().contains(t.span()) && baseLine < 0 && b.matches() && b.group(1).equals(cName)) {
                baseLine = ls;
                baseToken = t.index();
                base = b.group(2);
            } else if (init.span().contains(t.span()) && b.matches() && b.group(2).equals(cName)
                    && !b.group(1).equals(cName)) {
                if (!conditions(analysis, t.index()).isEmpty()) {
                    // the subclass is added under that condition too, so it stays static (see its own reason)
                    return "its subclass '" + b.group(1) + "' takes it as its base under a preprocessor condition "
                            + "(line " + line(analysis, t.index()) + ") and stays static, and a static type cannot "
                            + "derive from a heap type";
                }
                subclasses.add(b.group(1)); // its subclass's base line: planned with the subclass
                subclassLine = subclassLine < 0 ? t.index() : subclassLine;
            } else if (moduleFunctionUse(analysis, init, t)) {
                moduleUses.add(t.index());
            } else if (init.span().contains(t.span()) && CREATED_BASE.matcher(line).matches()) {
                createdUses.add(t.index()); // a type an earlier run created on it (ModuleUnits)
            } else {
                return "the single-phase init file names it at line " + line(analysis, t.index()) + ", where "
                        + "heapify does not rewrite it to a created type";
            }
        }
        if (array == null) {
            return "'" + init.name() + "' does not add it from a static array of its types";
        }
        List<List<Stmt>> lists = new ArrayList<>();
        collectLists(statements.of(init.body()), lists);
        Stmt loop = null;
        for (List<Stmt> list : lists) {
            for (Stmt s : list) {
                String code = statements.code(s);
                if (s.kind() == Stmt.Kind.LOOP && Pattern.compile("\\b" + Pattern.quote(array) + "\\b").matcher(code).find() && LOOP_ADD.matcher(code).find()) {
                    if (loop != null) {
                        return "several loops of '" + init.name() + "' add the types of '" + array + "'";
                    }
                    loop = s;
                }
            }
        }
        if (loop == null) {
            return "no loop of '" + init.name() + "' adds the types of '" + array + "' with PyModule_AddType";
        }
        String code = statements.code(loop);
        Matcher m = LOOP_ADD.matcher(code);
        m.find();
        String module = m.group(1);
        java.util.Set<String> labels = new java.util.LinkedHashSet<>();
        for (Matcher j = GOTO.matcher(code); j.find(); ) {
            labels.add(j.group().replaceAll("\\s+", " ").replaceAll(" (?=;$)", "")); // "goto fail;"
        }
        if (labels.size() != 1) {
            return "the loop of '" + init.name() + "' that adds the types of '" + array + "' does not leave by "
                    + "one goto label on failure";
        }
        if (baseLine >= 0 && baseToken > loop.first()) {
            return "'" + init.name() + "' sets its base after adding it (line " + line(analysis, baseToken) + ")";
        }
        for (int at : List.of(token, loop.first(), baseToken)) {
            if (at >= 0 && !conditions(analysis, at).isEmpty()) {
                return "'" + init.name() + "' adds it under a preprocessor condition (line " + line(analysis, at)
                        + "), and heapify creates it only where it is added unconditionally";
            }
        }
        String indent = text.substring(text.lastIndexOf('\n', tokens.get(loop.first()).start()) + 1,
                tokens.get(loop.first()).start());
        if (!indent.isBlank()) {
            return "the loop of '" + init.name() + "' that adds it does not begin its line";
        }
        for (int at : moduleUses) {
            if (!conditions(analysis, at).isEmpty()) {
                return "the single-phase init file names it under a preprocessor condition (line "
                        + line(analysis, at) + "), where heapify does not rewrite it to a created type";
            }
        }
        return new LoopShape(entry, token, baseLine, base, tokens.get(loop.first()).start(),
                tokens.get(loop.last()).end(), indent, module, labels.iterator().next(), List.copyOf(moduleUses),
                List.copyOf(subclasses), subclassLine, List.copyOf(createdUses));
    }

    /**
     * True when {@code t} is {@code X} of {@code &X} in a module function of the file: its first
     * parameter is {@code PyObject *module}, its body names no other parameter {@code module},
     * and the init does not call it (it runs once the init returned the module, whose state then
     * holds the type).
     */
    private static boolean moduleFunctionUse(ModuleAnalysis analysis, FunctionDef init, Token t) {
        int amp = t.index() - 1;
        while (amp > 0 && !analysis.tokens().get(amp).isCode()) {
            amp--;
        }
        if (!analysis.tokens().get(amp).isPunct("&")) {
            return false;
        }
        for (FunctionDef f : analysis.model().functions()) {
            if (f.body() != null && f != init && f.span().contains(t.span())) {
                boolean module = !f.params().isEmpty() && f.params().get(0).name().equals("module")
                        && f.params().get(0).type().replaceAll("\\s+", "").equals("PyObject*");
                boolean called = analysis.bodyTokens(init).stream()
                        .anyMatch(i -> analysis.tokens().get(i).isIdentifier(f.name()));
                return module && !called;
            }
        }
        return false;
    }

    /** The file-level static array whose declaration holds {@code offset}, or null. */
    private static heapify.model.Global arrayAt(ModuleAnalysis analysis, int offset) {
        String text = analysis.model().source().text();
        for (heapify.model.Global g : analysis.model().globals()) {
            if (g.function().isEmpty() && g.isStatic() && g.span().start() <= offset && offset < g.span().end()
                    && text.substring(g.span().start(), g.span().end()).replaceAll("(?s)=.*", "").contains("[")) {
                return g;
            }
        }
        return null;
    }

    /**
     * The local that holds the created type at {@code indent}: named after the type, or
     * {@code type} where "PyTypeObject *L = (PyTypeObject *)PyType_FromModuleAndSpec(" would not
     * fit in 79 columns (PEP 7).
     */
    private static String local(MigrationContext ctx, String cName, String tpName, String indent) {
        String local = ctx.names().fresh("unit type " + cName, localName(cName, tpName));
        if (indent.replace("\t", "        ").length() + local.length() + 58 > 79) {
            local = ctx.names().fresh("unit short type " + cName, "type");
        }
        return local;
    }

    /** {@code semlock_type} for tp_name {@code "_multiprocessing.SemLock"}, else from the C name. */
    private static String localName(String cName, String tpName) {
        Matcher m = Pattern.compile("(\\w+)\"$").matcher(tpName);
        String base = m.find() ? m.group(1) : cName.replaceFirst("^_*", "");
        return base.toLowerCase(java.util.Locale.ROOT).replaceFirst("_?type$", "") + "_type";
    }

    /** The {@link Shape} of {@code cName}'s uses in the file, or why it has none heapify rewrites. */
    private static Object shape(ModuleAnalysis analysis, Statements statements, String cName) {
        FunctionDef exec = analysis.exec().orElse(null);
        if (exec == null) {
            return "heapify does not read the module's exec function";
        }
        TokenList tokens = analysis.tokens();
        List<Integer> named = new ArrayList<>();
        for (Token t : tokens.all()) {
            if (t.isCode() && t.isIdentifier(cName)) {
                named.add(t.index());
            }
        }
        for (int i : named) {
            if (!exec.span().contains(tokens.get(i).span())) {
                return "the init file names it outside '" + exec.name() + "' (line " + line(analysis, i)
                        + "), where heapify does not yet reach the module state";
            }
        }
        List<List<Stmt>> lists = new ArrayList<>();
        collectLists(statements.of(exec.body()), lists);
        Stmt add = null;
        List<Stmt> after = null;
        String module = null;
        String failure = null;
        for (List<Stmt> list : lists) {
            for (int k = 0; k < list.size(); k++) {
                Stmt s = list.get(k);
                if (s.kind() != Stmt.Kind.IF) {
                    continue;
                }
                Matcher m = ADD_TYPE.matcher(statements.code(s));
                if (m.find() && m.group(2).equals(cName)) {
                    Matcher j = JUMP.matcher(m.group(3).strip());
                    if (!j.find() || add != null) {
                        return "'" + exec.name() + "' adds it in a statement heapify does not rewrite (line "
                                + line(analysis, s.first()) + ")";
                    }
                    String before = analysis.model().source().text().substring(0, tokens.get(s.first()).start());
                    if (!before.substring(before.lastIndexOf('\n') + 1).isBlank()) {
                        return "'" + exec.name() + "' adds it in a statement that does not begin its line (line "
                                + line(analysis, s.first()) + ")";
                    }
                    add = s;
                    after = list.subList(k + 1, list.size());
                    module = m.group(1);
                    failure = j.group(1).replaceAll("\\s+", " ").replace("- 1", "-1") + ";";
                }
            }
        }
        if (add == null) {
            return "'" + exec.name() + "' does not add it with 'if (PyModule_AddType(module, &" + cName
                    + ") < 0)'";
        }
        int end = after.isEmpty() ? add.last() : after.get(after.size() - 1).last();
        List<Integer> uses = new ArrayList<>();
        int last = add.last();
        for (int i : named) {
            if (i >= add.first() && i <= add.last()) {
                continue;
            }
            Token next = tokens.get(nextCode(tokens, i));
            if (i < add.first() || i > end || !next.isPunct(".")) {
                return "'" + exec.name() + "' uses it at line " + line(analysis, i) + ", which heapify does not "
                        + "rewrite to the created type";
            }
            uses.add(i);
            last = Math.max(last, statementEnd(after, i));
        }
        for (Token t : tokens.directiveTokens()) {
            if (t.isDirective() && t.start() > tokens.get(add.first()).start() && t.start() < tokens.get(last).end()) {
                return "a preprocessor line falls between its creation and its use in '" + exec.name() + "' (line "
                        + line(analysis, t.index()) + ")";
            }
        }
        return new Shape(add, module, failure, uses, last);
    }

    /** The last token of the statement of {@code after} that holds token {@code i}. */
    private static int statementEnd(List<Stmt> after, int i) {
        for (Stmt s : after) {
            if (i >= s.first() && i <= s.last()) {
                return s.last();
            }
        }
        return i;
    }

    private static void collectLists(List<Stmt> list, List<List<Stmt>> out) {
        out.add(list);
        for (Stmt s : list) {
            if (!s.children().isEmpty()) {
                collectLists(s.children(), out);
            }
        }
    }

    private static int nextCode(TokenList tokens, int i) {
        int k = i + 1;
        while (k < tokens.size() - 1 && !tokens.get(k).isCode()) {
            k++;
        }
        return k;
    }

    private static int line(ModuleAnalysis analysis, int token) {
        String text = analysis.model().source().text();
        int at = analysis.tokens().get(token).start();
        return 1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
    }
}
