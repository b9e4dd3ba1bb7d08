package heapify.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports a module in the main interpreter and in a subinterpreter created from C by
 * {@code subinterp_host}, compares its type objects, and runs its unittest script in the
 * subinterpreter.
 *
 * <p>{@link Mode#LEGACY} uses {@code Py_NewInterpreter()} (shared GIL; single-phase modules load,
 * and a static type is then the same object in both). {@link Mode#ISOLATED} uses {@code
 * Py_NewInterpreterFromConfig} with its own GIL, its own obmalloc and {@code
 * check_multi_interp_extensions = 1}; it needs 3.12+ and loads only modules declaring {@code
 * Py_MOD_PER_INTERPRETER_GIL_SUPPORTED}.
 */
public final class SubinterpreterProbe {
    /** Which kind of subinterpreter to create. */
    public enum Mode {
        LEGACY, ISOLATED;

        /** The host's command-line word. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final ProcessRunner runner;
    private final HostTools tools;

    /** A probe running hosts through {@code runner}, built by {@code tools}. */
    public SubinterpreterProbe(ProcessRunner runner, HostTools tools) {
        this.runner = runner;
        this.tools = tools;
    }

    /** True if {@code py} can create subinterpreters of {@code mode}. */
    public static boolean supported(Mode mode, Interpreter py) {
        return mode == Mode.LEGACY || py.atLeast(12);
    }

    /**
     * Runs the probe; {@code testScript} may be null to skip running tests in the subinterpreter.
     * Returns null if {@code py} does not support {@code mode}.
     */
    public SubinterpreterResult probe(Mode mode, String moduleName, ModuleBuild build, Path testScript,
                                      Interpreter py, Path workDir) {
        return probe(mode, moduleName, build.moduleDir(), build.sharedObject(), testScript, py, workDir);
    }

    /**
     * Runs the probe for a module of a package: {@code moduleName} may be dotted ({@code PIL._imaging}),
     * {@code pythonPath} is the folder it imports from, and the module imported must be
     * {@code sharedObject}. {@code testScript} may be null. Returns null if {@code py} does not support
     * {@code mode}.
     */
    public SubinterpreterResult probe(Mode mode, String moduleName, Path pythonPath, Path sharedObject,
                                      Path testScript, Interpreter py, Path workDir) {
        if (!supported(mode, py)) {
            return null;
        }
        Path report = workDir.resolve("subinterp-" + mode.word() + ".report");
        try {
            Files.createDirectories(workDir);
            Files.deleteIfExists(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("PYTHONPATH", pythonPath.toString());
        env.put("PYTHONHOME", py.prefix().toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("HEAPIFY_MODULE", moduleName);
        env.put("HEAPIFY_REPORT", report.toString());
        env.put("HEAPIFY_SO", sharedObject.toString());
        env.put("HEAPIFY_SCRIPT", testScript == null ? null : testScript.toAbsolutePath().toString());
        ProcessResult r = runner.run(List.of(tools.subinterpHost(py).toString(), mode.word(),
                        tools.resource(HostTools.SUBINTERP_PROBE).toString()), env, workDir,
                workDir.resolve("subinterp-" + mode.word()), Duration.ofMinutes(3));
        String text;
        try {
            text = Files.exists(report) ? Files.readString(report) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SubinterpreterResult.parse(mode.word(), text, r.ok(), r);
    }
}
