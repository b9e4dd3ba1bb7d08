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

/**
 * Runs {@code embed_host}: N cycles of {@code Py_Initialize}, a snippet that imports the module
 * and instantiates its types, and {@code Py_FinalizeEx}; and the same host as a baseline that
 * imports only the snippet's dependencies.
 *
 * <p>The snippet is {@link ModuleUnderTest#embedSnippet()} if given, else the generic {@code
 * embed_generic.py}. A snippet declares the stdlib modules it imports in a line {@code #
 * heapify-embed-deps: pickle weakref}; the baseline imports exactly those (plus {@code os}, which
 * the generic snippet uses and startup imports anyway). A module whose dependencies cannot be
 * imported without importing the module itself (a package that imports its C accelerator) gives
 * its baseline snippet explicitly instead ({@link ModuleUnderTest#embedBaseline()}).
 */
public final class EmbedCycles {
    /** Default number of cycles. */
    public static final int DEFAULT_CYCLES = 20;

    private final ProcessRunner runner;
    private final HostTools tools;

    /** Cycles run through {@code runner} with hosts built by {@code tools}. */
    public EmbedCycles(ProcessRunner runner, HostTools tools) {
        this.runner = runner;
        this.tools = tools;
    }

    /** The snippet file the module cycles run. */
    public Path snippet(ModuleUnderTest m) {
        return m.embedSnippet() != null ? m.embedSnippet().toAbsolutePath() : tools.resource(HostTools.EMBED_GENERIC);
    }

    /** Runs {@code cycles} cycles with the module's snippet. */
    public EmbedResult run(ModuleUnderTest m, ModuleBuild build, Interpreter py, int cycles, Path workDir) {
        return runHost(snippet(m), m.moduleName(), build, py, cycles, workDir, "embed", Map.of());
    }

    /**
     * Runs {@code cycles} cycles of the generic snippet for {@code moduleName}, which may be dotted
     * ({@code PIL._imaging}) and imports from {@code pythonPath}.
     */
    public EmbedResult run(String moduleName, Path pythonPath, Interpreter py, int cycles, Path workDir) {
        Path report = workDir.resolve("embed.report");
        Map<String, String> env = hostEnv(moduleName, pythonPath, py);
        ProcessResult r = runner.run(hostCommand(tools.resource(HostTools.EMBED_GENERIC), py, cycles, report), env,
                workDir, workDir.resolve("embed"), Duration.ofMinutes(5));
        return new EmbedResult(cycles, EmbedResult.parseReport(read(report)), r.ok(), r);
    }

    /** Runs {@code cycles} cycles of the baseline snippet (the dependencies only). */
    public EmbedResult baseline(ModuleUnderTest m, ModuleBuild build, Interpreter py, int cycles, Path workDir) {
        Path snippet = m.embedBaseline() != null ? m.embedBaseline().toAbsolutePath()
                : HostTools.write(workDir.resolve("embed_baseline.py"), baselineSnippet(read(snippet(m))));
        return runHost(snippet, m.moduleName(), build, py, cycles, workDir, "embed-baseline", Map.of());
    }

    /** The cycles with and without the module, compared. */
    public LeakComparison compare(ModuleUnderTest m, ModuleBuild build, Interpreter py, int cycles, Path workDir) {
        return new LeakComparison(run(m, build, py, cycles, workDir), baseline(m, build, py, cycles, workDir));
    }

    /** The command line and environment of a host run, for valgrind to wrap. */
    List<String> hostCommand(Path snippet, Interpreter py, int cycles, Path report) {
        return List.of(tools.embedHost(py).toString(), Integer.toString(cycles), snippet.toString(),
                report.toString());
    }

    /** The environment of a host run. */
    static Map<String, String> hostEnv(String moduleName, ModuleBuild build, Interpreter py) {
        return hostEnv(moduleName, build.moduleDir(), py);
    }

    private static Map<String, String> hostEnv(String moduleName, Path pythonPath, Interpreter py) {
        Map<String, String> env = new HashMap<>();
        env.put("PYTHONPATH", pythonPath.toString());
        env.put("PYTHONHOME", py.prefix().toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("HEAPIFY_MODULE", moduleName);
        return env;
    }

    /** The baseline snippet for a module snippet: {@code import os} plus its declared dependencies. */
    public static String baselineSnippet(String moduleSnippet) {
        List<String> deps = new ArrayList<>(List.of("os"));
        for (String line : moduleSnippet.split("\n")) {
            String t = line.trim();
            if (t.startsWith("# heapify-embed-deps:")) {
                for (String dep : t.substring(t.indexOf(':') + 1).trim().split("[\\s,]+")) {
                    if (dep.matches("[A-Za-z_][A-Za-z0-9_.]*") && !deps.contains(dep)) {
                        deps.add(dep);
                    }
                }
            }
        }
        StringBuilder b = new StringBuilder("# heapify.verify baseline: the snippet's dependencies only\n");
        deps.forEach(d -> b.append("import ").append(d).append('\n'));
        return b.toString();
    }

    private EmbedResult runHost(Path snippet, String moduleName, ModuleBuild build, Interpreter py, int cycles,
                                Path workDir, String name, Map<String, String> extraEnv) {
        Path report = workDir.resolve(name + ".report");
        Map<String, String> env = hostEnv(moduleName, build, py);
        env.putAll(extraEnv);
        ProcessResult r = runner.run(hostCommand(snippet, py, cycles, report), env, workDir, workDir.resolve(name),
                Duration.ofMinutes(5));
        return new EmbedResult(cycles, EmbedResult.parseReport(read(report)), r.ok(), r);
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
