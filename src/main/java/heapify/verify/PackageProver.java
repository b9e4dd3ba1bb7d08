package heapify.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Proves facts about a package on a real interpreter, the package counterpart of {@link Prover}:
 * builds each of its modules from several C files into the place the package imports it from
 * ({@link PackageBuilder}), checks that each imports from that {@code .so}, counts the static type
 * objects left in each, runs the package's own test command, runs it again with every test process
 * first importing the modules in a legacy subinterpreter that it then destroys, and probes each
 * module for type identity with a legacy subinterpreter, import into an own-GIL one (3.12+) and
 * repeated embedding cycles.
 *
 * <p>The tree is used as it is: the caller copies, migrates and prepares it. Logs go under the
 * work folder given to each call.
 */
public final class PackageProver {
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(40);
    private static final String IMPORT_CHECK = String.join("\n",
            "import importlib, os, sys",
            "name, so = sys.argv[1], sys.argv[2]",
            "try:",
            "    m = importlib.import_module(name)",
            "except BaseException as e:",
            "    print('heapify-import: failed ' + type(e).__name__ + ': ' + ' '.join(str(e).split()))",
            "else:",
            "    f = os.path.realpath(getattr(m, '__file__', None) or '')",
            "    print('heapify-import: ' + ('ok' if f == os.path.realpath(so) else 'failed imported ' + f + ', not ' + so))");

    private final ProcessRunner runner;
    private final HostTools tools;
    private final PackageBuilder builder;
    private final StaticTypeScanner scanner;
    private final SubinterpreterProbe subinterpreters;
    private final EmbedCycles embed;

    /** A prover compiling with {@code compiler}; its helper hosts are built under {@code toolsDir}. */
    public PackageProver(List<String> compiler, Path toolsDir) {
        this.runner = new ProcessRunner();
        this.tools = new HostTools(runner, toolsDir.toAbsolutePath().normalize());
        this.builder = new PackageBuilder(runner, compiler);
        this.scanner = new StaticTypeScanner(runner, tools);
        this.subinterpreters = new SubinterpreterProbe(runner, tools);
        this.embed = new EmbedCycles(runner, tools);
    }

    /** The builder, for expanding a row's file lists. */
    public PackageBuilder builder() {
        return builder;
    }

    /** Builds every module of {@code spec} that builds on {@code py}, in {@code tree}. */
    public List<PackageModuleBuild> build(PackageSpec spec, Path tree, Interpreter py, Path workDir) {
        List<PackageModuleBuild> out = new ArrayList<>();
        for (PackageModule m : spec.modulesFor(py.majorMinor())) {
            out.add(builder.build(m, tree, py, workDir.resolve("build")));
        }
        return out;
    }

    /**
     * Runs bash {@code command} (a package's PREPARE) in {@code tree}; returns null on success, else
     * the last lines of its output.
     */
    public String prepare(String command, Path tree, Path workDir) {
        if (command.isBlank()) {
            return null;
        }
        ProcessResult r = runner.run(List.of("bash", "-c", command), Map.of(), tree, workDir.resolve("prepare"),
                Duration.ofMinutes(10));
        return r.ok() ? null : r.tail(600).strip();
    }

