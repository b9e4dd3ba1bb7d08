package heapify.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The header folders of one CPython, as that interpreter's own {@code sysconfig} reports them
 * ({@code get_paths()['include']} and {@code ['platinclude']}), for compiling a module against it.
 *
 * @param python      the interpreter asked: a path, or a command looked up on {@code PATH}
 * @param minor       its minor version, 12 for 3.12
 * @param includeDirs {@code include}, then {@code platinclude} when it differs; the first holds {@code Python.h}
 */
public record PythonHeaders(String python, int minor, List<Path> includeDirs) {
    /** The command used when pyenv has no CPython from the target up. */
    public static final String FALLBACK = "python3";

    private static final Pattern VERSION = Pattern.compile("3\\.(\\d{1,2})");
    private static final Pattern VERSION_DIR = Pattern.compile("3\\.(\\d+)\\.(\\d+)");
    private static final String QUERY = "import sys, sysconfig; p = sysconfig.get_paths(); "
            + "print(sys.version_info[0], sys.version_info[1]); print(p['include']); print(p['platinclude'])";

    public PythonHeaders {
        Objects.requireNonNull(python);
        includeDirs = List.copyOf(includeDirs);
        if (includeDirs.isEmpty()) {
            throw new IllegalArgumentException("no include folder");
        }
    }

    /** {@code -I<dir>} for each include folder. */
    public List<String> flags() {
        return includeDirs.stream().map(d -> "-I" + d).toList();
    }

    /** The answer of {@link #find}: the headers, or why there are none. */
    public sealed interface Lookup permits Found, NotFound {
    }

    /** Headers found. */
    public record Found(PythonHeaders headers) implements Lookup {
        public Found {
            Objects.requireNonNull(headers);
        }
    }

    /** No usable headers; {@code reason} is lowercase, without a final period. */
    public record NotFound(String reason) implements Lookup {
        public NotFound {
            Objects.requireNonNull(reason);
        }
    }

    /** pyenv's versions folder: {@code $PYENV_ROOT/versions}, else {@code ~/.pyenv/versions}. */
    public static Path pyenvVersions(Map<String, String> env, String userHome) {
        String root = env.get("PYENV_ROOT");
        return root != null && !root.isBlank() ? Path.of(root, "versions") : Path.of(userHome, ".pyenv", "versions");
    }

    /**
     * Finds the headers of {@code requested}, a path, a command on {@code PATH} or a version {@code 3.X}
     * (pyenv's newest {@code 3.X.*} under {@code pyenvVersions}); when {@code requested} is empty, of
     * pyenv's newest CPython whose minor version is at least {@code targetMinor}, else of
     * {@value #FALLBACK}. The interpreter must be at least {@code 3.<targetMinor>}: older headers lack
     * the API the migrated code uses unguarded.
     */
    public static Lookup find(ProcessRunner runner, String requested, int targetMinor, Path pyenvVersions) {
        String python;
        if (requested.isEmpty()) {
            python = newestPyenv(pyenvVersions, m -> m >= targetMinor).map(Path::toString).orElse(FALLBACK);
        } else if (VERSION.matcher(requested).matches()) {
            int minor = Integer.parseInt(requested.substring(2));
            Optional<Path> exe = newestPyenv(pyenvVersions, m -> m == minor);
            if (exe.isEmpty()) {
                return new NotFound("no CPython " + requested + " under " + pyenvVersions);
            }
            python = exe.get().toString();
        } else {
            python = requested;
        }
        return query(runner, python, targetMinor);
    }

    /** The python executable of the newest {@code 3.X.Y} folder under {@code versions} whose X passes {@code minorOk}. */
    static Optional<Path> newestPyenv(Path versions, IntPredicate minorOk) {
        if (!Files.isDirectory(versions)) {
            return Optional.empty();
        }
        Path best = null;
        int bestMinor = -1;
        int bestPatch = -1;
        try (Stream<Path> s = Files.list(versions)) {
            for (Path dir : s.sorted().toList()) {
                Matcher m = VERSION_DIR.matcher(dir.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                int minor = Integer.parseInt(m.group(1));
                int patch = Integer.parseInt(m.group(2));
                Path exe = dir.resolve("bin").resolve("python3." + minor);
                if (!minorOk.test(minor) || !Files.isExecutable(exe)) {
                    continue;
                }
                if (minor > bestMinor || (minor == bestMinor && patch > bestPatch)) {
                    best = exe;
                    bestMinor = minor;
                    bestPatch = patch;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(best);
    }

    private static Lookup query(ProcessRunner runner, String python, int targetMinor) {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("heapify-python-");
        } catch (IOException e) {
            return new NotFound("cannot create a temporary folder: " + e.getMessage());
        }
        try {
            ProcessResult r;
            try {
                r = runner.run(List.of(python, "-S", "-c", QUERY), Map.of("LC_ALL", "C"), tmp, tmp.resolve("query"),
                        Duration.ofSeconds(30));
            } catch (UncheckedIOException e) {
                return new NotFound("no Python '" + python + "' found");
            }
            List<String> lines = r.stdoutText().lines().map(String::strip).toList();
            if (!r.ok() || lines.size() < 3 || !lines.get(0).matches("3 \\d+")) {
                String why = r.timedOut() ? "timed out" : r.stderrText().lines().map(String::strip)
                        .filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("exit status " + r.exitCode());
                return new NotFound("'" + python + "' did not report its include folder: " + why);
            }
            int minor = Integer.parseInt(lines.get(0).substring(2));
            if (minor < targetMinor) {
                return new NotFound("'" + python + "' is CPython 3." + minor + ", older than the target 3." + targetMinor);
            }
            List<Path> dirs = new ArrayList<>();
            dirs.add(Path.of(lines.get(1)));
            if (!lines.get(2).equals(lines.get(1)) && !lines.get(2).isEmpty()) {
                dirs.add(Path.of(lines.get(2)));
            }
            if (!Files.isRegularFile(dirs.get(0).resolve("Python.h"))) {
                return new NotFound("no 'Python.h' in " + dirs.get(0) + " (the headers of '" + python + "')");
            }
            return new Found(new PythonHeaders(python, minor, dirs));
        } finally {
            heapify.apply.TemporaryFolder.delete(tmp);
        }
    }
}
