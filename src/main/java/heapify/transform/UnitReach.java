package heapify.transform;

import heapify.analysis.ModuleAnalysis;
import heapify.lex.Token;
import heapify.model.FunctionDef;
import heapify.source.Severity;
import heapify.source.Span;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule module-unit, a type of the unit that joins the module's existing state (rule
 * state-merged) read by a method or slot of another migrating type: a function whose first
 * parameter points to the instance struct of a type of its own file that migrates
 * ({@code stringio *self}) finds the state through that instance's type, as CPython 3.12's _io
 * does (gh-101819): {@code S *state = find_io_state_by_def(Py_TYPE(self));}, an accessor built
 * on {@code PyType_GetModuleByDef(type, &def)} that the shared header gets once. The type is a
 * heap type created on the module, and so are its subclasses' bases, so the lookup finds this
 * interpreter's module.
 */
public final class UnitReach {
    private static final Pattern POINTER = Pattern.compile("^(?:struct\\s+)?(\\w+)\\s*\\*$");
    private static final Pattern SIZEOF = Pattern.compile("^sizeof\\s*\\(\\s*(?:struct\\s+)?(\\w+)\\s*\\)$");
    private static final String STATE_LOCAL = "state";
    /** The width unit-state-macro.ftl adds to '&X' besides accessor and parameter: {@code (Py_TYPE())->} less '&'. */
    private static final int MACRO_READ = 12;
    private static final Pattern MACRO = Pattern.compile(
            "#[ \\t]*define[ \\t]+(\\w+)\\((\\w+)\\)[ \\t]+([^\\n\\\\]*?)[ \\t]*\\r?\\n?");
    private static final Pattern SELF_LOCAL = Pattern.compile(
            "[ \\t]*\\r?\\n[ \\t]*\\w+ \\*" + STATE_LOCAL + " = find_\\w+_state_by_def\\(Py_TYPE\\((\\w+)\\)\\);\\r?");

    private UnitReach() {
    }

    /** Model of unit-state-self.ftl: the state local of a method, found from its instance's type. */
    public record SelfLocalView(String stateStruct, String local, String accessor, String self) {
    }

    /**
     * Model of unit-state-wrap.ftl: the break after a group's open paren ({@code lineBreak}), or
     * the new indent of one of its continuation lines.
     */
    public record WrapView(String eol, String indent, boolean lineBreak) {
    }

    /**
     * A parenthesized group broken after its open paren (token {@code open}): the white space
     * {@code afterOpen} becomes a line break and {@code indent}, the leading white space of each
     * of its continuation lines ({@code continuations}) becomes {@code indent}.
     */
    record Wrap(int open, Span afterOpen, List<Span> continuations, String indent) {
    }

    /** Model of unit-state-by-def.ftl: the accessor the shared header gets. */
    public record ByDefView(String stateStruct, String name, String moduleDef, String stateGetter) {
    }

    /**
     * The uses of {@code cName} in {@code file} that the state must serve (those {@code covered}
     * leaves, such as exact checks another rule rewrites): the instance structs of the functions
     * that hold them, or why one of them cannot read the state.
     */
    public record Reach(Set<String> structs, int uses, String why) {
    }

