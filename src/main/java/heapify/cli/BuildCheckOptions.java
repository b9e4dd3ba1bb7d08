package heapify.cli;

import heapify.source.Severity;
import heapify.source.SourceText;
import heapify.verify.BuildCheck;
import heapify.verify.BuildCheckResult;
import heapify.verify.CompilerMessage;
import heapify.verify.ProcessRunner;
import heapify.verify.PythonHeaders;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The build check's flags on {@code migrate} ({@code --no-build-check}, {@code --cflags},
 * {@code --python}) and the {@link Gate} that applies it: before {@code --in-place} or
 * {@code --output} writes a changed file, the file is compiled as it is and as migrated
 * ({@link BuildCheck}); a migrated text that does not build, or warns where the input did not, is
 * not written and is an error. The dry-run diff and {@code --check} skip it: they write nothing,
 * and a diff should stay fast.
 */
public final class BuildCheckOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--no-build-check",
            description = "with --in-place or --output: write without compiling each changed file before and after")
    boolean off;

    @Option(names = "--cflags", paramLabel = "FLAGS",
            description = "extra compiler flags for the build check, split like a shell does (spaces separate; "
                    + "'...', \"...\" and \\ quote), e.g. \"-I include -DFOO\"; relative paths are relative to "
                    + "the working folder; repeatable")
    List<String> cflags = new ArrayList<>();

    @Option(names = "--python", paramLabel = "PY",
            description = "the CPython whose headers the build check uses: a path, a command, or 3.X for pyenv's "
                    + "newest 3.X.* (default: pyenv's newest from --target up, else python3)")
    String python;

    /** The compiler the check runs; a field, not a flag, so that tests can name a missing one. */
    List<String> compiler = List.of("gcc");

    /** A gate for one run of {@code migrate}; bad {@code --cflags} are a usage error here, before any file. */
    Gate gate(int targetMinor, PrintWriter err, SarifOptions sarif) {
        List<String> flags = new ArrayList<>();
        for (String c : cflags) {
            try {
                flags.addAll(split(c));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(mixee.commandLine(), "--cflags: " + e.getMessage());
            }
        }
        return new Gate(targetMinor, flags, err, sarif);
    }

    /** Decides, file by file, whether a migrated text may be written; prints its findings to stderr. */
    final class Gate {
        private final int targetMinor;
        private final List<String> userFlags;
        private final PrintWriter err;
        private final SarifOptions sarif;
        private boolean resolved;
        private BuildCheck check;
        private boolean inputNoted;
        private boolean rejected;

        private Gate(int targetMinor, List<String> userFlags, PrintWriter err, SarifOptions sarif) {
            this.targetMinor = targetMinor;
            this.userFlags = List.copyOf(userFlags);
            this.err = err;
            this.sarif = sarif;
        }

        /**
         * True when {@code output}, the migrated text of {@code file} (shown as {@code shown}), may be
         * written: the check is off or cannot run, the input does not build with these flags, or the
         * output builds with no new warning. Otherwise prints the error and returns false.
         */
        boolean admits(Path file, String shown, SourceText source, String output) {
            return admits(file, shown, source, output, List.of());
        }

        /** As above, with the included files heapify changes with it, compiled as changed. */
        boolean admits(Path file, String shown, SourceText source, String output,
                       List<heapify.apply.FileMigrator.Included> included) {
            return admits(shown, judge(file, source, output, beside(included)));
        }

        /** The files {@code included} by name, as migrated, to place beside a migrated copy. */
        static java.util.Map<String, byte[]> beside(List<heapify.apply.FileMigrator.Included> included) {
            java.util.Map<String, byte[]> beside = new java.util.LinkedHashMap<>();
            for (heapify.apply.FileMigrator.Included inc : included) {
                beside.put(inc.name(), inc.source().encode(inc.output()));
            }
            return beside;
        }

        /**
         * Compiles {@code output} with {@code beside} placed next to it (the migrated files it
         * includes by name), printing nothing; null when the check is off or cannot run at all.
         */
        BuildCheckResult judge(Path file, SourceText source, String output, java.util.Map<String, byte[]> beside) {
            if (off || !ready()) {
                return null;
            }
            return check.check(file, source.encode(source.text()), source.encode(output), beside);
        }

        /** Whether a file judged {@code r} may be written; prints why not, or the check's notes. */
        boolean admits(String shown, BuildCheckResult r) {
            if (r == null || r.outcome() == BuildCheckResult.Outcome.PASSED) {
                return true;
            }
            CompilerMessage m = r.first();
            switch (r.outcome()) {
                case NOT_RUN -> {
                    err.println("heapify: note: build check skipped for '" + shown + "': " + m.text());
                    return true;
                }
                case INPUT_FAILS -> {
                    if (!inputNoted) {
                        err.println("heapify: note: build check skipped where the input does not build with these "
                                + "flags, first " + place(shown, m) + ": " + m.describe());
                        inputNoted = true;
                    }
                    return true;
                }
                case OUTPUT_FAILS -> diagnose(Severity.ERROR, "build-check-failed", shown, m,
                        "migrated output does not build: " + m.describe());
                case NEW_WARNING -> diagnose(Severity.ERROR, "build-check-new-warning", shown, m,
                        "migrated output warns where the input did not: " + m.describe());
            }
            rejected = true;
            return false;
        }

        /**
         * A file that builds but is not written because {@code failed}, another file of its module
         * (rule module-unit), did not: a module's files are written together or not at all.
         */
        void rejectWithModule(String shown, String failed) {
            String message = "not written: '" + failed + "', a file of the same module, does not build as migrated, "
                    + "and a module's files are written together or not at all";
            err.println(shown + ": " + Severity.ERROR.label() + ": " + message + " [build-check-failed]");
            sarif.command(Severity.ERROR, "build-check-failed", shown, 1, 1, message);
            rejected = true;
        }

        /** A rejected file's error on stderr and in the SARIF log, at the compiler's position. */
        private void diagnose(Severity severity, String ruleId, String shown, CompilerMessage m, String message) {
            err.println(position(shown, m) + ": " + severity.label() + ": " + message + " [" + ruleId + "]");
            sarif.command(severity, ruleId, shown, Math.max(1, m.fileLine()), Math.max(1, m.fileColumn()), message);
        }

        /** True when some file was not written because its migrated text failed the check. */
        boolean rejectedAny() {
            return rejected;
        }

        /** Finds the compiler and the headers once, on the first changed file; notes why not. */
        private boolean ready() {
            if (!resolved) {
                resolved = true;
                ProcessRunner runner = new ProcessRunner();
                Path cwd = Path.of("").toAbsolutePath();
                BuildCheck probe = new BuildCheck(runner, compiler, List.of(), cwd, BuildCheck.TIMEOUT);
                String why = probe.unavailable().orElse(null);
                if (why == null) {
                    PythonHeaders.Lookup headers = PythonHeaders.find(runner, python == null ? "" : python, targetMinor,
                            PythonHeaders.pyenvVersions(System.getenv(), System.getProperty("user.home")));
                    if (headers instanceof PythonHeaders.Found f) {
                        List<String> flags = new ArrayList<>(f.headers().flags());
                        flags.addAll(userFlags);
                        check = new BuildCheck(runner, compiler, flags, cwd, BuildCheck.TIMEOUT);
                    } else {
                        why = ((PythonHeaders.NotFound) headers).reason();
                    }
                }
                if (why != null) {
                    err.println("heapify: note: build check skipped: " + why);
                }
            }
            return check != null;
        }
    }

    /** {@code file:line:col} of a message in the migrated text; line 1 when the compiler named none. */
    private static String position(String shown, CompilerMessage m) {
        return shown + ":" + Math.max(1, m.fileLine()) + ":" + Math.max(1, m.fileColumn());
    }

    /** {@code file:line:col} for a message in the file itself; {@code 'file'} for one elsewhere, which describe() places. */
    private static String place(String shown, CompilerMessage m) {
        return m.origin().isEmpty() && m.fileLine() > 0 ? position(shown, m) : "'" + shown + "'";
    }

    /**
     * Splits {@code flags} into words as a POSIX shell does for simple quoting: unquoted blanks
     * separate words; {@code '...'} keeps everything literally; {@code "..."} keeps everything but
     * lets {@code \"} and {@code \\} stand for {@code "} and {@code \}; outside quotes, {@code \}
     * makes the next character literal. No variables, globs or command substitution.
     *
     * @throws IllegalArgumentException for an unterminated quote or a trailing backslash
     */
    static List<String> split(String flags) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = flags.length();
        while (i < n) {
            char c = flags.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = flags.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ' in '" + flags + "'");
                }
                word.append(flags, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (i < n && flags.charAt(i) != '"') {
                    char d = flags.charAt(i);
                    if (d == '\\' && i + 1 < n && (flags.charAt(i + 1) == '"' || flags.charAt(i + 1) == '\\')) {
                        word.append(flags.charAt(i + 1));
                        i += 2;
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (i >= n) {
                    throw new IllegalArgumentException("unterminated \" in '" + flags + "'");
                }
                inWord = true;
                i++;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("trailing \\ in '" + flags + "'");
                }
                word.append(flags.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
