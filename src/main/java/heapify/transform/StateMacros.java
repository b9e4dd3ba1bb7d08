package heapify.transform;

import heapify.lex.Token;
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
        for (Token t : ctx.tokens().all()) {
            if (!t.isDirective()) {
                continue;
            }
            Matcher m = DEFINE.matcher(t.text());
            if (!m.find()) {
                Matcher obj = Pattern.compile("^\\s*#\\s*define\\s+(\\w+)\\s+(.*)$", Pattern.DOTALL).matcher(t.text());
                if (obj.find() && mentions(obj.group(2), types, globals)) {
                    for (String n : mentioned(obj.group(2), types, globals)) {
                        ctx.unreachableRefs.putIfAbsent(n, "macro '" + obj.group(1) + "' has no parameters");
                    }
                }
                continue;
            }
            String body = m.group(4);
            if (!mentions(body, types, globals)) {
                continue;
            }
            String newBody = body;
            for (String ty : types) {
                newBody = newBody.replaceAll("&\\s*" + ty + "\\b", "(st)->" + ty);
                newBody = newBody.replaceAll("\\b" + ty + "\\s*\\.", "(st)->" + ty + "->");
            }
            for (String g : globals) {
                newBody = newBody.replaceAll("(?<![\\w.>])" + g + "\\b", "(st)->" + g);
            }
            String params = m.group(3).isBlank() ? "st" : "st, " + m.group(3);
            ctx.stateMacros.add(m.group(2));
            ctx.plan().replace(t.span(), "state parameter for macro " + m.group(2),
                    Fragment.text(m.group(1) + m.group(2) + "(" + params + ")" + newBody));
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
        for (String ty : types) {
            if (Pattern.compile("&\\s*" + ty + "\\b|\\b" + ty + "\\s*\\.").matcher(text).find()) {
                return true;
            }
        }
        for (String g : globals) {
            if (Pattern.compile("(?<![\\w.>])" + g + "\\b").matcher(text).find()) {
                return true;
            }
        }
        return false;
    }
}
