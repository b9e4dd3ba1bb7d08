package heapify.transform;

import heapify.lex.Token;
import heapify.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule 9: function-like macros of the file that name a migrated type or a moved global get the
 * state as a new first parameter ({@code #define Foo_Check(st, o) PyObject_TypeCheck(o,
 * (st)->Foo_Type)}); an object-like macro that names one cannot, so what it names stays static.
 */
final class StateMacros {
    private StateMacros() {
    }

    static final Pattern DEFINE = Pattern.compile("^(\\s*#\\s*define\\s+)(\\w+)\\(([^)]*)\\)(.*)$",
            Pattern.DOTALL);

    static void findStateMacros(MigrationContext ctx) {
        Set<String> types = ctx.migratedNames();
        Set<String> globals = ctx.movedNames();
        for (Token t : ctx.tokens().directiveTokens()) {
            if (!t.isDirective()) {
                continue;
            }
            Matcher m = DEFINE.matcher(t.text());
            if (!m.find()) {
                Matcher obj = OBJECT_LIKE.matcher(t.text());
                if (obj.find() && mentions(obj.group(2), types, globals)) {
                    String name = obj.group(1);
                    String why = parameterizable(ctx, name);
                    if (why != null) {
                        for (String n : mentioned(obj.group(2), types, globals)) {
                            ctx.unreachableRefs.putIfAbsent(n, "macro '" + name + "' has no parameters, and " + why);
                        }
                        continue;
                    }
                    // PARSER_CHECK (audit): named only as a statement of functions, it becomes PARSER_CHECK(st)
                    ctx.stateMacros.add(name);
                    ctx.objectStateMacros.add(name);
                    ctx.plan().insert(t.start() + obj.end(1), "state parameter for macro " + name,
                            ctx.template("state-arg-list", new Views.StateArgView(false), ""));
                    // state-arg-list writes the state variable in parentheses
                    keepContinuationColumn(ctx, t.start() + obj.end(1), ctx.names().stateVariable().length() + 2);
                    rewriteBody(ctx, name, t.start() + obj.start(2),
                            withoutExactChecks(ctx, t.start() + obj.start(2), obj.group(2)), types, globals);
                }
                continue;
            }
            // an exact type check rewritten by its dealloc names no type any more
            String body = withoutExactChecks(ctx, t.start() + m.start(4), m.group(4));
            if (!mentions(body, types, globals)) {
                continue;
            }
            // edits inside the directive: the st parameter first, then each use in the body
            int bodyAt = t.start() + m.start(4);
            ctx.stateMacros.add(m.group(2));
            ctx.plan().insert(t.start() + m.start(3), "state parameter for macro " + m.group(2),
                    ctx.template("state-arg", new Views.StateArgView(!m.group(3).isBlank()), ""));
            rewriteBody(ctx, m.group(2), bodyAt, body, types, globals);
        }
    }

    static final Pattern OBJECT_LIKE = Pattern.compile("^\\s*#\\s*define\\s+(\\w+)\\s+(.*)$", Pattern.DOTALL);

    /**
     * Why the object-like macro {@code name} cannot become {@code name(st)}, or null: it must be
     * defined once, named by no other directive, and named in code only inside function bodies
     * and never called ({@code name(...)} would call its expansion).
     */
    private static String parameterizable(MigrationContext ctx, String name) {
        int definitions = 0;
        Pattern word = Pattern.compile("\\b" + Pattern.quote(name) + "\\b");
        for (Token d : ctx.tokens().directiveTokens()) {
            if (!word.matcher(d.text()).find()) {
                continue;
            }
            Matcher obj = OBJECT_LIKE.matcher(d.text());
            if (!obj.find() || !obj.group(1).equals(name) || word.matcher(obj.group(2)).find()) {
                return "another directive names it";
            }
            definitions++;
        }
        if (definitions != 1) {
            return "it is defined " + definitions + " times";
        }
        List<Token> all = ctx.tokens().all();
        for (int i = 0; i < all.size(); i++) {
            Token t = all.get(i);
            if (!t.isCode() || !t.isIdentifier(name)) {
                continue;
            }
            boolean inFunction = false;
            for (heapify.model.FunctionDef f : ctx.model().functions()) {
                inFunction |= ctx.token(f.body().open()).start() < t.start() && t.end() <= ctx.token(f.body().close()).start();
            }
            if (!inFunction) {
                return "it is used outside a function";
            }
            for (int j = i + 1; j < all.size(); j++) {
                if (all.get(j).isCode()) {
                    if (all.get(j).type() == heapify.lex.antlr.CLexer.LPAREN) {
                        return "a use is followed by '('";
                    }
                    break;
                }
            }
        }
        return null;
    }

