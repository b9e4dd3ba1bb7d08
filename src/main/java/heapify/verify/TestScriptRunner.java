package heapify.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a module's unittest script with an interpreter, as {@code python <script>} would, but
 * through {@code run_test_script.py}, which first proves that the built {@code .so} is the module
 * the script imports.
 */
public final class TestScriptRunner {
    private final ProcessRunner runner;
    private final HostTools tools;

    /** A runner of test scripts through {@code runner}, with the launcher from {@code tools}. */
    public TestScriptRunner(ProcessRunner runner, HostTools tools) {
        this.runner = runner;
        this.tools = tools;
    }

    /** Runs {@code script} with {@code py} against {@code build} of module {@code moduleName}. */
    public TestScriptResult run(Path script, String moduleName, ModuleBuild build, Interpreter py, Path workDir) {
        Map<String, String> env = new HashMap<>();
        env.put("PYTHONPATH", build.moduleDir().toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONHOME", null);
        env.put("PYTHONSTARTUP", null);
        env.put("HEAPIFY_SO", build.sharedObject().toString());
        env.put("HEAPIFY_MODULE", moduleName);
        ProcessResult r = runner.run(List.of(py.executable().toString(), "-X", "faulthandler",
                        tools.resource(HostTools.RUN_TEST_SCRIPT).toString(), script.toAbsolutePath().toString()),
                env, workDir, workDir.resolve("test-script"), Duration.ofMinutes(3));
        return TestScriptResult.of(r);
    }
}
