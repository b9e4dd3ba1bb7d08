package heapify.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Lists the static type objects defined in a built module with {@code nm -S --defined-only}. */
public final class StaticTypeScanner {
    private final ProcessRunner runner;
    private final HostTools tools;

    /** A scanner that runs nm through {@code runner} and sizes types with {@code tools}. */
    public StaticTypeScanner(ProcessRunner runner, HostTools tools) {
        this.runner = runner;
        this.tools = tools;
    }

    /** The data symbols of {@code build} whose size is {@code sizeof(PyTypeObject)} for {@code py}. */
    public StaticTypes scan(ModuleBuild build, Interpreter py) {
        long size = tools.typeObjectSize(py);
        Path so = build.sharedObject();
        ProcessResult r = runner.run(List.of("nm", "-S", "--defined-only", so.toString()), Map.of("LC_ALL", "C"),
                build.moduleDir(), build.moduleDir().resolve("nm"), Duration.ofMinutes(1));
        if (!r.ok()) {
            throw new IllegalStateException("nm failed on " + so + ": " + r.tail(2000));
        }
        return StaticTypes.fromNm(r.stdoutText(), size);
    }
}
