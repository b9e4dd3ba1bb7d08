package heapify.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles a single-file extension module into {@code <module>.so} with the flags every heapify
 * example must build cleanly under, and counts the warnings.
 */
public final class ModuleCompiler {
    /** The warning and code-generation flags (plus {@code -I<include>}). */
    public static final List<String> FLAGS = List.of("-shared", "-fPIC", "-O1", "-g", "-Wall", "-Wextra",
            "-Wno-unused-parameter", "-Wno-missing-field-initializers", "-Werror=implicit-function-declaration");

    private final ProcessRunner runner;

    /** A compiler that runs gcc through {@code runner}. */
    public ModuleCompiler(ProcessRunner runner) {
        this.runner = runner;
    }

    /** Builds {@code source} for {@code py} into {@code outDir/<moduleName>.so}. */
    public ModuleBuild build(Path source, String moduleName, Interpreter py, Path outDir) {
        return build(source, moduleName, py, outDir, List.of());
    }

    /**
     * Builds {@code source} for {@code py} into {@code outDir/<moduleName>.so}, passing {@code
     * extraArgs} after the standard flags; {@code {include}} in them stands for {@code py}'s include
     * directory.
     */
    public ModuleBuild build(Path source, String moduleName, Interpreter py, Path outDir, List<String> extraArgs) {
        Path so = outDir.resolve(moduleName + ".so");
        List<String> cmd = new ArrayList<>(List.of("gcc"));
        cmd.addAll(FLAGS);
        cmd.add("-I" + py.includeDir());
        extraArgs.forEach(a -> cmd.add(a.replace("{include}", py.includeDir().toString())));
        cmd.add("-o");
        cmd.add(so.toString());
        cmd.add(source.toAbsolutePath().toString());
        ProcessResult r = runner.run(cmd, Map.of("LC_ALL", "C"), outDir, outDir.resolve("build"),
                Duration.ofMinutes(2));
        List<String> warnings = ModuleBuild.warningLines(r.stdoutText() + r.stderrText());
        return new ModuleBuild(so, r.ok() && Files.isRegularFile(so), warnings.size(), warnings, r);
    }
}