    /**
     * Everything but the build, for the modules in {@code builds}: imports, static type objects,
     * tests, tests after a subinterpreter (if {@code subfirst}), the probes and {@code cycles}
     * embedding cycles per module (none when 0).
     */
    public PackageSide measure(PackageSpec spec, Path tree, Interpreter py, List<PackageModuleBuild> builds,
                               Path workDir, boolean subfirst, int cycles) {
        Map<String, String> imports = new LinkedHashMap<>();
        Map<String, StaticTypes> statics = new LinkedHashMap<>();
        for (PackageModuleBuild b : builds) {
            if (!b.compiled()) {
                continue;
            }
            imports.put(b.module().name(), importCheck(b, tree, py, workDir.resolve("import")));
            statics.put(b.module().name(), scanner.scan(new ModuleBuild(b.sharedObject(), true, 0, List.of(),
                    b.process()), py));
        }
        SuiteResult tests = tests(spec, tree, py, workDir.resolve("tests"), Map.of());
        SuiteResult after = null;
        SubfirstReport hook = null;
        if (subfirst) {
            Path report = workDir.resolve("subfirst.report");
            Map<String, String> env = subfirstEnv(builds, py, workDir.resolve("subfirst-userbase"), report);
            after = tests(spec, tree, py, workDir.resolve("tests-subfirst"), env);
            hook = SubfirstReport.parse(read(report));
        }
        Map<String, SubinterpreterResult> legacy = new LinkedHashMap<>();
        Map<String, SubinterpreterResult> isolated = new LinkedHashMap<>();
        Map<String, EmbedResult> cyc = new LinkedHashMap<>();
        for (PackageModuleBuild b : builds) {
            String name = b.module().name();
            if (!b.compiled() || !imports.get(name).isEmpty()) {
                continue;
            }
            Path root = tree.resolve(b.module().importRoot());
            Path dir = workDir.resolve("probe").resolve(name);
            legacy.put(name, subinterpreters.probe(SubinterpreterProbe.Mode.LEGACY, name, root, b.sharedObject(), null,
                    py, dir));
            SubinterpreterResult iso = subinterpreters.probe(SubinterpreterProbe.Mode.ISOLATED, name, root,
                    b.sharedObject(), null, py, dir);
            if (iso != null) {
                isolated.put(name, iso);
            }
            if (cycles > 0) {
                cyc.put(name, embed.run(name, root, py, cycles, dir));
            }
        }
        return new PackageSide(builds, imports, statics, tests, after, hook, legacy, isolated, cyc);
    }

    /** "" if the module imports from its built {@code .so} in a fresh process, else why not. */
    private String importCheck(PackageModuleBuild b, Path tree, Interpreter py, Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("PYTHONPATH", tree.resolve(b.module().importRoot()).toString());
        env.put("PYTHONHOME", null);
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        ProcessResult r = runner.run(List.of(py.executable().toString(), "-c", IMPORT_CHECK, b.module().name(),
                b.sharedObject().toString()), env, tree, dir.resolve(b.module().name()), Duration.ofMinutes(2));
        // the module's own import may print (pygame's banner): the answer is the marked line
        String line = r.stdoutText().lines().filter(l -> l.startsWith("heapify-import: ")).reduce((x, y) -> y)
                .map(l -> l.substring("heapify-import: ".length())).orElse("");
        if (line.equals("ok") && r.ok()) {
            return "";
        }
        if (line.startsWith("failed ")) {
            return line.substring("failed ".length());
        }
        return "the import check exited " + r.exitCode() + ": " + r.tail(300).strip();
    }

    /** Runs the package's test command in {@code tree} with {@code extraEnv} added. */
    public SuiteResult tests(PackageSpec spec, Path tree, Interpreter py, Path dir, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("PY", py.executable().toString());
        env.put("PYV", py.version());
        env.put("PYMINOR", py.majorMinor());
        env.put("T", tree.toString());
        env.put("CORPUS", spec.corpusDir().toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        for (String unset : List.of("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE", "PYTHONNOUSERSITE")) {
            env.put(unset, null);
        }
        env.putAll(extraEnv);
        ProcessResult r = runner.run(List.of("bash", "-o", "pipefail", "-c", spec.testCommand()), env, tree,
                dir.resolve("run"), TEST_TIMEOUT);
        return SuiteResult.of(r);
    }

    /** The environment that installs the subinterpreter hook as usercustomize for {@code py}. */
    private Map<String, String> subfirstEnv(List<PackageModuleBuild> builds, Interpreter py, Path userBase,
                                            Path report) {
        Path site = userBase.resolve("lib").resolve("python" + py.majorMinor()).resolve("site-packages");
        try {
            Files.createDirectories(site);
            Files.copy(tools.resource("subfirst_usercustomize.py"), site.resolve("usercustomize.py"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new LinkedHashSet<>();
        for (PackageModuleBuild b : builds) {
            if (b.compiled()) {
                names.add(b.module().name());
                // a copy of the .so imports under its own file name (mercurial's zstd as top-level 'zstd')
                b.module().so().subList(1, b.module().so().size())
                        .forEach(c -> names.add(c.substring(c.lastIndexOf('/') + 1)));
            }
        }
        Map<String, String> env = new HashMap<>();
        env.put("PYTHONUSERBASE", userBase.toString());
        env.put("HEAPIFY_SUBFIRST_MODULES", String.join(" ", names));
        env.put("HEAPIFY_SUBFIRST_REPORT", report.toString());
        return env;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