    /**
     * Where the line of {@code at} ends in blanks and a line continuation, as a macro's lines do
     * to align their backslashes, as many of those blanks as were inserted go (one stays), so the
     * backslash keeps its column.
     */
    private static void keepContinuationColumn(MigrationContext ctx, int at, int inserted) {
        String text = ctx.text();
        int eol = at;
        while (eol < text.length() && text.charAt(eol) != '\n' && text.charAt(eol) != '\r') {
            eol++;
        }
        if (eol == at || text.charAt(eol - 1) != '\\') {
            return;
        }
        int blanks = eol - 1;
        while (blanks > at && text.charAt(blanks - 1) == ' ') {
            blanks--;
        }
        int removable = Math.min(inserted, eol - 1 - blanks - 1);
        if (removable > 0) {
            ctx.plan().replace(new Span(blanks, blanks + removable), "macro line continuation keeps its column");
        }
    }

    /** The state uses in a macro's body: st->Foo_Type for &amp;Foo_Type, (st)->g for a global. */
    private static void rewriteBody(MigrationContext ctx, String macro, int bodyAt, String body, Set<String> types,
                                    Set<String> globals) {
        java.util.TreeMap<Integer, int[]> uses = new java.util.TreeMap<>(); // start -> {end, member?}
        for (String ty : types) {
            collect(uses, Pattern.compile("&\\s*" + ty + "\\b").matcher(body), false);
            collect(uses, Pattern.compile("\\b" + ty + "\\s*\\.").matcher(body), true);
        }
        for (String g : globals) {
            collect(uses, Pattern.compile("(?<![\\w.>])" + g + "\\b").matcher(body), false);
        }
        int last = -1;
        for (var u : uses.entrySet()) {
            if (u.getKey() < last) {
                continue; // overlaps an earlier use
            }
            String name = body.substring(u.getKey(), u.getValue()[0]).replaceAll("[&.\\s]", "");
            ctx.plan().replace(new Span(bodyAt + u.getKey(), bodyAt + u.getValue()[0]),
                    "state in macro " + macro, ctx.template("state-ref",
                            new Views.StateRefView(name, u.getValue()[1] == 1, true), ""));
            last = u.getValue()[0];
        }
    }

    /** {@code body} (at {@code at} in the file) with the exact type checks blanked out. */
    private static String withoutExactChecks(MigrationContext ctx, int at, String body) {
        StringBuilder b = new StringBuilder(body);
        for (Span s : ctx.exactChecks) {
            for (int i = Math.max(s.start(), at); i < Math.min(s.end(), at + body.length()); i++) {
                b.setCharAt(i - at, ' ');
            }
        }
        return b.toString();
    }

    private static void collect(java.util.TreeMap<Integer, int[]> uses, Matcher m, boolean member) {
        while (m.find()) {
            uses.putIfAbsent(m.start(), new int[] {m.end(), member ? 1 : 0});
        }
    }

    static List<String> mentioned(String text, Set<String> types, Set<String> globals) {
        List<String> out = new ArrayList<>();
        for (String ty : types) {
            if (Pattern.compile("&\\s*" + ty + "\\b|\\b" + ty + "\\s*\\.").matcher(text).find()) {
                out.add(ty);
            }
        }
        for (String g : globals) {
            if (Pattern.compile("(?<![\\w.>])" + g + "\\b").matcher(text).find()) {
                out.add(g);
            }
        }
        return out;
    }

    static boolean mentions(String text, Set<String> types, Set<String> globals) {
        // each pattern needs its name: none compiled for a directive that does not hold it
        for (String ty : types) {
            if (text.contains(ty) && Pattern.compile("&\\s*" + ty + "\\b|\\b" + ty + "\\s*\\.").matcher(text).find()) {
                return true;
            }
        }
        for (String g : globals) {
            if (text.contains(g) && Pattern.compile("(?<![\\w.>])" + g + "\\b").matcher(text).find()) {
                return true;
            }
        }
        return false;
    }
}
