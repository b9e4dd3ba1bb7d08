package heapify.verify;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The result of compiling one module of a package for one interpreter.
 *
 * @param module       what was built
 * @param compiled     true if the compiler exited 0 and wrote the {@code .so} (and its copies)
 * @param sharedObject the built {@code .so} (absent when {@code compiled} is false)
 * @param warnings     the compiler's {@code warning:} lines
 * @param errors       the first error lines (compiler, linker or the expansion of the row's words)
 * @param process      the compiler run, with its output files; null when it never ran
 */
public record PackageModuleBuild(PackageModule module, boolean compiled, java.nio.file.Path sharedObject,
                                 List<String> warnings, List<String> errors, ProcessResult process) {
    private static final Pattern POSITION = Pattern.compile("^(.+?):\\d+(?::\\d+)?: ");

    public PackageModuleBuild {
        Objects.requireNonNull(module);
        Objects.requireNonNull(sharedObject);
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }

    /**
     * What makes two warning lines the same warning before and after migration: the file and the
     * text, without line and column (migration moves code), such as
     * {@code src/foo.c: warning: unused variable 'x' [-Wunused-variable]}.
     */
    public static String key(String warningLine) {
        String t = POSITION.matcher(warningLine.strip()).replaceFirst("$1: ");
        return t.replaceAll(":\\d+(?::\\d+)?", ":").replaceAll("\\bline \\d+", "line");
    }

    /** The warning and error lines of a compiler's output, in order. */
    static List<String> lines(String output, boolean errors) {
        return output.lines().filter(l -> errors
                ? l.contains(": error:") || l.contains(": fatal error:") || l.contains("undefined reference")
                : l.contains(": warning:")).toList();
    }
}
