package heapify.model;

import heapify.lex.TokenList;
import heapify.parse.Conditional;
import heapify.parse.ParsedFile;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Code that only Python 2 compiles: the {@code #else} of {@code #if PY_MAJOR_VERSION >= 3}, or the
 * first branch of {@code #if PY_MAJOR_VERSION < 3}. No target of heapify (3.9 and later) compiles
 * it, so a function there (pywatchman's {@code initbser}) is not an outside caller of anything.
 * The same holds for the {@code #else} of {@code #ifdef IS_PY3K} (the first branch of
 * {@code #ifndef IS_PY3K}) where the file defines {@code IS_PY3K} only under
 * {@code #if PY_MAJOR_VERSION >= 3} (mercurial's sha1dc: {@code initsha1dc}).
 */
public final class PythonTwoBranch {
    private static final Pattern PY3 = Pattern.compile("#\\s*if\\s+\\(?\\s*PY_MAJOR_VERSION\\s*(>=\\s*3|>\\s*2)\\s*\\)?");
    private static final Pattern PY2 = Pattern.compile(
            "#\\s*if\\s+\\(?\\s*PY_MAJOR_VERSION\\s*(<\\s*3|<=\\s*2|==\\s*2)\\s*\\)?");

    private PythonTwoBranch() {
    }

    private static final Pattern IFDEF = Pattern.compile(
            "#\\s*(?:(ifdef|ifndef)\\s+(\\w+)|if\\s+(!?)\\s*defined\\s*\\(?\\s*(\\w+)\\s*\\)?)");
    private static final Pattern DEFINE = Pattern.compile("(?s)#\\s*(define|undef)\\s+(\\w+)(.*)");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//.*");

    /** True when the token is in a branch that only Python 2 compiles. */
    public static boolean contains(ParsedFile parsed, int token) {
        for (int frame : parsed.conditionsOf(token)) {
            if (pythonTwoOnly(parsed, frame)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The answers found for the parse a thread asked about last, by identity (the same
     * {@code ParsedFile}, not an equal one): {@code pythonTwoOnly} by frame (0 not asked, 1 false,
     * 2 true) and {@code pythonThreeMarker} by name. Both are asked again and again for one file:
     * {@code ExecBodyFixes.bareReturnMacros} asks for every frame around every directive, and a
     * marker walks all the file's directives (7 % of a whole-tree run's samples).
     */
    private static final class Memo {
        final ParsedFile parsed;
        final byte[] twoOnly;
        final java.util.Map<String, Boolean> markers = new java.util.HashMap<>();

        Memo(ParsedFile parsed) {
            this.parsed = parsed;
            this.twoOnly = new byte[parsed.frames().size()];
        }
    }

    private static final ThreadLocal<Memo> LAST = new ThreadLocal<>();

    private static Memo memo(ParsedFile parsed) {
        Memo m = LAST.get();
        if (m == null || m.parsed != parsed) {
            m = new Memo(parsed);
            LAST.set(m);
        }
        return m;
    }

    /** True when the branch {@code frame} of {@code parsed.frames()} is one only Python 2 compiles. */
    public static boolean pythonTwoOnly(ParsedFile parsed, int frame) {
        Memo m = memo(parsed);
        if (m.twoOnly[frame] == 0) {
            boolean found = scanPythonTwoOnly(parsed, frame);
            // (the scan may have asked for another parse's answers and replaced this thread's memo)
            m.twoOnly[frame] = (byte) (found ? 2 : 1);
        }
        return m.twoOnly[frame] == 2;
    }

    private static boolean scanPythonTwoOnly(ParsedFile parsed, int frame) {
        TokenList tokens = parsed.tokens();
        Conditional c = parsed.frames().get(frame);
        String chain = code(tokens.get(c.chainStart()).text());
        boolean elseBranch = c.branch() > 0 && tokens.get(c.directive()).text().matches("(?s)#\\s*else\\b.*");
        if (PY3.matcher(chain).matches() && elseBranch || PY2.matcher(chain).matches() && c.branch() == 0) {
            return true;
        }
        Matcher m = IFDEF.matcher(chain);
        if (m.matches() && (elseBranch || c.branch() == 0)) {
            boolean positive = m.group(1) != null ? m.group(1).equals("ifdef") : m.group(3).isEmpty();
            String name = m.group(1) != null ? m.group(2) : m.group(4);
            return (positive ? elseBranch : c.branch() == 0) && pythonThreeMarker(parsed, name);
        }
        return false;
    }

    /**
     * The platforms no Python 3 runs on, by the macro their compilers define: Symbian
     * ({@code __SYMBIAN32__}), whose only Python (PyS60) stopped at 2.6. A branch for one of them is
     * code no target of heapify compiles, as a Python 2 branch is.
     */
    private static final java.util.Map<String, String> DEAD_PLATFORMS = java.util.Map.of("__SYMBIAN32__", "Symbian");

    /**
     * The platform (named as {@link #DEAD_PLATFORMS} names it) whose branch {@code frame} is, or
     * null: the first branch of {@code #ifdef __SYMBIAN32__} or {@code #if defined(__SYMBIAN32__)},
     * the {@code #else} of {@code #ifndef __SYMBIAN32__} (pygame's {@code time.c}). Read only by the
     * init head ({@link PythonTwoInitHead}): other such branches are left as they are.
     */
    public static String deadPlatformOnly(ParsedFile parsed, int frame) {
        TokenList tokens = parsed.tokens();
        Conditional c = parsed.frames().get(frame);
        Matcher m = IFDEF.matcher(code(tokens.get(c.chainStart()).text()));
        if (!m.matches()) {
            return null;
        }
        boolean elseBranch = c.branch() > 0 && tokens.get(c.directive()).text().matches("(?s)#\\s*else\\b.*");
        boolean positive = m.group(1) != null ? m.group(1).equals("ifdef") : m.group(3).isEmpty();
        String name = m.group(1) != null ? m.group(2) : m.group(4);
        return (positive ? c.branch() == 0 : elseBranch) ? DEAD_PLATFORMS.get(name) : null;
    }

    /**
     * True when the file defines {@code name}, empty or as 1, and only in the first branch of
     * {@code #if PY_MAJOR_VERSION >= 3}, and never undefines it: {@code #ifdef name} then holds on
     * every target heapify has.
     */
    private static boolean pythonThreeMarker(ParsedFile parsed, String name) {
        Memo m = memo(parsed);
        Boolean found = m.markers.get(name);
        if (found == null) {
            found = scanPythonThreeMarker(parsed, name);
            m.markers.put(name, found);
        }
        return found;
    }

    private static boolean scanPythonThreeMarker(ParsedFile parsed, String name) {
        TokenList tokens = parsed.tokens();
        boolean defined = false;
        for (int i : tokens.directives()) {
            String text = tokens.get(i).text();
            // a directive without the name and without a comment (whose removal could join it)
            // cannot define it: no regex for it (this walk runs per #ifndef'd function)
            if (!tokens.get(i).isDirective() || !text.contains(name) && text.indexOf('/') < 0) {
                continue;
            }
            Matcher d = DEFINE.matcher(code(text));
            if (!d.matches() || !d.group(2).equals(name)) {
                continue;
            }
            if (d.group(1).equals("undef") || !d.group(3).strip().matches("1?") || !underPythonThree(parsed, i)) {
                return false;
            }
            defined = true;
        }
        return defined;
    }

    /**
     * True when every frame around the token is a version condition every target meets, and
     * there is one: {@code #if PY_MAJOR_VERSION > 2}, and within it {@code #if PY_MINOR_VERSION >= 5}
     * (audit's {@code USE_RICH_COMPARISON}), but not {@code #ifdef _WIN32} within it.
     */
    private static boolean underPythonThree(ParsedFile parsed, int token) {
        List<Integer> frames = parsed.conditionsOf(token);
        for (int frame : frames) {
            if (!versionAlwaysMet(parsed, frame)) {
                return false;
            }
        }
        return !frames.isEmpty();
    }

    private static final Pattern MINOR = Pattern.compile("#\\s*if\\s+\\(?\\s*PY_MINOR_VERSION\\s*(>=|>)\\s*(\\d+)\\s*\\)?");
    private static final Pattern HEX = Pattern.compile(
            "#\\s*if\\s+\\(?\\s*PY_VERSION_HEX\\s*>=\\s*0x03([0-9A-Fa-f]{2})[0-9A-Fa-f]{4}\\s*\\)?");
    /** The oldest target's minor version: 3.9. */
    private static final int OLDEST_MINOR = 9;

    /**
     * True when the branch {@code frame} holds on every target by its version test alone: the
     * first branch of {@code PY_MAJOR_VERSION >= 3}, of {@code PY_MINOR_VERSION >= n} for n up to 9
     * (inside a Python 3 branch, or alone: no target has a smaller minor), of
     * {@code PY_VERSION_HEX >= 0x0309....} or older; the {@code #else} of {@code PY_MAJOR_VERSION < 3}.
     */
    private static boolean versionAlwaysMet(ParsedFile parsed, int frame) {
        Conditional c = parsed.frames().get(frame);
        String chain = code(parsed.tokens().get(c.chainStart()).text());
        boolean elseBranch = c.branch() > 0 && parsed.tokens().get(c.directive()).text().matches("(?s)#\\s*else\\b.*");
        if (c.branch() == 0 && PY3.matcher(chain).matches() || elseBranch && PY2.matcher(chain).matches()) {
            return true;
        }
        Matcher minor = MINOR.matcher(chain);
        if (c.branch() == 0 && minor.matches()) {
            int n = Integer.parseInt(minor.group(2));
            return minor.group(1).equals(">=") ? n <= OLDEST_MINOR : n < OLDEST_MINOR;
        }
        Matcher hex = HEX.matcher(chain);
        return c.branch() == 0 && hex.matches() && Integer.parseInt(hex.group(1), 16) <= OLDEST_MINOR;
    }

    /**
     * True when every target compiles the branch {@code frame}: a version test every target meets,
     * or the first branch of {@code #ifdef M} (the {@code #else} of {@code #ifndef M}) for a
     * marker {@code M} the file defines only under such tests (audit's {@code USE_RICH_COMPARISON}).
     */
    public static boolean alwaysCompiled(ParsedFile parsed, int frame) {
        if (versionAlwaysMet(parsed, frame)) {
            return true;
        }
        Conditional c = parsed.frames().get(frame);
        String chain = code(parsed.tokens().get(c.chainStart()).text());
        boolean elseBranch = c.branch() > 0 && parsed.tokens().get(c.directive()).text().matches("(?s)#\\s*else\\b.*");
        Matcher m = IFDEF.matcher(chain);
        if (!m.matches()) {
            return false;
        }
        boolean positive = m.group(1) != null ? m.group(1).equals("ifdef") : m.group(3).isEmpty();
        String name = m.group(1) != null ? m.group(2) : m.group(4);
        return (positive ? c.branch() == 0 : elseBranch) && pythonThreeMarker(parsed, name);
    }

    /** A directive's text without its comments, stripped. */
    private static String code(String directive) {
        return COMMENT.matcher(directive).replaceAll("").strip();
    }
}
