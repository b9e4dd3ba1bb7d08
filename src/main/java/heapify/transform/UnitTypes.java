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
                             String module, String failure) {
    }

    /**
     * Views of the templates: the creation replacing the add (on {@code base}, a static type's C
     * name, or "" for none), a use of the local, the header's declaration.
     */
    public record CreateView(String local, String rc, String module, String specName, String base,
                             String failure) {
    }

    public record LocalView(String local) {
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

    /** Why exec cannot create {@code cName} from its spec, or null. */
    public static String typeBlocker(ModuleAnalysis analysis, String cName) {
        Object s = anyShape(analysis, new Statements(analysis.tokens()), cName);
        return s instanceof String why ? why : null;
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
        for (Map.Entry<String, String> e : unit.created().entrySet()) {
            if (anyShape(ctx.analysis(), ctx.statements(), e.getKey()) instanceof LoopShape loop) {
                planLoop(ctx, unit, e.getKey(), e.getValue(), loop);
                continue;
            }
            Shape s = (Shape) shape(ctx.analysis(), ctx.statements(), e.getKey());
            String spec = ModuleUnit.specName(e.getKey());
            Span add = ctx.layout().spanOf(s.add());
            String indent = ctx.layout().indentAt(add.start());
            String local = local(ctx, e.getKey(), e.getValue(), indent);
            String rc = ctx.names().fresh("unit add " + e.getKey(), "rc");
            ctx.plan().replace(new Span(ctx.layout().lineStart(add.start()), add.end()), "create " + e.getKey() + " from its spec", ctx.template("unit-type-create",
                    new CreateView(local, rc, s.module(), spec, "", s.failure()), indent));
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
    private static void planLoop(MigrationContext ctx, ModuleUnit unit, String cName, String tpName, LoopShape s) {
        String spec = ModuleUnit.specName(cName);
        String local = local(ctx, cName, tpName, s.indent());
        String rc = ctx.names().fresh("unit add " + cName, "rc");
        ctx.plan().replace(new Span(s.entry(), ctx.layout().nextLineStart(s.entry())), "array entry of " + cName);
        if (s.baseLine() >= 0) {
            ctx.plan().replace(new Span(s.baseLine(), ctx.layout().nextLineStart(s.baseLine())),
                    "base of " + cName + " set in its creation");
        }
        ctx.plan().insert(s.loopEnd(), "create " + cName + " from its spec", Fragment.lineBreaks(ctx.eol(), 2),
                ctx.template("unit-type-create", new CreateView(local, rc, s.module(), spec,
                        s.baseLine() >= 0 ? s.base() : "", s.failure()), s.indent()));
        ctx.diagnose(Severity.NOTE, "module-unit", s.loopStart(), "type '" + cName + "', defined in another file "
                + "of the module, is created after this loop from '" + spec + "', which '" + unit.header() + "' now declares "
                + "instead of the type, no longer added from its static array; '" + unit.exec() + "' holds it in '"
                + local + "'");
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
        return new LoopShape(entry, token, baseLine, base, tokens.get(loop.first()).start(),
                tokens.get(loop.last()).end(), indent, module, labels.iterator().next());
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
