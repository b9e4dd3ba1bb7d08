package heapify.cli;

import heapify.analysis.ScanDiagnostic;
import heapify.analysis.ScanFileReport;
import heapify.analysis.ScanReport;
import heapify.analysis.ScanRunner;
import heapify.apply.FileMigrator;
import heapify.apply.PlanSummary;
import heapify.render.Renderer;
import heapify.source.SourceReader;
import heapify.transform.Options;
import heapify.source.IoReason;
import heapify.source.SafeText;
import heapify.source.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code heapify scan PATH...}: reports static types, sub-tables, globals, init style, spec types
 * and what blocks an automatic migration, per file and in a summary; as text or, with
 * {@code --json}, as the document described in {@code docs/scan-json.md}. The report goes to
 * stdout, diagnostics to stderr.
 */
@Command(name = "scan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Report what is static in C extension sources and what blocks an automatic migration.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:ok", "1:a file has error diagnostics (e.g. unbalanced braces)",
                "2:usage or I/O error (missing path, unreadable, binary or too large file, no C files)"})
public final class ScanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "C files, or directories to scan for .c and .h files")
    List<Path> paths;

    @Option(names = "--json", description = "print the report as JSON (schema: docs/scan-json.md)")
    boolean json;

    @Option(names = "--plan", description = "also print what migrate decides for each module file: which types "
            + "become heap types, what init becomes, whether isolation is claimed, and why anything stays")
    boolean plan;

    @Mixin
    TargetOptions target;

    @Mixin
    SarifOptions sarif = new SarifOptions();

    @Option(names = "--jobs", paramLabel = "N", description = "files scanned in parallel (default: the number of cores)")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (jobs < 1) {
            err.println("heapify: error: --jobs must be at least 1, not " + jobs);
            return ExitCode.USAGE_OR_IO.code();
        }
        boolean ioError = false;
        TreeSet<Path> files = new TreeSet<>(Comparator.comparing(Path::toString));
        for (Path p : paths) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.exists(p)) {
                diagnose(Severity.ERROR, "unreadable-file", p, "no such file or directory", err);
                ioError = true;
            } else if (Files.isDirectory(p)) {
                try {
                    List<Path> found = cFilesBelow(p);
                    if (found.isEmpty()) {
                        diagnose(Severity.ERROR, "no-c-files", p, "no .c or .h files below this directory", err);
                        ioError = true;
                    }
                    files.addAll(found);
                } catch (IOException | UncheckedIOException e) {
                    diagnose(Severity.ERROR, "unreadable-file", p, "cannot list directory: " + ioMessage(e), err);
                    ioError = true;
                }
            } else {
                files.add(p);
            }
        }
        ScanReport report = ScanRunner.scan(new ArrayList<>(files), jobs);
        List<PlanSummary> plans = plan ? plans(report) : List.of();
        if (json) {
            ScanJsonPrinter.print(report, plans, out);
        } else {
            ScanTextPrinter.print(report, out);
            PlanPrinter.print(plans, out);
        }
        for (ScanFileReport f : report.files()) {
            for (ScanDiagnostic d : f.diagnostics()) {
                err.println(d.formatted());
            }
        }
        sarif.add(report);
        ioError |= !sarif.write(err);
        if (ioError || report.hasIoFailures()) {
            return ExitCode.USAGE_OR_IO.code();
        }
        return report.hasErrors() ? ExitCode.FINDINGS.code() : ExitCode.OK.code();
    }

    /** {@code path: error: message [rule]} on stderr, and the same as a result of the SARIF log. */
    private void diagnose(Severity severity, String ruleId, Path path, String message, PrintWriter err) {
        err.println(SafeText.of(path + ": " + severity.label() + ": " + message + " [" + ruleId + "]"));
        sarif.command(severity, ruleId, path.toString(), 0, 0, message);
    }

    /** migrate's decisions for each scanned .c file that has a PyInit_ function or a type object. */
    private List<PlanSummary> plans(ScanReport report) {
        java.util.Set<Path> planned = new java.util.LinkedHashSet<>();
        for (ScanFileReport f : report.files()) {
            if (f.read() && f.file().toString().endsWith(".c") && !(f.inits().isEmpty() && f.types().isEmpty())) {
                planned.add(f.file());
            }
        }
        // the same inputs as migrate of these paths, so a module of several files is planned as one
        FileMigrator migrator = new FileMigrator(new Renderer(), new Options(target.minor()), planned);
        List<PlanSummary> out = new ArrayList<>();
        for (ScanFileReport f : report.files()) {
            if (!planned.contains(f.file())) {
                continue;
            }
            if (SourceReader.read(f.file()) instanceof SourceReader.Read r) {
                String shown = MigrateCommand.display(f.file());
                out.add(PlanSummary.of(migrator.migrate(r.source(), shown), shown));
            }
        }
        return out;
    }

    /**
     * Every .c and .h file below a directory (non-directories only; FIFOs too, to be reported),
     * following symbolic links to folders as migrate does.
     */
    static List<Path> cFilesBelow(Path dir) throws IOException {
        return SourceTree.files(dir, n -> n.endsWith(".c") || n.endsWith(".h"));
    }

    private static String ioMessage(Exception e) {
        IOException c = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
        return IoReason.of(c);
    }
}
