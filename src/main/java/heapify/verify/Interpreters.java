package heapify.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the CPython interpreters on this machine: the newest patch release of each minor
 * version 3.9 to 3.13 under pyenv's {@code versions} directory, plus Debian's debug build
 * {@code /usr/bin/python3.11-dbg} when it is installed.
 */
public final class Interpreters {
    /** Oldest and newest minor versions heapify supports. */
    public static final int FIRST_MINOR = 9;
    public static final int LAST_MINOR = 13;

    /** pyenv's default versions directory, {@code ~/.pyenv/versions}, for a {@code PYENV_ROOT} that is not set. */
    public static final Path DEFAULT_PYENV_VERSIONS = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
    /** Debian's debug interpreter ({@code apt-get install python3.11-dbg}). */
    public static final Path DEBIAN_DEBUG_PYTHON = Path.of("/usr/bin/python3.11-dbg");

    private static final Pattern VERSION_DIR = Pattern.compile("3\\.(\\d+)\\.(\\d+)");
    private static final String QUERY = String.join("\n",
            "import sys, sysconfig",
            "print('version=' + '.'.join(map(str, sys.version_info[:3])))",
            "print('prefix=' + sys.prefix)",
            "print('include=' + sysconfig.get_config_var('INCLUDEPY'))",
            "print('libdir=' + sysconfig.get_config_var('LIBDIR'))",
            "print('ldlibrary=' + sysconfig.get_config_var('LDLIBRARY'))",
            "print('debug=' + str(int(hasattr(sys, 'gettotalrefcount'))))");

    private final ProcessRunner runner;
    private final Path workDir;

    /** A finder that runs its interpreter queries with {@code runner}, writing output under {@code workDir}. */
    public Interpreters(ProcessRunner runner, Path workDir) {
        this.runner = runner;
        this.workDir = workDir;
    }

    /** All interpreters found in the default places, release builds by version, then the debug build. */
    public List<Interpreter> discover() {
        String pyenvRoot = System.getenv("PYENV_ROOT");
        Path versions = pyenvRoot != null ? Path.of(pyenvRoot, "versions") : DEFAULT_PYENV_VERSIONS;
        if (!Files.isDirectory(versions)) {
            versions = DEFAULT_PYENV_VERSIONS;
        }
        return discover(versions, DEBIAN_DEBUG_PYTHON);
    }

    /** All interpreters found under {@code pyenvVersions} plus {@code debugPython} if it exists. */
    public List<Interpreter> discover(Path pyenvVersions, Path debugPython) {
        List<Interpreter> found = new ArrayList<>();
        for (Path dir : newestPatchPerMinor(listDirs(pyenvVersions)).values()) {
            String mm = "3." + minorOf(dir.getFileName().toString());
            Path exe = dir.resolve("bin").resolve("python" + mm);
            if (Files.isExecutable(exe)) {
                query(exe).ifPresent(found::add);
            }
        }
        if (Files.isExecutable(debugPython)) {
            query(debugPython).ifPresent(found::add);
        }
        found.sort(Comparator.comparing(Interpreter::minor).thenComparing(Interpreter::debug));
        return List.copyOf(found);
    }

    /**
     * From version directory names such as {@code 3.11.7}, the newest patch per minor version
     * within 3.9 to 3.13, keyed by minor version. Other names are ignored.
     */
    public static Map<Integer, Path> newestPatchPerMinor(List<Path> versionDirs) {
        Map<Integer, Path> best = new TreeMap<>();
        Map<Integer, Integer> bestPatch = new HashMap<>();
        for (Path dir : versionDirs) {
            Matcher m = VERSION_DIR.matcher(dir.getFileName().toString());
            if (!m.matches()) {
                continue;
            }
            int minor = Integer.parseInt(m.group(1));
            int patch = Integer.parseInt(m.group(2));
            if (minor < FIRST_MINOR || minor > LAST_MINOR) {
                continue;
            }
            if (patch > bestPatch.getOrDefault(minor, -1)) {
                bestPatch.put(minor, patch);
                best.put(minor, dir);
            }
        }
        return best;
    }

    /** Parses the {@code key=value} answer of the sysconfig query into an interpreter. */
    public static Optional<Interpreter> parse(String answer, Path executable) {
        Map<String, String> kv = new HashMap<>();
        for (String line : answer.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        String lib = kv.get("ldlibrary");
        if (kv.get("version") == null || kv.get("include") == null || kv.get("libdir") == null || lib == null
                || !lib.startsWith("lib") || !lib.endsWith(".so")) {
            return Optional.empty();    /* a static-only libpython cannot host the embedding checks */
        }
        return Optional.of(new Interpreter(kv.get("version"), "1".equals(kv.get("debug")),
                Path.of(kv.get("prefix")), Path.of(kv.get("include")), Path.of(kv.get("libdir")),
                lib.substring(3, lib.length() - 3), executable));
    }

    /** The interpreter {@code exe} is, from its own sysconfig; empty if it does not answer like a CPython. */
    public Optional<Interpreter> query(Path exe) {
        String name = exe.toString().replaceAll("[^A-Za-z0-9.]+", "_");
        ProcessResult r;
        try {
            r = runner.run(List.of(exe.toString(), "-S", "-c", QUERY), Map.of(), workDir,
                    workDir.resolve("interpreters").resolve(name), Duration.ofSeconds(60));
        } catch (UncheckedIOException e) {
            return Optional.empty();    /* not a program that runs */
        }
        return r.ok() ? parse(r.stdoutText(), exe) : Optional.empty();
    }

    private static int minorOf(String version) {
        return Integer.parseInt(version.split("\\.")[1]);
    }

    private static List<Path> listDirs(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
