package heapify.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs a module's unittest script with an interpreter, the built module first on {@code PYTHONPATH}. */
public final class TestScriptRunner {
    private final ProcessRunner runner;

    /** A runner of test scripts through {@code runner}. */
    public TestScriptRunner(ProcessRunner runner) {
        this.runner = runner;
    }

    /** Runs {@code script} with {@code py}; {@code build}'s directory is on {@code PYTHONPATH}. */
    public TestScriptResult run(Path script, ModuleBuild build, Interpreter py, Path workDir) {
        Map<String, String> env = new HashMap<>();
        env.put("PYTHONPATH", build.moduleDir().toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONHOME", null);
        env.put("PYTHONSTARTUP", null);
        ProcessResult r = runner.run(List.of(py.executable().toString(), "-X", "faulthandler",
                        script.toAbsolutePath().toString()), env, workDir, workDir.resolve("test-script"),
                Duration.ofMinutes(3));
        return TestScriptResult.of(r);
    }
}
