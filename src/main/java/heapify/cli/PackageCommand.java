package heapify.cli;

import heapify.verify.Interpreter;
import heapify.verify.Interpreters;
import heapify.verify.PackageModule;
import heapify.verify.PackageSpec;
import heapify.verify.PackageTable;
import heapify.verify.ProcessResult;
import heapify.verify.ProcessRunner;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ParameterException;

/**
 * The package mode of {@code heapify verify}: resolves the flags into a {@link PackageSpec}, a tree,
 * a compiler and interpreters, each checked before anything is built (one line and exit 2 for a bad
 * table, a missing tree, a missing compiler, an unknown Python or missing headers), then runs
 * {@link PackageVerification}.
 */
final class PackageCommand {
    private final VerifyCommand v;

    PackageCommand(VerifyCommand v) {
        this.v = v;
    }

    int call(PrintWriter out, PrintWriter err) {
        PackageSpec spec;
        try {
            spec = spec();
        } catch (PackageTable.Invalid e) {
            err.println(e.getMessage() + " [bad-package]");
            return ExitCode.USAGE_OR_IO.code();
        }
        if (!Files.isDirectory(v.tree)) {
            err.println(v.tree + ": error: no such folder [unreadable-file]");
            return ExitCode.USAGE_OR_IO.code();
        }
        Path work = v.work.toAbsolutePath().normalize();
        ProcessRunner runner = new ProcessRunner();
        List<String> compiler = Arrays.asList(v.cc.strip().split("\\s+"));
        String noCompiler = compilerProblem(runner, compiler, work);
        if (noCompiler != null) {
            err.println("heapify: error: " + noCompiler + " [no-compiler]");
            return ExitCode.USAGE_OR_IO.code();
        }
        List<Interpreter> installed = new Interpreters(runner, work).discover();
        List<Interpreter> pythons = new ArrayList<>();
        if (v.pythons.isEmpty()) {
            installed.stream().filter(py -> !py.debug() && py.atLeast(v.target.version())
                    && spec.buildsOn(py.majorMinor())).forEach(pythons::add);
            if (pythons.isEmpty()) {
                err.println("heapify: error: no installed CPython from " + v.target.version() + " up that "
                        + spec.name() + " builds on (" + String.join(" ", spec.pythons()) + ") [no-interpreter]");
                return ExitCode.USAGE_OR_IO.code();
            }
        }
        for (String want : v.pythons) {
            Optional<Interpreter> py = resolve(want, installed, runner, work);
            if (py.isEmpty()) {
                err.println("heapify: error: no CPython '" + want + "' found (installed: " + String.join(", ",
                        installed.stream().map(Interpreter::label).toList()) + ") [no-interpreter]");
                return ExitCode.USAGE_OR_IO.code();
            }
            pythons.add(py.get());
        }
        for (Interpreter py : pythons) {
            if (!Files.isRegularFile(py.includeDir().resolve("Python.h"))) {
                err.println("heapify: error: no 'Python.h' in " + py.includeDir() + " (the headers of CPython "
                        + py.label() + ", " + py.executable() + ") [missing-headers]");
                return ExitCode.USAGE_OR_IO.code();
            }
        }
        return new PackageVerification(new PackageVerification.Request(spec, v.tree.toAbsolutePath().normalize(),
                pythons, work, compiler, v.target.version(), v.json, !v.noSubfirst, v.embedCycles)).run(out, err);
    }

    private PackageSpec spec() throws PackageTable.Invalid {
        if (v.tree == null) {
            throw new ParameterException(v.spec.commandLine(), "--package and --module need --tree DIR");
        }
        if (v.embedCycles < 0) {
            throw new ParameterException(v.spec.commandLine(), "--embed-cycles must be 0 or more");
        }
        if (v.packageRef != null) {
            if (v.moduleName != null || v.sources != null || v.testCommand != null || v.soDest != null
                    || !v.cflags.isEmpty() || !v.libs.isEmpty()) {
                throw new ParameterException(v.spec.commandLine(),
                        "--package takes the modules from its table; --module, --sources, --cflags, --libs, "
                                + "--so-dest and --test-command describe a package without one");
            }
            int colon = v.packageRef.lastIndexOf(':');
            if (colon <= 0 || colon == v.packageRef.length() - 1) {
                throw new ParameterException(v.spec.commandLine(), "--package is TABLE:NAME, not '" + v.packageRef + "'");
            }
            return PackageTable.read(Path.of(v.packageRef.substring(0, colon)), v.packageRef.substring(colon + 1));
        }
        if (v.moduleName == null || v.sources == null || v.testCommand == null) {
            throw new ParameterException(v.spec.commandLine(), "--tree needs --package TABLE:NAME, or --module, "
                    + "--sources and --test-command");
        }
        try {
            List<String> src = Arrays.asList(v.sources.strip().split("\\s+"));
            PackageModule m = new PackageModule(v.moduleName, List.of(v.soDest != null ? v.soDest
                    : v.moduleName.replace('.', '/')), src, src, v.cflags, v.libs, List.of());
            return new PackageSpec(v.moduleName, "", "", List.of(), "", v.testCommand, "", List.of(m),
                    Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(v.spec.commandLine(), e.getMessage());
        }
    }

    /** Null if {@code compiler --version} runs, else why it does not. */
    private static String compilerProblem(ProcessRunner runner, List<String> compiler, Path work) {
        List<String> cmd = new ArrayList<>(compiler);
        cmd.add("--version");
        try {
            ProcessResult r = runner.run(cmd, Map.of(), Path.of("").toAbsolutePath(), work.resolve("tools")
                    .resolve("cc-version"), Duration.ofSeconds(30));
            return r.ok() ? null : "the C compiler '" + String.join(" ", compiler) + "' does not run: exit "
                    + r.exitCode();
        } catch (UncheckedIOException e) {
            return "no C compiler '" + String.join(" ", compiler) + "' found";
        }
    }

    /** {@code 3.12} (newest 3.12.*), {@code 3.12.1}, or the path of a python executable. */
    private static Optional<Interpreter> resolve(String want, List<Interpreter> installed, ProcessRunner runner,
                                                 Path work) {
        if (want.matches("3\\.\\d+")) {
            return installed.stream().filter(py -> !py.debug() && py.majorMinor().equals(want))
                    .reduce((a, b) -> b);
        }
        if (want.matches("3\\.\\d+\\.\\d+(-dbg)?")) {
            return installed.stream().filter(py -> py.label().equals(want)).findFirst();
        }
        Path exe = Path.of(want).toAbsolutePath();
        if (!Files.isExecutable(exe)) {
            return Optional.empty();
        }
        return new Interpreters(runner, work).query(exe);
    }
}
