package heapify.transform;

import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.FunctionDef;
import heapify.model.Param;
import heapify.model.StaticType;
import heapify.source.Severity;
import heapify.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule exact-check-by-dealloc: an exact type check {@code Py_IS_TYPE(x, &Foo_Type)} of a
 * migrated type, in a function body or a function-like macro, becomes
 * {@code Py_TYPE(x)->tp_dealloc == Foo_dealloc} when {@code Foo_dealloc} is Foo's own dealloc,
 * no other type of the file has it and the file takes its address only in Foo's initializer. A
 * heap subclass gets {@code subtype_dealloc} (or its own), so the test holds exactly for Foo's
 * instances, of every module object, as it held for the one static type. It needs no state: a
 * dealloc that only checks its exact type (_asyncio's {@code FutureObj_dealloc}) stays
 * state-free, and fast paths save a lookup. A site is left to the state when the dealloc cannot
 * be declared before it or when its line would grow past 79 columns.
 */
public final class ExactCheckByDealloc implements Transformer {
    private static final Pattern CHECK = Pattern.compile("\\bPy_IS_TYPE\\s*\\(");
    private static final Pattern DEALLOC = Pattern.compile("^(?:\\(\\s*destructor\\s*\\)\\s*)?(\\w+)$");
    private static final Pattern TYPE_ARG = Pattern.compile("^\\s*&\\s*(\\w+)\\s*$");
    /** Tokens around a check that bind looser than {@code ==}: no parentheses needed. */
    private static final Set<Integer> BARE_BEFORE = Set.of(CLexer.LPAREN, CLexer.COMMA, CLexer.ASSIGN);
    private static final Set<Integer> BARE_AFTER = Set.of(CLexer.RPAREN, CLexer.COMMA, CLexer.SEMI);
    private static final Pattern LOGICAL = Pattern.compile("\\|\\||&&");
    /** The characters exact-check-by-dealloc.ftl adds around the object and the dealloc. */
    private static final int CHECK_TEXT = 25;
    /** The indent exact-check-by-dealloc.ftl gives a check continued on the macro's next line. */
    private static final int CONTINUATION_INDENT = 4;
    /** A parameter type a prototype can name: {@code PyObject *} or a typedef name, as a pointer. */
    private static final Pattern POINTER_PARAM = Pattern.compile("^(?:const\\s+)?(\\w+)\\s*\\*$");

    /**
     * One check to rewrite: its span, the object's text, the type, the site's declaration point, and
     * for a check that is the whole body of a one-line macro, where that body's leading blanks start
     * (else -1), so that a check too long for the line can continue on the next.
     */
    private record Site(Span span, String object, String type, boolean parenthesized, int item, int body,
            boolean continued, String wrapIndent) {
        Site(Span span, String object, String type, boolean parenthesized, int item, int body) {
            this(span, object, type, parenthesized, item, body, false, "");
        }

        /** The check moved to a continuation line: its span now takes the blanks before it. */
        Site continuedLine() {
            return new Site(new Span(body, span.end()), object, type, parenthesized, item, body, true, "");
        }

        /** The check broken after its {@code ==}, the dealloc on the next line at {@code indent}. */
        Site wrapped(String indent) {
            return new Site(span, object, type, parenthesized, item, body, false, indent);
        }
    }

    @Override
    public void apply(MigrationContext ctx) {
        Map<String, String> deallocs = eligible(ctx);
        if (deallocs.isEmpty()) {
            return;
        }
        List<Site> sites = new ArrayList<>();
        for (FunctionDef f : ctx.model().functions()) {
            bodySites(ctx, f, deallocs, sites);
        }
        for (Token t : ctx.tokens().all()) {
            if (t.isDirective()) {
                macroSites(ctx, t, deallocs, sites);
            }
        }
        sites = withinLineLength(ctx, sites, deallocs);
        // a dealloc named before its definition or prototype gets a prototype ahead of the first use
        Map<String, Integer> firstUndeclared = new LinkedHashMap<>();
        for (Site s : sites) {
            String fn = function(deallocs.get(s.type()));
            if (declaredAt(ctx, fn) > s.item()) {
                firstUndeclared.merge(fn, s.item(), Math::min);
            }
        }
        // a prototype naming only PyObject goes before the first early check of all; one naming a
        // type of the file before the first early check of its own dealloc, after that type's typedef
        Set<String> noPrototype = new LinkedHashSet<>();
        Map<String, Views.DeallocPrototypeView> prototypes = new LinkedHashMap<>();
        Set<String> typed = new LinkedHashSet<>();
        for (Map.Entry<String, Integer> e : firstUndeclared.entrySet()) {
            Views.DeallocPrototypeView p = prototype(ctx, e.getKey(), e.getValue());
            if (p == null) {
                noPrototype.add(e.getKey());
            } else {
                prototypes.put(e.getKey(), p);
                if (prototype(ctx, e.getKey(), -1) == null) {
                    typed.add(e.getKey());
                }
            }
        }
        sites.removeIf(s -> noPrototype.contains(function(deallocs.get(s.type()))));
        int common = prototypes.keySet().stream().filter(fn -> !typed.contains(fn)).mapToInt(firstUndeclared::get)
                .min().orElse(-1);
        Map<Integer, List<Views.DeallocPrototypeView>> blocks = new java.util.TreeMap<>();
        for (Map.Entry<String, Views.DeallocPrototypeView> e : prototypes.entrySet()) {
            int at = typed.contains(e.getKey()) ? firstUndeclared.get(e.getKey()) : common;
            blocks.computeIfAbsent(at, k -> new ArrayList<>()).add(e.getValue());
            ctx.deallocPrototypes.put(e.getKey(), at);
        }
        for (Map.Entry<Integer, List<Views.DeallocPrototypeView>> b : blocks.entrySet()) {
            ctx.plan().insert(b.getKey(), "dealloc prototypes for exact type checks",
                    ctx.template("dealloc-prototypes", new Views.DeallocPrototypesView(b.getValue()), ""),
                    Fragment.lineBreaks(ctx.eol(), 2));
        }
        Set<String> noted = new LinkedHashSet<>();
        for (Site s : sites) {
            ctx.plan().replace(s.span(), "exact type check of " + s.type(), ctx.template("exact-check-by-dealloc",
                    new Views.ExactCheckView(s.object(), deallocs.get(s.type()), s.parenthesized(), s.continued(),
                            s.wrapIndent()), ""));
            ctx.exactChecks.add(s.span());
            if (noted.add(s.type())) {
                StaticType t = ctx.type(s.type());
                ctx.diagnose(Severity.NOTE, "exact-check-by-dealloc", t.definition().start(), "exact type checks of '"
                        + s.type() + "' compare its dealloc ('" + deallocs.get(s.type()) + "'): no module state "
                        + "needed, and they hold for its instances of every module object, as for the static type");
            }
        }
    }

    /** Migrated types whose dealloc identifies them, with the dealloc as their initializer spells it. */
    static Map<String, String> eligible(MigrationContext ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        for (StaticType t : ctx.migrated()) {
            Matcher m = DEALLOC.matcher(ctx.field(t, "tp_dealloc").strip());
            if (!m.find() || ctx.model().function(m.group(1)).isEmpty() || addressTaken(ctx, m.group(1)) != 1) {
                continue;
            }
            boolean shared = false;
            for (StaticType other : ctx.analysis().types()) {
                Matcher o = DEALLOC.matcher(ctx.field(other, "tp_dealloc").strip());
                boolean same = o.find() && o.group(1).equals(m.group(1));
                // a subclass without a dealloc of its own inherits Foo's
                boolean inherits = ctx.baseOf(other).equals(t.cName()) && !ctx.sets(other, "tp_dealloc");
                shared |= other != t && (same || inherits);
            }
            if (!shared) {
                out.put(t.cName(), m.group().strip());
            }
        }
        return out;
    }

    /**
     * How often the file names {@code fn} other than to call or declare it, or to name it as the
     * dealloc of {@code Py_TRASHCAN_BEGIN(op, fn)}, which compares it with the type's and installs
     * it nowhere.
     */
    private static int addressTaken(MigrationContext ctx, String fn) {
        int n = 0;
        for (Token t : ctx.tokens().all()) {
            if (t.isCode() && t.isIdentifier(fn)) {
                int next = ctx.layout().nextCode(t.index());
                n += next >= 0 && ctx.token(next).type() == CLexer.LPAREN || trashcanDealloc(ctx, t.index()) ? 0 : 1;
            }
        }
        return n;
    }

    /** Whether token {@code i} is the last argument of {@code Py_TRASHCAN_BEGIN(op, [(destructor)] fn)}. */
    private static boolean trashcanDealloc(MigrationContext ctx, int i) {
        SourceLayout layout = ctx.layout();
        int next = layout.nextCode(i);
        if (next < 0 || ctx.token(next).type() != CLexer.RPAREN) {
            return false;
        }
        int k = layout.prevCode(i);
        if (k >= 0 && ctx.token(k).type() == CLexer.RPAREN) {
            int name = layout.prevCode(k);
            int open = name < 0 ? -1 : layout.prevCode(name);
            if (open < 0 || !ctx.token(name).isIdentifier("destructor") || ctx.token(open).type() != CLexer.LPAREN) {
                return false;
            }
            k = layout.prevCode(open);
        }
        if (k < 0 || ctx.token(k).type() != CLexer.COMMA) {
            return false;
        }
        int depth = 0;
        for (k = layout.prevCode(k); k >= 0; k = layout.prevCode(k)) {
            int type = ctx.token(k).type();
            if (type == CLexer.LPAREN && depth == 0) {
                int macro = layout.prevCode(k);
                return macro >= 0 && ctx.token(macro).isIdentifier("Py_TRASHCAN_BEGIN");
            }
            if (type == CLexer.COMMA && depth == 0 || type == CLexer.SEMI || type == CLexer.LBRACE) {
                return false;
            }
            depth += type == CLexer.RPAREN ? 1 : type == CLexer.LPAREN ? -1 : 0;
        }
        return false;
    }

    static String function(String dealloc) {
        Matcher m = DEALLOC.matcher(dealloc);
        return m.find() ? m.group(1) : dealloc;
    }

    private static void bodySites(MigrationContext ctx, FunctionDef f, Map<String, String> deallocs, List<Site> out) {
        List<Integer> toks = ctx.analysis().bodyTokens(f);
        for (int k = 0; k + 1 < toks.size(); k++) {
            Token t = ctx.token(toks.get(k));
            if (!t.isIdentifier("Py_IS_TYPE") || ctx.token(toks.get(k + 1)).type() != CLexer.LPAREN) {
                continue;
            }
            int depth = 0;
            int comma = -1;
            int close = -1;
            for (int j = k + 1; j < toks.size() && close < 0; j++) {
                int type = ctx.token(toks.get(j)).type();
                depth += type == CLexer.LPAREN ? 1 : type == CLexer.RPAREN ? -1 : 0;
                comma = type == CLexer.COMMA && depth == 1 && comma < 0 ? j : comma;
                close = depth == 0 ? j : -1;
            }
            if (comma < 0 || close != comma + 3 || ctx.token(toks.get(comma + 1)).type() != CLexer.AMP
                    || !deallocs.containsKey(ctx.token(toks.get(comma + 2)).text())) {
                continue;
            }
            String object = ctx.text().substring(ctx.token(toks.get(k + 2)).start(),
                    ctx.token(toks.get(comma - 1)).end());
            Token before = k > 0 ? ctx.token(toks.get(k - 1)) : null;
            Token after = close + 1 < toks.size() ? ctx.token(toks.get(close + 1)) : null;
            boolean bare = before != null && (BARE_BEFORE.contains(before.type()) || LOGICAL.matcher(before.text()).matches()
                    || before.isIdentifier("return"))
                    && after != null && (BARE_AFTER.contains(after.type()) || LOGICAL.matcher(after.text()).matches());
            out.add(new Site(new Span(t.start(), ctx.token(toks.get(close)).end()), object,
                    ctx.token(toks.get(comma + 2)).text(), !bare, ctx.layout().lineStart(f.span().start()), -1));
        }
    }

    private static void macroSites(MigrationContext ctx, Token directive, Map<String, String> deallocs, List<Site> out) {
        Matcher define = StateMacros.DEFINE.matcher(directive.text());
        if (!define.find()) {
            return;
        }
        String text = directive.text();
        Matcher m = CHECK.matcher(text);
        m.region(define.start(4), text.length());
        while (m.find()) {
            int depth = 1;
            int comma = -1;
            int i = m.end();
            for (; i < text.length() && depth > 0; i++) {
                char c = text.charAt(i);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                comma = c == ',' && depth == 1 && comma < 0 ? i : comma;
            }
            int start = m.start();
            String object = comma < 0 ? "" : text.substring(m.end(), comma).strip();
            Matcher type = TYPE_ARG.matcher(comma < 0 ? "" : text.substring(comma + 1, i - 1));
            m.region(i, text.length());
            if (depth != 0 || object.isEmpty() || object.matches(".*[\"'/\\\\].*") || !type.find()
                    || !deallocs.containsKey(type.group(1))) {
                continue;
            }
            // the whole body of a one-line macro: the check may continue on a line of its own
            String head = text.substring(define.start(4), start);
            boolean whole = !head.isEmpty() && head.isBlank() && text.substring(i).isBlank() && text.indexOf('\n') < 0;
            // the sole condition of an if or an argument needs no parentheses of its own
            String before = text.substring(0, start).stripTrailing();
            String after = text.substring(i).stripLeading();
            boolean bare = (before.endsWith("(") || before.endsWith(",")) && (after.startsWith(")")
                    || after.startsWith(","));
            out.add(new Site(new Span(directive.start() + start, directive.start() + i), object, type.group(1),
                    !bare, ctx.layout().lineStart(directive.start()), whole ? directive.start() + define.start(4) : -1));
        }
    }

    /** Drops the sites of every line the rewrite would take past 79 columns (PEP 7). */
    /** Whether {@code s}, alone on its line of code, fits in 79 columns once broken after its {@code ==}. */
    private static boolean wraps(MigrationContext ctx, Site s, String dealloc, String line, int start,
            String next) {
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        if (indent.contains("\t") || s.span().end() > start + line.length()) {
            return false;
        }
        String before = line.substring(0, s.span().start() - start);
        String after = line.substring(s.span().end() - start);
        int open = s.parenthesized() ? 1 : 0;
        int first = before.length() + open + CHECK_TEXT - 1 + s.object().length(); // the blank after == goes
        int second = wrapIndent(line, next).length() + dealloc.length() + open + after.length();
        return first <= 79 && second <= 79 && !before.contains("/*") && !after.contains("/*")
                && !after.contains("//");
    }

    /**
     * The indent of a broken check's dealloc: 8 columns deeper than its line (PEP 7), or, when
     * that line ends in {@code &&} or {@code ||} and the condition goes on at a deeper indent on
     * the next (itertools' {@code teedataobject_safe_decref}), that indent, so the condition's
     * terms stay aligned as the file aligns them.
     */
    private static String wrapIndent(String line, String next) {
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        String nextIndent = next.substring(0, next.length() - next.stripLeading().length());
        String code = line.strip();
        if ((code.endsWith("&&") || code.endsWith("||")) && nextIndent.length() > indent.length()
                && !next.isBlank() && !nextIndent.contains("\t")) {
            return nextIndent;
        }
        return indent + " ".repeat(2 * CONTINUATION_INDENT);
    }

    private static List<Site> withinLineLength(MigrationContext ctx, List<Site> sites, Map<String, String> deallocs) {
        Map<Integer, Integer> growth = new LinkedHashMap<>();
        for (Site s : sites) {
            int after = CHECK_TEXT + s.object().length() + deallocs.get(s.type()).length() + (s.parenthesized() ? 2 : 0);
            growth.merge(ctx.layout().lineStart(s.span().start()), after - s.span().length(), Integer::sum);
        }
        List<Site> out = new ArrayList<>();
        for (Site s : sites) {
            int start = ctx.layout().lineStart(s.span().start());
            int end = ctx.text().indexOf('\n', start);
            String line = ctx.text().substring(start, end < 0 ? ctx.text().length() : end).stripTrailing();
            int nextEnd = end < 0 ? -1 : ctx.text().indexOf('\n', end + 1);
            String next = end < 0 ? "" : ctx.text().substring(end + 1, nextEnd < 0 ? ctx.text().length() : nextEnd)
                    .stripTrailing();
            int after = CHECK_TEXT + s.object().length() + deallocs.get(s.type()).length() + 2;
            if (line.length() + growth.get(start) <= 79) {
                out.add(s);
            } else if (s.body() >= 0 && CONTINUATION_INDENT + after <= 79) {
                out.add(s.continuedLine()); // #define Foo_CheckExact(op) \ and the check on the next line
            } else if (s.body() < 0 && wraps(ctx, s, deallocs.get(s.type()), line, start, next)) {
                // the only check of its line, broken after its '==' (PEP 7: a continuation 8 deeper),
                // so the type needs no state for it (hp_gc's Node then caches none)
                out.add(s.wrapped(wrapIndent(line, next)));
            }
        }
        return out;
    }

    /** The offset of the first definition or prototype of {@code fn}. */
    static int declaredAt(MigrationContext ctx, String fn) {
        FunctionDef f = ctx.model().function(fn).orElseThrow();
        return ReachModuleState.declarationStarts(ctx, f).stream().mapToInt(Integer::intValue).min()
                .orElse(f.span().start());
    }

    /**
     * A prototype of the dealloc, to go at {@code at}, when each parameter is a pointer to
     * {@code PyObject} or to a type the file's typedef completes before {@code at}
     * ({@code ElementObject *self} of _elementtree.c, the line '} stringio;' of stringio.c), else
     * null.
     */
    private static Views.DeallocPrototypeView prototype(MigrationContext ctx, String fn, int at) {
        FunctionDef f = ctx.model().function(fn).orElseThrow();
        List<String> params = new ArrayList<>();
        for (Param p : f.params()) {
            Matcher m = POINTER_PARAM.matcher(p.type().strip());
            if (!m.find() || !m.group(1).equals("PyObject") && typedefEnd(ctx, m.group(1)) > at) {
                return null;
            }
            params.add(p.type().strip().replaceAll("\\s*\\*$", " *") + p.name());
        }
        if (params.isEmpty() || !f.head().strip().matches("(static\\s+)?void")) {
            return null;
        }
        return new Views.DeallocPrototypeView(ReachModuleState.internalLinkage(ctx, f), fn, String.join(", ", params));
    }

    /**
     * Where the file's first top-level {@code typedef ... name;} ends ({@code typedef struct {...}
     * ElementObject;}), or {@link Integer#MAX_VALUE} when it has none: the name is declared there.
     */
    static int typedefEnd(MigrationContext ctx, String name) {
        SourceLayout layout = ctx.layout();
        for (Token t : ctx.tokens().all()) {
            if (!t.isCode() || !t.isIdentifier(name) || t.isDirective()) {
                continue;
            }
            int semi = layout.nextCode(t.index());
            if (semi < 0 || ctx.token(semi).type() != CLexer.SEMI) {
                continue;
            }
            int depth = 0;
            for (int k = layout.prevCode(t.index()); k >= 0; k = layout.prevCode(k)) {
                Token b = ctx.token(k);
                if (b.isDirective() || depth == 0 && (b.type() == CLexer.SEMI || b.type() == CLexer.LBRACE)) {
                    break;
                }
                if (depth == 0 && b.isIdentifier("typedef")) {
                    return ctx.token(semi).end();
                }
                depth += b.type() == CLexer.RBRACE ? 1 : b.type() == CLexer.LBRACE ? -1 : 0;
            }
        }
        return Integer.MAX_VALUE;
    }
}
