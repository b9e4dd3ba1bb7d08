package heapify.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A syntax-only compile of one file as it is and as heapify migrated it, which tells whether the
 * migrated text may be written (design.md, "What done means", point 1: it compiles with the same
 * warnings as before).
 *
 * <p>Both texts go to a fresh temporary folder under the file's own name and are compiled there with
 * <pre>
 *   gcc -fsyntax-only -Wall -fno-diagnostics-show-caret -iquote DIR &lt;python -I flags&gt; &lt;user flags&gt; -x c TMP/foo.c
 * </pre>
 * in the caller's working folder (so that a relative {@code -I include} means what the user meant)
 * under {@code LC_ALL=C}. {@code DIR} is the file's own folder: {@code -iquote} searches it for
 * {@code #include "local.h"} and {@code "clinic/foo.c.h"}, as the real build does for a file in DIR,
 * without putting it before the system headers for {@code <...>} includes the way {@code -I} would.
 *
 * <p>The verdict: the input does not compile, so nothing is compared ({@code INPUT_FAILS}); the
 * output does not compile ({@code OUTPUT_FAILS}); the output's warnings, as a multiset of
 * {@link CompilerMessage#key()} (text without line numbers, plus the {@code -W} option), are not
 * contained in the input's ({@code NEW_WARNING}). For example, before:
 * <pre>
 *   foo.c:30:9: warning: unused variable 'x' [-Wunused-variable]
 * </pre>
 * and after, where migration moved the function down 40 lines and added a second unused variable:
 * <pre>
 *   foo.c:70:9: warning: unused variable 'x' [-Wunused-variable]
 *   foo.c:85:15: warning: unused variable 'st' [-Wunused-variable]
 * </pre>
 * The first is the same warning ({@code unused variable 'x' [-Wunused-variable]} once on each side);
 * the second is new, and it is the message reported.
 */
public final class BuildCheck {
    /** The flags every compile gets before the include and user flags. */
    public static final List<String> FLAGS = List.of("-fsyntax-only", "-Wall", "-fno-diagnostics-show-caret");
    /** How long one compile may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** {@code path:line:col: kind: text}; line and column optional ({@code gcc: error: ...}, {@code <command-line>: error: ...}). */
    private static final Pattern MESSAGE = Pattern.compile(
            "^(.+?):(?:(\\d+):(?:(\\d+):)?)? (warning|error|fatal error|note): (.*)$");
    /** {@code In file included from path:line:col:} and its continuation lines {@code from path:line,}. */
    private static final Pattern INCLUDED = Pattern.compile(
            "^(?:In file included from|\\s+from) (.+?):(\\d+)(?::(\\d+))?[:,]$");
    /** The option that enabled a warning, at the end of its text. */
    private static final Pattern FLAG = Pattern.compile("^(.*) \\[(-W[^\\]\\s]+)\\]$");

    private final ProcessRunner runner;
    private final List<String> compiler;
    private final List<String> flags;
    private final Path workingDir;
    private final Duration timeout;

    /**
     * A check that runs {@code compiler} (a program and any leading arguments, such as {@code [gcc]})
     * through {@code runner} in {@code workingDir}, with {@code flags} (the Python include flags, then
     * the user's) after {@link #FLAGS}.
     */
    public BuildCheck(ProcessRunner runner, List<String> compiler, List<String> flags, Path workingDir,
                      Duration timeout) {
        this.runner = Objects.requireNonNull(runner);
        this.compiler = List.copyOf(compiler);
        this.flags = List.copyOf(flags);
        this.workingDir = workingDir.toAbsolutePath();
        this.timeout = Objects.requireNonNull(timeout);
        if (this.compiler.isEmpty()) {
            throw new IllegalArgumentException("no compiler command");
        }
    }

    /** Why {@code compiler --version} does not run, or empty when it does. */
    public Optional<String> unavailable() {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("heapify-build-check-");
        } catch (IOException e) {
            return Optional.of("cannot create a temporary folder: " + e.getMessage());
        }
        try {
            List<String> cmd = new ArrayList<>(compiler);
            cmd.add("--version");
            ProcessResult r = runner.run(cmd, Map.of("LC_ALL", "C"), workingDir, tmp.resolve("version"),
                    Duration.ofSeconds(30));
            return r.ok() ? Optional.empty()
                    : Optional.of("'" + String.join(" ", cmd) + "' failed: " + firstLine(r.stderrText() + r.stdoutText()));
        } catch (UncheckedIOException e) {
            return Optional.of("no C compiler '" + compiler.get(0) + "' found");
        } finally {
            heapify.apply.TemporaryFolder.delete(tmp);
        }
    }

    /** The command that compiles {@code source}, a copy of a file that lives in {@code fileDir}. */
    public List<String> command(Path fileDir, Path source) {
        List<String> cmd = new ArrayList<>(compiler);
        cmd.addAll(FLAGS);
        cmd.add("-iquote");
        cmd.add(fileDir.toAbsolutePath().normalize().toString());
        cmd.addAll(flags);
        cmd.add("-x");
        cmd.add("c");
        cmd.add(source.toString());
        return cmd;
    }

    /**
     * Compiles {@code before} and {@code after}, the bytes of {@code file} before and after migration,
     * and compares them. Never throws: a file that does not compile is a verdict, and a compiler that
     * cannot be started or does not finish in time is {@code NOT_RUN} (ask {@link #unavailable()} first).
     */
    public BuildCheckResult check(Path file, byte[] before, byte[] after) {
        return check(file, before, after, Map.of());
    }

    /**
     * As above; {@code besideAfter}: files included by name ({@code clinic/x.c.h}) that change with
     * {@code file}, placed beside the migrated copy so its quoted includes find them first.
     */
    public BuildCheckResult check(Path file, byte[] before, byte[] after, Map<String, byte[]> besideAfter) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        String name = file.getFileName().toString();
        Path tmp;
        try {
            tmp = Files.createTempDirectory("heapify-build-check-");
        } catch (IOException e) {
            return notRun("cannot create a temporary folder: " + e.getMessage());
        }
        try {
            Compile in = compile(tmp.resolve("before"), dir, name, before);
            if (in.timedOut) {
                return notRun("the compiler did not finish within " + duration(timeout));
            }
            if (!in.ok) {
                return new BuildCheckResult(BuildCheckResult.Outcome.INPUT_FAILS, errors(in));
            }
            for (Map.Entry<String, byte[]> e : besideAfter.entrySet()) {
                Path p = tmp.resolve("after").resolve(e.getKey()).normalize();
                if (p.startsWith(tmp.resolve("after"))) {
                    Files.createDirectories(p.getParent());
                    Files.write(p, e.getValue());
                }
            }
            Compile out = compile(tmp.resolve("after"), dir, name, after);
            if (out.timedOut) {
                return notRun("the compiler did not finish within " + duration(timeout));
            }
            if (!out.ok) {
                return new BuildCheckResult(BuildCheckResult.Outcome.OUTPUT_FAILS, errors(out));
            }
            List<CompilerMessage> added = newWarnings(in.messages, out.messages);
            return added.isEmpty() ? new BuildCheckResult(BuildCheckResult.Outcome.PASSED, List.of())
                    : new BuildCheckResult(BuildCheckResult.Outcome.NEW_WARNING, added);
        } catch (IOException e) {
            return notRun("cannot write a temporary file: " + e.getMessage());
        } catch (UncheckedIOException e) {
            return notRun("cannot run '" + compiler.get(0) + "': " + e.getCause().getMessage());
        } finally {
            heapify.apply.TemporaryFolder.delete(tmp);
        }
    }

    /** The warnings of {@code after} that {@code before} does not have, counted as multisets of {@link CompilerMessage#key()}. */
    static List<CompilerMessage> newWarnings(List<CompilerMessage> before, List<CompilerMessage> after) {
        Map<String, Integer> left = new HashMap<>();
        before.stream().filter(CompilerMessage::isWarning).forEach(m -> left.merge(m.key(), 1, Integer::sum));
        List<CompilerMessage> added = new ArrayList<>();
        for (CompilerMessage m : after) {
            if (!m.isWarning()) {
                continue;
            }
            int n = left.getOrDefault(m.key(), 0);
            if (n > 0) {
                left.put(m.key(), n - 1);
            } else {
                added.add(m);
            }
        }
        return added;
    }

    /**
     * The warnings and errors in a compiler's output, notes folded into the message before them.
     * {@code source} is the compiled file's path as given on the command line; it is replaced by
     * {@code name} in texts. A message in a header points, in the checked file, at the line that
     * includes the header, or at a macro expansion a following note names.
     */
    static List<CompilerMessage> parse(String output, String source, String name) {
        List<CompilerMessage> out = new ArrayList<>();
        Map<String, int[]> includedAt = new HashMap<>();
        int[] chain = null;
        for (String line : output.split("\\R")) {
            Matcher inc = INCLUDED.matcher(line);
            if (inc.matches()) {
                if (inc.group(1).equals(source)) {
                    chain = new int[] {Integer.parseInt(inc.group(2)), number(inc.group(3))};
                }
                continue;
            }
            Matcher m = MESSAGE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String origin = m.group(1);
            boolean inFile = origin.equals(source);
            int ln = number(m.group(2));
            int col = number(m.group(3));
            if (m.group(4).equals("note")) {
                int last = out.size() - 1;
                if (inFile && ln > 0 && last >= 0 && out.get(last).fileLine() == 0) {
                    out.set(last, out.get(last).pointingAt(ln, col));
                }
                continue;
            }
            if (chain != null) {
                includedAt.put(origin, chain);
                chain = null;
            }
            String text = m.group(5).replace(source, name);
            String flag = "";
            Matcher f = FLAG.matcher(text);
            if (f.matches()) {
                text = f.group(1);
                flag = f.group(2);
            }
            int[] at = inFile ? new int[] {ln, col} : includedAt.getOrDefault(origin, new int[] {0, 0});
            out.add(new CompilerMessage(inFile ? "" : origin, ln, col, m.group(4), text, flag, at[0], at[1]));
        }
        return out;
    }

    private record Compile(boolean ok, boolean timedOut, List<CompilerMessage> messages, String output) {
    }

    private Compile compile(Path tmpDir, Path fileDir, String name, byte[] text) throws IOException {
        Files.createDirectories(tmpDir);
        Path source = tmpDir.resolve(name);
        Files.write(source, text);
        ProcessResult r = runner.run(command(fileDir, source), Map.of("LC_ALL", "C"), workingDir,
                tmpDir.resolve("compile"), timeout);
        String output = r.stderrText() + r.stdoutText();
        return new Compile(r.ok(), r.timedOut(), parse(output, source.toString(), name),
                output.replace(source.toString(), name));
    }

    /** The errors of a failed compile; the first line of its output when none can be read. */
    private static List<CompilerMessage> errors(Compile c) {
        List<CompilerMessage> errors = c.messages.stream().filter(CompilerMessage::isError).toList();
        if (!errors.isEmpty()) {
            return errors;
        }
        String first = firstLine(c.output);
        return List.of(CompilerMessage.unplaced("error", first.isEmpty() ? "the compiler failed without a message" : first));
    }

    private static BuildCheckResult notRun(String why) {
        return new BuildCheckResult(BuildCheckResult.Outcome.NOT_RUN, List.of(CompilerMessage.unplaced("note", why)));
    }

    /** {@code 60 s}, or {@code 300 ms} below a second. */
    private static String duration(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private static int number(String s) {
        return s == null ? 0 : Integer.parseInt(s);
    }

    private static String firstLine(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
}