    /** How {@code file}'s uses of {@code cName} not {@code covered} would read the module's state. */
    public static Reach of(ModuleAnalysis file, String cName, Predicate<Span> covered) {
        Set<String> structs = new LinkedHashSet<>();
        heapify.lex.TokenList tokens = file.tokens();
        String text = file.model().source().text();
        int n = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isDirective() && names(t.text(), cName)) {
                CheckMacro m = macro(t, cName);
                if (covered.test(new Span(t.start(), t.end()))) {
                    continue;
                }
                if (m == null) {
                    return new Reach(structs, n, "names it in a preprocessor line other than a one-line macro "
                            + "of one parameter whose body has '&" + cName + "' once" + at(text, t));
                }
                String why = macroUses(file, m, structs);
                if (why != null) {
                    return new Reach(structs, n, why + at(text, t));
                }
                n++;
                continue;
            }
            if (!t.isIdentifier(cName) || covered.test(t.span()) || tentative(file, i, cName)) {
                continue;
            }
            int amp = tokens.prevCode(i);
            if (amp < 0 || !tokens.get(amp).isPunct("&")) {
                return new Reach(structs, n, "names it other than as '&" + cName + "'" + at(text, t));
            }
            FunctionDef f = function(file, t.span());
            String struct = f == null ? null : selfStruct(f);
            if (struct == null) {
                return new Reach(structs, n, "names it outside a function whose first parameter points to the "
                        + "instance struct of a type of its file" + at(text, t));
            }
            var parsed = file.model().parsed();
            if (!parsed.conditionsOf(i).equals(parsed.conditionsOf(f.body().open()))) {
                return new Reach(structs, n, "names it under a preprocessor condition inside '" + f.name() + "'"
                        + at(text, t));
            }
            if (!hasSelfLocal(text, tokens, f) && file.bodyTokens(f).stream().anyMatch(b -> namesLocal(tokens, b))) {
                return new Reach(structs, n, "names it in '" + f.name() + "', which already names 'state', the "
                        + "local heapify would give it" + at(text, t));
            }
            if (tooLong(text, t) && wrap(tokens, text, i, cName) == null) {
                return new Reach(structs, n, "names it on a line that reading it from the state would take past "
                        + "79 columns" + at(text, t));
            }
            structs.add(struct);
            n++;
        }
        return new Reach(structs, n, null);
    }

    /**
     * A one-line function-like macro of one parameter whose body names the type once, as
     * {@code &X} after a blank ({@code #define PyFileIO_Check(op) (PyObject_TypeCheck((op),
     * &PyFileIO_Type))}): its name, parameter, the offset of its {@code &} and of the blanks
     * before it.
     */
    record CheckMacro(String name, String param, int amp, int blank) {
    }

    private static CheckMacro macro(Token d, String cName) {
        Matcher m = MACRO.matcher(d.text());
        if (!m.matches() || Pattern.compile("\\b" + Pattern.quote(cName) + "\\b").matcher(m.group(3)).results()
                .count() != 1) {
            return null;
        }
        Matcher amp = Pattern.compile("[ \\t]&" + Pattern.quote(cName) + "\\b").matcher(m.group(3));
        if (!amp.find()) {
            return null;
        }
        int at = m.start(3) + amp.start() + 1;
        int blank = at;
        while (" \t".indexOf(d.text().charAt(blank - 1)) >= 0) {
            blank--;
        }
        return new CheckMacro(m.group(1), m.group(2), d.start() + at, d.start() + blank);
    }

    /**
     * Why a use of macro {@code m} could not find the state from its argument's type: each is
     * {@code M(self)} with the first parameter of a function that points to the instance struct
     * of a type of its file (added to {@code structs}), under that function's conditions; null
     * when every use is.
     */
    private static String macroUses(ModuleAnalysis file, CheckMacro m, Set<String> structs) {
        heapify.lex.TokenList tokens = file.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isDirective() && names(t.text(), m.name()) && !t.text().equals(directiveOf(file, m))) {
                return "names it in macro '" + m.name() + "', which a preprocessor line uses";
            }
            if (!t.isIdentifier(m.name())) {
                continue;
            }
            FunctionDef f = function(file, t.span());
            String struct = f == null ? null : selfStruct(f);
            int open = tokens.nextCode(i);
            int arg = open < 0 ? -1 : tokens.nextCode(open);
            int close = arg < 0 ? -1 : tokens.nextCode(arg);
            if (struct == null || close < 0 || !tokens.get(open).isPunct("(")
                    || !tokens.get(arg).isIdentifier(f.params().get(0).name()) || !tokens.get(close).isPunct(")")
                    || !file.model().parsed().conditionsOf(i).equals(file.model().parsed()
                            .conditionsOf(f.body().open()))) {
                return "names it in macro '" + m.name() + "', used other than on the first parameter of a "
                        + "function that points to the instance struct of a type of its file";
            }
            structs.add(struct);
        }
        return null;
    }

    private static String directiveOf(ModuleAnalysis file, CheckMacro m) {
        for (Token t : file.tokens().directiveTokens()) {
            if (t.isDirective() && t.start() <= m.amp() && m.amp() < t.end()) {
                return t.text();
            }
        }
        return null;
    }

    /**
     * How macro {@code m} of directive {@code d} fits once it reads the type through
     * {@code accessor}: false on its line, true broken before the {@code &} (a backslash, the
     * rest 8 columns deep), null when neither fits 79 columns.
     */
    static Boolean macroBreak(Token d, CheckMacro m, String cName, String accessor) {
        String line = d.text().stripTrailing();
        int grow = accessor.length() + m.param().length() + MACRO_READ;
        if (line.indexOf('\t') < 0 && line.length() + grow <= 79) {
            return false;
        }
        String head = line.substring(0, m.blank() - d.start());
        String tail = line.substring(m.amp() - d.start());
        return head.indexOf('\t') < 0 && head.length() + 2 <= 79 && 8 + tail.length() + grow <= 79 ? true : null;
    }

    /** Why the macros of {@code file} naming {@code cName} do not fit once they read it through {@code accessor}. */
    public static String macroWidth(ModuleAnalysis file, String cName, String accessor) {
        for (Token t : file.tokens().directiveTokens()) {
            CheckMacro m = t.isDirective() && names(t.text(), cName) ? macro(t, cName) : null;
            if (m != null && macroBreak(t, m, cName, accessor) == null) {
                return "names it in macro '" + m.name() + "', which reading it from its argument's type would "
                        + "take past 79 columns" + at(file.model().source().text(), t);
            }
        }
        return null;
    }

    /**
     * Whether token {@code i} is a tentative definition of {@code cName} in the file that defines
     * it ({@code PyTypeObject X;} at file level), which goes once the type is a spec.
     */
    private static boolean tentative(ModuleAnalysis file, int i, String cName) {
        heapify.lex.TokenList tokens = file.tokens();
        int type = tokens.prevCode(i);
        int semi = tokens.nextCode(i);
        return type >= 0 && semi >= 0 && tokens.get(type).isIdentifier("PyTypeObject")
                && tokens.get(semi).is(heapify.lex.antlr.CLexer.SEMI) && tokens.prevCode(type) >= 0
                && (tokens.get(tokens.prevCode(type)).is(heapify.lex.antlr.CLexer.SEMI)
                        || tokens.get(tokens.prevCode(type)).isPunct("}"))
                && function(file, tokens.get(i).span()) == null
                && file.model().types().stream().anyMatch(x -> x.cName().equals(cName));
    }

    private static boolean names(String text, String word) {
        return Pattern.compile("\\b" + Pattern.quote(word) + "\\b").matcher(text).find();
    }

    /** Whether the line of {@code t} would pass 79 columns once it reads {@code t} from the state. */
    private static boolean tooLong(String text, Token t) {
        int start = text.lastIndexOf('\n', t.start()) + 1;
        int end = text.indexOf('\n', t.start());
        String l = text.substring(start, end < 0 ? text.length() : end).stripTrailing();
        return l.replace("\t", "        ").length() + STATE_LOCAL.length() + 1 > 79;
    }

    /**
     * How the line of token {@code use}, too long once it reads {@code cName} from the state,
     * fits: the innermost group its line leaves open, which opens before the use and whose
     * continuation lines are aligned one column after its paren
     * ({@code x = (Py_IS_TYPE(self, &A) &&} then {@code     Py_IS_TYPE(raw, &B));}), breaks
     * after that paren, its operands 8 columns deeper than the line (PEP 7), when every line
     * then fits; else {@link #afterComma}; null otherwise (lines with tabs, comments or
     * directives are left).
     */
    static Wrap wrap(heapify.lex.TokenList tokens, String text, int use, String cName) {
        int lineStart = text.lastIndexOf('\n', tokens.get(use).start()) + 1;
        int lineEnd = text.indexOf('\n', tokens.get(use).start());
        lineEnd = lineEnd < 0 ? text.length() : lineEnd;
        String line = text.substring(lineStart, lineEnd).stripTrailing();
        if (line.indexOf('\t') >= 0) {
            return null;
        }
        int first = use;
        while (first > 0 && tokens.get(first - 1).start() >= lineStart) {
            first--;
        }
        java.util.ArrayDeque<Integer> opens = new java.util.ArrayDeque<>();
        int last = first;
        for (int j = first; j < tokens.size() && tokens.get(j).start() < lineEnd; j++) {
            Token k = tokens.get(j);
            if (k.isComment() || k.isDirective()) {
                return null;
            }
            if (!k.isCode()) {
                continue;
            }
            if (k.isPunct("(")) {
                opens.push(j);
            } else if (k.isPunct(")")) {
                if (opens.isEmpty()) {
                    return afterComma(tokens, line, lineStart, first, use, cName);
                }
                opens.pop();
            }
            last = j;
        }
        if (opens.isEmpty() || opens.peek() > use || last == opens.peek()) {
            return afterComma(tokens, line, lineStart, first, use, cName);
        }
        int open = opens.peek();
        int column = tokens.get(open).start() - lineStart;
        String indent = line.substring(0, line.length() - line.stripLeading().length()) + " ".repeat(8);
        int grow = STATE_LOCAL.length() + 1;
        if (indent.length() > column || column + 1 > 79 || indent.length() + width(line.substring(column + 1)
                .strip(), cName, grow) > 79) {
            return null;
        }
        int depth = 0;
        int close = -1;
        for (int j = open; j < tokens.size() && close < 0; j++) {
            Token k = tokens.get(j);
            if (k.isCode() && k.isPunct("(")) {
                depth++;
            } else if (k.isCode() && k.isPunct(")") && --depth == 0) {
                close = j;
            }
        }
        if (close < 0) {
            return null;
        }
        List<Span> continuations = new java.util.ArrayList<>();
        for (int at = lineEnd + 1; at <= tokens.get(close).start(); ) {
            int end = text.indexOf('\n', at);
            end = end < 0 ? text.length() : end;
            String l = text.substring(at, end).stripTrailing();
            String code = l.stripLeading();
            int k = tokens.indexAt(at + column + 1);
            if (l.length() - code.length() != column + 1 || !l.substring(0, column + 1).isBlank()
                    || l.indexOf('\t') >= 0 || k < 0 || !tokens.get(k).isCode()
                    || indent.length() + width(code, cName, grow) > 79) {
                return null;
            }
            for (int j = k; j < tokens.size() && tokens.get(j).start() < end; j++) {
                if (tokens.get(j).isComment() || tokens.get(j).isDirective()) {
                    return null;
                }
            }
            continuations.add(new Span(at, at + column + 1));
            at = end + 1;
        }
        int next = open + 1;
        while (!tokens.get(next).isCode()) {
            next++;
        }
        return new Wrap(open, new Span(tokens.get(open).end(), tokens.get(next).start()), continuations, indent);
    }

    /**
     * The other shape of {@link #wrap}: a line of arguments that names the type before the end of
     * an argument ({@code (PyObject *) &X, "On", reader, buffer_size);}), with its parens balanced
     * from its start to the use, breaks after that argument's comma, the rest at the line's
     * indent, when both lines then fit; null otherwise.
     */
    private static Wrap afterComma(heapify.lex.TokenList tokens, String line, int lineStart, int first, int use,
                                   String cName) {
        int depth = 0;
        int comma = -1;
        int lineEnd = lineStart + line.length();
        for (int j = first; j < tokens.size() && tokens.get(j).start() < lineEnd && comma < 0; j++) {
            Token k = tokens.get(j);
            if (!k.isCode()) {
                continue;
            }
            if (k.isPunct("(")) {
                depth++;
            } else if (k.isPunct(")") && --depth < 0) {
                return null;
            } else if (k.isPunct(",") && depth == 0 && j > use) {
                comma = j;
            } else if (j == use && depth != 0) {
                return null;
            }
        }
        if (comma < 0) {
            return null;
        }
        int next = comma + 1;
        while (next < tokens.size() && !tokens.get(next).isCode()) {
            next++;
        }
        if (next >= tokens.size() || tokens.get(next).start() >= lineEnd) {
            return null;
        }
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        int grow = STATE_LOCAL.length() + 1;
        String head = line.substring(0, tokens.get(comma).end() - lineStart);
        String rest = line.substring(tokens.get(next).start() - lineStart);
        if (width(head, cName, grow) > 79 || indent.length() + width(rest, cName, grow) > 79) {
            return null;
        }
        return new Wrap(comma, new Span(tokens.get(comma).end(), tokens.get(next).start()), List.of(), indent);
    }

    /** The width of {@code code} once each word {@code cName} in it grows by {@code grow}. */
    private static int width(String code, String cName, int grow) {
        return code.length() + grow * (int) Pattern.compile("\\b" + Pattern.quote(cName) + "\\b").matcher(code)
                .results().count();
    }

    /** The struct a function's first parameter points to ({@code stringio *self}), or null. */
    public static String selfStruct(FunctionDef f) {
        if (f.body() == null || f.params().isEmpty() || f.params().get(0).name().isEmpty()) {
            return null;
        }
        Matcher m = POINTER.matcher(f.params().get(0).type().strip());
        return m.matches() && !m.group(1).startsWith("Py") ? m.group(1) : null;
    }

    /** The instance struct of type {@code cName} of {@code file} ({@code sizeof(S)} in tp_basicsize), or null. */
    public static String structOf(ModuleAnalysis file, String cName) {
        for (heapify.model.StaticType t : file.model().types()) {
            if (t.cName().equals(cName)) {
                Matcher m = SIZEOF.matcher(t.value("tp_basicsize").strip());
                return m.matches() ? m.group(1) : null;
            }
        }
        return null;
    }

    /**
     * Whether a {@code PyType_Spec} of {@code file} has {@code struct} as its instance struct
     * ({@code .basicsize = sizeof(S),}, as heapify writes it): a type an earlier run made a heap
     * type, created on the module.
     */
    public static boolean ofSpec(ModuleAnalysis file, String struct) {
        return Pattern.compile("(?m)^[ \\t]*\\.basicsize = sizeof\\((?:struct )?" + Pattern.quote(struct) + "\\),")
                .matcher(file.model().source().text()).find();
    }

    /** The types of {@code file} whose instance struct is {@code struct}. */
    public static Set<String> typesOf(ModuleAnalysis file, String struct) {
        Set<String> out = new LinkedHashSet<>();
        for (heapify.model.StaticType t : file.model().types()) {
            if (struct.equals(structOf(file, t.cName()))) {
                out.add(t.cName());
            }
        }
        return out;
    }

    /** The accessor's name for a module named {@code mName}: {@code find_io_state_by_def} for "io". */
    public static String accessorName(String mName) {
        String last = mName.substring(mName.lastIndexOf('.') + 1).replaceAll("\\W", "_").replaceAll("^_+", "");
        return "find_" + (last.isEmpty() ? "module" : last) + "_state_by_def";
    }

    /**
     * Plans, in a file of the unit, every use of a type of {@code unit.reached()} that no other
     * edit rewrites: {@code &X} reads {@code state->X}, and the function gets the state at its
     * top, from its first parameter's type (ModuleUnits checked each such use with {@link #of}).
     */
    static void plan(MigrationContext ctx, ModuleUnit unit) {
        if (unit.reached().isEmpty() || unit.state() == null) {
            return;
        }
        heapify.lex.TokenList tokens = ctx.tokens();
        for (String x : new java.util.TreeSet<>(unit.reached())) {
            Set<String> functions = new LinkedHashSet<>();
            List<String> macros = new java.util.ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.isDirective() && names(t.text(), x)) {
                    macros.addAll(planMacro(ctx, unit, t, x));
                    continue;
                }
                if (!t.isIdentifier(x) || ctx.plan().touches(t.span())) {
                    continue;
                }
                if (tentative(ctx.analysis(), i, x)) {
                    deleteLine(ctx, tokens.get(tokens.prevCode(i)).start(), tokens.get(tokens.nextCode(i)).end(),
                            "tentative definition of " + x);
                    continue;
                }
                FunctionDef f = function(ctx.analysis(), t.span());
                Wrap w = tooLong(ctx.text(), t) ? wrap(tokens, ctx.text(), i, x) : null;
                if (w != null && !ctx.plan().hasEdit("unit state wrap at " + w.open())) {
                    ctx.plan().replace(w.afterOpen(), "unit state wrap at " + w.open(), ctx.template(
                            "unit-state-wrap", new WrapView(ctx.eol(), w.indent(), true), ""));
                    for (Span c : w.continuations()) {
                        ctx.plan().replace(c, "unit state wrap at " + w.open() + " line " + c.start(),
                                ctx.template("unit-state-wrap", new WrapView(ctx.eol(), w.indent(), false), ""));
                    }
                }
                int amp = ctx.layout().prevCode(i);
                ctx.plan().replace(new Span(tokens.get(amp).start(), t.end()), "state field " + x + " at " + i,
                        ctx.template("state-merged-ref", new MergeIntoExistingState.MergedRefView(STATE_LOCAL, x,
                                false), ""));
                functions.add(f.name());
                if (!ctx.plan().hasEdit("unit state in " + f.name()) && !hasSelfLocal(ctx.text(), tokens, f)) {
                    int at = ctx.layout().nextLineStart(tokens.get(f.body().open()).end());
                    int first = ctx.layout().nextCode(f.body().open());
                    ctx.plan().insert(at, "unit state in " + f.name(), ctx.template("unit-state-self",
                            new SelfLocalView(unit.state().struct(), STATE_LOCAL, unit.byDef(),
                                    f.params().get(0).name()),
                            ctx.layout().indentAt(tokens.get(first).start())),
                            Fragment.lineBreaks(ctx.eol(), 1));
                }
            }
            if (!functions.isEmpty()) {
                FunctionDef f = ctx.analysis().model().function(functions.iterator().next()).orElseThrow();
                ctx.diagnose(Severity.NOTE, "module-unit", f.span().start(), "type '" + x + "' joins the module's "
                        + "state '" + unit.state().struct() + "': " + String.join(", ", functions) + " read it as '"
                        + STATE_LOCAL + "->" + x + "', the state found from their instance's type through '"
                        + unit.byDef() + "' ('" + unit.header() + "')");
            }
            for (String m : macros) {
                ctx.diagnose(Severity.NOTE, "module-unit", ctx.text().indexOf(m), "type '" + x + "' joins the "
                        + "module's state '" + unit.state().struct() + "': macro '" + m + "' reads it from its "
                        + "argument's type through '" + unit.byDef() + "', as each of its uses passes a method's "
                        + "instance");
            }
        }
    }

    /** Plans macro {@code d} to read {@code x} from its argument's type; its name, when it does. */
    private static List<String> planMacro(MigrationContext ctx, ModuleUnit unit, Token d, String x) {
        CheckMacro m = macro(d, x);
        Span use = m == null ? null : new Span(m.amp(), m.amp() + 1 + x.length());
        if (m == null || ctx.plan().touches(use)) {
            return List.of();
        }
        if (Boolean.TRUE.equals(macroBreak(d, m, x, unit.byDef()))) {
            ctx.plan().replace(new Span(m.blank(), m.amp()), "unit state macro break " + m.name(), ctx.template(
                    "unit-state-macro-break", new WrapView(ctx.eol(), " ".repeat(8), true), ""));
        }
        ctx.plan().replace(use, "unit state macro " + m.name(), ctx.template("unit-state-macro",
                new MacroView(unit.byDef(), m.param(), x), ""));
        return List.of(m.name());
    }

    /** Model of unit-state-macro.ftl: a macro's type read from its argument's type. */
    public record MacroView(String accessor, String param, String name) {
    }

    /**
     * Deletes the line holding {@code [start, end)} with its line break, and the blank line
     * after it when the line before is blank too.
     */
    private static void deleteLine(MigrationContext ctx, int start, int end, String reason) {
        String text = ctx.text();
        int from = text.lastIndexOf('\n', start) + 1;
        int to = text.indexOf('\n', end);
        to = to < 0 ? text.length() : to + 1;
        int before = from == 0 ? -1 : text.lastIndexOf('\n', from - 2) + 1;
        int next = text.indexOf('\n', to);
        if (before >= 0 && text.substring(before, from).isBlank() && next >= 0
                && text.substring(to, next + 1).isBlank()) {
            to = next + 1;
        }
        ctx.plan().replace(new Span(from, to), reason);
    }

    private static FunctionDef function(ModuleAnalysis file, Span at) {
        return file.model().functions().stream().filter(f -> f.body() != null && f.span().contains(at))
                .findFirst().orElse(null);
    }

    /**
     * Whether {@code f}'s body starts with the state local exactly as unit-state-self.ftl writes
     * it, from its first parameter ({@code S *state = find_io_state_by_def(Py_TYPE(self));}):
     * an earlier run's, which a rerun reads the state from (its uses of 'state' are that local's).
     */
    private static boolean hasSelfLocal(String text, heapify.lex.TokenList tokens, FunctionDef f) {
        int at = tokens.get(f.body().open()).end();
        int end = text.indexOf('\n', text.indexOf('\n', at) + 1);
        String first = text.substring(at, end < 0 ? text.length() : end);
        return SELF_LOCAL.matcher(first).matches() && SELF_LOCAL.matcher(first).replaceFirst("$1")
                .equals(f.params().get(0).name());
    }

    /** Whether token {@code b} is the word {@code state} other than as a member ({@code self->state}). */
    private static boolean namesLocal(heapify.lex.TokenList tokens, int b) {
        if (!tokens.get(b).isIdentifier(STATE_LOCAL)) {
            return false;
        }
        int p = tokens.prevCode(b);
        return p < 0 || !tokens.get(p).is(heapify.lex.antlr.CLexer.ARROW) && !tokens.get(p).is(heapify.lex.antlr.CLexer.DOT);
    }

    /** Where a use that keeps the type static is, for its reason: made only then. */
    private static String at(String text, Token t) {
        return " (line " + new heapify.source.LineMap(text).line(t.start()) + ")";
    }
}
