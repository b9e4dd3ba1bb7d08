package heapify.cli;

import heapify.apply.AtomicWriter;
import heapify.apply.FileMigrator;
import heapify.render.Renderer;
import heapify.source.SourceReader;
import heapify.source.SourceText;
import heapify.transform.Options;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code heapify migrate PATH...}: migrates C extension modules from static types to heap types.
 * By default prints a unified diff and writes nothing; {@code --in-place} rewrites changed files
 * atomically, {@code --output DIR} writes migrated copies, {@code --check} only reports.
 * stdout carries only the diff; diagnostics and the summary go to stderr. A module heapify could
 * not migrate completely (a warning or error: something was left as it was) makes the exit code 1,
 * even when the rest of it was migrated and written.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Migrate static types, globals and single-phase init to heap types, module state and "
                + "multi-phase init (PEP 630/687/489/573).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing to do, or done", "1:changes found under --check, or a module not completely migrated (warning or error diagnostics)",
                "2:usage or I/O error"})
public final class MigrateCommand implements Callable<Integer> {
    /** How results are delivered; resolved once from the flags. */
    enum OutputMode { DIFF, IN_PLACE, CHECK, OUTPUT_DIR }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH",
            description = "C files, or folders searched for modules (.c files with a PyInit_ function)")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--in-place", description = "rewrite the files (temp file + atomic rename; mode kept)")
    boolean inPlace;

    @Option(names = "--output", paramLabel = "DIR", description = "write migrated copies under DIR")
    Path output;

    @Option(names = "--check", description = "write nothing; exit 1 when a file would change")
    boolean check;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OutputMode mode = mode();
        Options options = new Options(target.minor());
        FileMigrator migrator = new FileMigrator(new Renderer(), options);
        int changed = 0;
        boolean incomplete = false;
        boolean io = false;
        for (Path root : paths) {
            List<Path> files;
            try {
                files = modules(root);
            } catch (IOException e) {
                err.println(root + ": error: cannot read: " + e.getMessage() + " [unreadable-file]");
                io = true;
                continue;
            }
            for (Path file : files) {
                SourceReader.Result read = SourceReader.read(file);
                if (read instanceof SourceReader.Unreadable u) {
                    err.println(u.diagnostic().format(null));
                    io = true;
                    continue;
                }
                SourceText source = ((SourceReader.Read) read).source();
                FileMigrator.Result r = migrator.migrate(source, display(file));
                r.diagnosticsWithSource().forEach(err::println);
                incomplete |= !r.complete();
                if (r.changed()) {
                    changed++;
                }
                try {
                    switch (mode) {
                        case DIFF -> BytesPrintWriter.print(out, r.diff(), source.charset()); // the file's bytes
                        case CHECK -> {
                            if (r.changed()) {
                                err.println(display(file) + ": would be migrated");
                            }
                        }
                        case IN_PLACE -> {
                            if (r.changed()) {
                                AtomicWriter.write(file, source.encode(r.output()));
                            }
                        }
                        case OUTPUT_DIR -> {
                            Path rel = Files.isDirectory(root) ? root.relativize(file) : file.getFileName();
                            AtomicWriter.write(output.resolve(rel), source.encode(r.output()));
                        }
                    }
                } catch (IOException e) {
                    err.println(display(file) + ": error: cannot write: " + e.getMessage() + " [unwritable-file]");
                    io = true;
                }
            }
        }
        out.flush();
        if (mode == OutputMode.DIFF && changed > 0) {
            err.println("heapify: " + changed + " file(s) would change; apply with --in-place or --output DIR");
        }
        err.flush();
        if (io) {
            return ExitCode.USAGE_OR_IO.code();
        }
        return ((mode == OutputMode.CHECK && changed > 0) || incomplete ? ExitCode.FINDINGS : ExitCode.OK).code();
    }

    OutputMode mode() {
        int n = (inPlace ? 1 : 0) + (output != null ? 1 : 0) + (check ? 1 : 0);
        if (n > 1) {
            throw new ParameterException(spec.commandLine(), "--in-place, --output and --check exclude each other");
        }
        return inPlace ? OutputMode.IN_PLACE : output != null ? OutputMode.OUTPUT_DIR
                : check ? OutputMode.CHECK : OutputMode.DIFF;
    }

    /** A file as given; a folder's .c files that define a PyInit_ function, sorted. */
    static List<Path> modules(Path root) throws IOException {
        if (!Files.exists(root)) {
            throw new java.nio.file.NoSuchFileException(root.toString());
        }
        if (!Files.isDirectory(root)) {
            return List.of(root);
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".c")).sorted()::iterator) {
                if (Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1).contains("PyInit_")) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The path shown in diagnostics and in the diff: relative to the working folder when under it. */
    static String display(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        Path shown = abs.startsWith(cwd) ? cwd.relativize(abs) : file.normalize();
        return shown.toString().replace('\\', '/');
    }
}
