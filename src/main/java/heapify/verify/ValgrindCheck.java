package heapify.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the embedding host under valgrind memcheck ({@code PYTHONMALLOC=malloc}, {@code
 * --leak-check=full --show-leak-kinds=all}, XML output) and reads the result.
 *
 * <p>Undefined-value tracking is off ({@code --undef-value-errors=no}): neither fact the check
 * proves (blocks held at exit, invalid reads) needs it, CPython itself reports a few
 * uninitialised-value errors on every run, and it made the runs up to 1.7 times slower.
 */
public final class ValgrindCheck {
    private final ProcessRunner runner;
    private final EmbedCycles embed;

    /** A check that runs valgrind through {@code runner} around {@code embed}'s host. */
    public ValgrindCheck(ProcessRunner runner, EmbedCycles embed) {
        this.runner = runner;
        this.embed = embed;
    }

    /** True if a {@code valgrind} executable is on {@code PATH}. */
    public static boolean available() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "valgrind")));
    }

    /** Runs {@code cycles} embedding cycles of the module's snippet under memcheck. */
    public ValgrindResult run(ModuleUnderTest m, ModuleBuild build, Interpreter py, int cycles, Path workDir) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path xml = workDir.resolve("valgrind.xml");
        Path report = workDir.resolve("valgrind-embed.report");
        List<String> cmd = new ArrayList<>(List.of("valgrind", "--tool=memcheck", "--leak-check=full",
                "--show-leak-kinds=all", "--undef-value-errors=no", "--num-callers=50", "--error-limit=no",
                "--xml=yes", "--xml-file=" + xml));
        cmd.addAll(embed.hostCommand(embed.snippet(m), py, cycles, report));
        Map<String, String> env = EmbedCycles.hostEnv(m.moduleName(), build, py);
        env.put("PYTHONMALLOC", "malloc");
        ProcessResult r = runner.run(cmd, env, workDir, workDir.resolve("valgrind"), Duration.ofMinutes(10));
        List<EmbedResult.Cycle> done = EmbedResult.parseReport(EmbedCycles.read(report));
        boolean embedOk = r.ok() && done.size() == cycles && done.stream().allMatch(EmbedResult.Cycle::ok);
        return ValgrindResult.parse(EmbedCycles.read(xml), soPaths(build.sharedObject()), cycles, embedOk, r);
    }

    private static List<String> soPaths(Path so) {
        List<String> paths = new ArrayList<>(List.of(so.toAbsolutePath().normalize().toString()));
        try {
            String real = so.toRealPath().toString();
            if (!paths.contains(real)) {
                paths.add(real);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return paths;
    }
}
