package heapify.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Compiles the modules of a {@link PackageSpec} in a tree, each from its several C files into the
 * place the package imports it from ({@code src/PIL/_imaging.so} beside {@code src/PIL/*.py}):
 * <pre>
 *   CC -shared -fPIC -O1 -Wall -Werror=implicit-function-declaration -I&lt;include&gt; CFLAGS SOURCES LIBS -o TREE/SO.so
 * </pre>
 * in the tree, under {@code LC_ALL=C}. The row's CFLAGS, SOURCES and LIBS are expanded by bash in
 * the tree first (globs, {@code $(pkg-config ...)}); a source word {@code !file} removes that file.
 * The suffix is the plain {@code .so}, which every CPython imports.
 */
public final class PackageBuilder {
    /** The flags of every package build (those public-corpus.md measured the corpus with). */
    public static final List<String> FLAGS = List.of("-shared", "-fPIC", "-O1", "-Wall",
            "-Werror=implicit-function-declaration");
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final String EXPAND = "eval \"set -- $1\" && printf '%s\\0' \"$@\"";

    private final ProcessRunner runner;
    private final List<String> compiler;

    /** A builder running {@code compiler} (a program and any leading arguments) through {@code runner}. */
    public PackageBuilder(ProcessRunner runner, List<String> compiler) {
        this.runner = runner;
        this.compiler = List.copyOf(compiler);
    }

    /** Builds {@code module} in {@code tree} for {@code py}; logs go under {@code logDir}. */
    public PackageModuleBuild build(PackageModule module, Path tree, Interpreter py, Path logDir) {
        Path so = tree.resolve(module.so().get(0) + ".so");
        String id = module.name();
        List<String> cflags;
        List<String> sources;
        List<String> libs;
        try {
            cflags = expand(module.cflags(), tree, logDir.resolve(id + ".cflags"));
            sources = sources(module.sources(), tree, logDir.resolve(id + ".sources"));
            libs = expand(module.libs(), tree, logDir.resolve(id + ".libs"));
        } catch (IllegalStateException e) {
            return new PackageModuleBuild(module, false, so, List.of(), List.of(e.getMessage()), null);
        }
        List<String> cmd = new ArrayList<>(compiler);
        cmd.addAll(FLAGS);
        cmd.add("-I" + py.includeDir());
        cmd.addAll(cflags);
        cmd.addAll(sources);
        cmd.addAll(libs);
        cmd.add("-o");
        cmd.add(so.toString());
        try {
            Files.createDirectories(so.getParent());
            Files.deleteIfExists(so);
        } catch (IOException e) {
            return new PackageModuleBuild(module, false, so, List.of(), List.of("cannot write " + so + ": " + e), null);
        }
        ProcessResult r = runner.run(cmd, Map.of("LC_ALL", "C"), tree, logDir.resolve(id + ".build"), TIMEOUT);
        String output = r.stdoutText() + r.stderrText();
        List<String> errors = new ArrayList<>(PackageModuleBuild.lines(output, true));
        boolean ok = r.ok() && Files.isRegularFile(so);
        if (!ok && errors.isEmpty()) {
            errors.add(r.timedOut() ? "timed out" : output.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b)
                    .orElse("exit status " + r.exitCode()));
        }
        if (ok) {
            for (String copy : module.so().subList(1, module.so().size())) {
                try {
                    Path to = tree.resolve(copy + ".so");
                    Files.createDirectories(to.getParent());
                    Files.copy(so, to, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    ok = false;
                    errors.add("cannot copy " + so + " to " + copy + ".so: " + e.getMessage());
                }
            }
        }
        return new PackageModuleBuild(module, ok, so, PackageModuleBuild.lines(output, false),
                errors.subList(0, Math.min(errors.size(), 8)), r);
    }

    /** The files {@code words} name in {@code tree}, globs expanded, {@code !file} words removed. */
    public List<String> sources(List<String> words, Path tree, Path log) {
        List<String> keep = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        for (String w : words) {
            (w.startsWith("!") ? drop : keep).add(w.startsWith("!") ? w.substring(1) : w);
        }
        List<String> out = new ArrayList<>(expand(String.join(" ", keep), tree, log));
        out.removeAll(drop);
        return out;
    }

    /** {@code text} split and expanded as bash does it in {@code tree} (quotes, globs, {@code $(...)}). */
    public List<String> expand(String text, Path tree, Path log) {
        if (text.isBlank()) {
            return List.of();
        }
        ProcessResult r = runner.run(List.of("bash", "-c", EXPAND, "heapify", text), Map.of("LC_ALL", "C"), tree, log,
                Duration.ofMinutes(1));
        if (!r.ok()) {
            throw new IllegalStateException("bash could not expand '" + text + "': " + r.tail(300).strip());
        }
        String out = r.stdoutText();
        if (!r.stderrText().isBlank()) {
            throw new IllegalStateException("expanding '" + text + "': " + r.stderrText().strip());
        }
        return out.isEmpty() ? List.of() : Arrays.asList(out.substring(0, out.length() - 1).split("\0", -1));
    }
}
