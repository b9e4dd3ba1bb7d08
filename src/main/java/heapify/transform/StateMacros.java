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

    private static final Pattern OBJECT_MACRO = Pattern.compile("^\\s*#\\s*define\\s+(\\w+)\\s+(.*)$", Pattern.DOTALL);

    static void findStateMacros(MigrationContext ctx) {
        Set<String> types = ctx.migratedNames();
        Set<String> globals = ctx.movedNames();
        for (Token t : ctx.tokens().directiveTokens()) {
            if (!t.isDirective()) {
                continue;
            }
            Matcher m = DEFINE.matcher(t.text());
            if (!m.find()) {
                Matcher obj = OBJECT_MACRO.matcher(t.text());
                if (obj.find() && mentions(obj.group(2), types, globals)) {
                    for (String n : mentioned(obj.group(2), types, globals)) {
                        ctx.unreachableRefs.putIfAbsent(n, "macro '" + obj.group(1) + "' has no parameters");
                    }
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
                        "state in macro " + m.group(2), ctx.template("state-ref",
                                new Views.StateRefView(name, u.getValue()[1] == 1, true), ""));
                last = u.getValue()[0];
            }
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
