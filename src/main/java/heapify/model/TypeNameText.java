package heapify.model;

import heapify.lex.Token;
import heapify.lex.TokenList;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule type-name-without-dot: what a {@code tp_name} initializer spells. A static type named
 * without a dot is in {@code builtins}. A dotless spec name gives a heap type with no
 * {@code __module__} at all (and a DeprecationWarning), so its spec is named {@code "builtins.X"}
 * and exec sets {@code tp_name} back to {@code "X"} after creation (migration-rules.md Rule 1);
 * {@code "mod.X"} ({@code --qualify-dotless-names}) changes {@code __module__}. A name this file
 * cannot spell stays static.
 *
 * @param code    the initializer's text ({@code "Camera"}, {@code "pygame.key." NAME})
 * @param literal the name it spells, from string literals and object-like macros the file defines
 *                as such; null when it names anything else (a macro of another header: its dot
 *                cannot be known)
 */
public record TypeNameText(String code, String literal) {
    private static final Pattern PIECE = Pattern.compile("\\s*+(?:\"((?:[^\"\\\\]++|\\\\.)*+)\"|([A-Za-z_]\\w*+))");
    private static final Pattern DOTTED_LITERAL = Pattern.compile("\"[^\".]*+\\.");
    private static final Pattern DEFINE = Pattern.compile("(?s)#\\s*define\\s+([A-Za-z_]\\w*)(?=\\s)(.*)");

    /** The name {@code code} spells, expanding the object-like macros {@code tokens} defines. */
    public static TypeNameText of(String code, TokenList tokens) {
        return new TypeNameText(code, spell(code, tokens, new HashSet<>()));
    }

    private static String spell(String code, TokenList tokens, Set<String> expanding) {
        StringBuilder out = new StringBuilder();
        Matcher m = PIECE.matcher(code);
        int at = 0;
        while (at < code.length() && !code.substring(at).isBlank()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            if (m.group(1) != null) {
                out.append(m.group(1));
            } else {
                String body = expanding.add(m.group(2)) ? definition(m.group(2), tokens) : null;
                String spelled = body == null ? null : spell(body, tokens, expanding);
                if (spelled == null) {
                    return null;
                }
                out.append(spelled);
            }
            at = m.end();
        }
        return out.length() == 0 ? null : out.toString();
    }

    /** The body of the one object-like definition of {@code name} in the file, or null. */
    private static String definition(String name, TokenList tokens) {
        String body = null;
        for (Token t : tokens.all()) {
            if (!t.isDirective() || !t.text().contains(name)) {
                continue;
            }
            Matcher d = DEFINE.matcher(t.text());
            if (d.matches() && d.group(1).equals(name)) {
                if (body != null) {
                    return null; // defined in several branches: which one holds is unknown
                }
                body = d.group(2).replaceAll("\\\\\\R", " ").replaceAll("/\\*.*?\\*/|//.*", " ");
            }
        }
        return body;
    }

    /** True when the name is known and has no dot: the type's module is {@code builtins}. */
    public boolean dotless() {
        return literal != null && !literal.contains(".");
    }

    /**
     * True when nothing the file says shows a dot: a macro of another header, with no literal
     * piece that holds one ({@code MODULE_NAME ".A"} has its dot whatever the macro is); a type
     * with no {@code tp_name} at all is not this rule's.
     */
    public boolean unknown() {
        return literal == null && !code.isBlank() && !DOTTED_LITERAL.matcher(code).find();
    }

    /**
     * The type's {@code __name__}, after the last dot (what {@code PyModule_AddType} names the
     * attribute); for a name not spelled in the file, the text's own, quotes removed.
     */
    public String lastPart() {
        String name = literal != null ? literal : code.strip().replaceAll("^\"|\"$", "");
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
