package heapify.model;

import heapify.lex.Token;
import heapify.lex.TokenList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule init-macro: function-like macros that write a module's init header,
 * {@code #define MODINIT_DEFINE(mod_name) PyMODINIT_FUNC PyInit_##mod_name(void)} (pygame's
 * {@code pgcompat.h}). A function {@code MODINIT_DEFINE(color) { ... }} is then the module's
 * {@code PyInit_color}. Only a definition read in the file or its local includes counts: the name
 * of a macro says nothing of what it expands to, and a wrong guess would export the wrong symbol.
 */
public final class InitMacros {
    private static final Pattern DEFINE = Pattern.compile(
            "#\\s*define\\s+([A-Za-z_]\\w*)\\(\\s*([A-Za-z_]\\w*)\\s*\\)\\s*PyMODINIT_FUNC\\s+PyInit_\\s*##\\s*(\\w+)"
                    + "\\s*\\(\\s*void\\s*\\)\\s*");

    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//.*");
    private static final Pattern CONTINUATION = Pattern.compile("\\\\\\R");

    private InitMacros() {
    }

    private static final Pattern CAPSULE = Pattern.compile(
            "(?s)#\\s*define\\s+([A-Za-z_]\\w*)(?:\\(.*)?\\bPyCapsule_New\\b.*");

    /**
     * The macros the directives of {@code tokens} define with a call of {@code PyCapsule_New} in
     * their body (pygame's {@code encapsulate_api}): a use exports a capsule as the call does
     * (lesson 15, capsule-exports-type).
     */
    public static Set<String> capsuleMakersIn(TokenList tokens) {
        Set<String> out = new LinkedHashSet<>();
        for (Token t : tokens.directiveTokens()) {
            // the regex only on a directive that names the call
            Matcher m = t.isDirective() && t.text().contains("PyCapsule_New") ? CAPSULE.matcher(t.text()) : null;
            if (m != null && m.matches()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** The names of the init macros the directives of {@code tokens} define. */
    public static Set<String> definedIn(TokenList tokens) {
        Set<String> out = new LinkedHashSet<>();
        for (Token t : tokens.directiveTokens()) {
            if (!t.isDirective()) {
                continue;
            }
            String raw = t.text();
            // DEFINE needs PyMODINIT_FUNC, which only the removal of a comment could make up
            if (!raw.contains("PyMODINIT_FUNC") && !raw.contains("/*") && !raw.contains("//")) {
                continue;
            }
            String text = CONTINUATION.matcher(COMMENT.matcher(raw).replaceAll("")).replaceAll(" ").strip();
            Matcher m = DEFINE.matcher(text);
            if (m.matches() && m.group(2).equals(m.group(3))) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
