package heapify.model;

import heapify.lex.TokenList;
import heapify.parse.Conditional;
import heapify.parse.ParsedFile;
import java.util.regex.Pattern;

/**
 * Code that only Python 2 compiles: the {@code #else} of {@code #if PY_MAJOR_VERSION >= 3}, or the
 * first branch of {@code #if PY_MAJOR_VERSION < 3}. No target of heapify (3.9 and later) compiles
 * it, so a function there (pywatchman's {@code initbser}) is not an outside caller of anything.
 */
public final class PythonTwoBranch {
    private static final Pattern PY3 = Pattern.compile("#\\s*if\\s+\\(?\\s*PY_MAJOR_VERSION\\s*(>=\\s*3|>\\s*2)\\s*\\)?");
    private static final Pattern PY2 = Pattern.compile(
            "#\\s*if\\s+\\(?\\s*PY_MAJOR_VERSION\\s*(<\\s*3|<=\\s*2|==\\s*2)\\s*\\)?");

    private PythonTwoBranch() {
    }

    /** True when the token is in a branch that only Python 2 compiles. */
    public static boolean contains(ParsedFile parsed, int token) {
        TokenList tokens = parsed.tokens();
        for (int frame : parsed.conditionsOf(token)) {
            Conditional c = parsed.frames().get(frame);
            String chain = tokens.get(c.chainStart()).text().replaceAll("/\\*.*?\\*/|//.*", "").strip();
            boolean elseBranch = c.branch() > 0 && tokens.get(c.directive()).text().matches("(?s)#\\s*else\\b.*");
            if (PY3.matcher(chain).matches() && elseBranch || PY2.matcher(chain).matches() && c.branch() == 0) {
                return true;
            }
        }
        return false;
    }
}
