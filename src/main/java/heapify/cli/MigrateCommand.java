package heapify.cli;

import heapify.apply.AtomicWriter;
import heapify.apply.FileMigrator;
import heapify.apply.PlanSummary;
import heapify.render.Renderer;
import heapify.source.IoReason;
import heapify.source.SafeText;
import heapify.source.Severity;
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
 * stdout carries only the diff (each file's in that file's own charset); diagnostics and the summary
 * go to stderr. A module heapify could not migrate completely (a warning or error: something was
 * left as it was) makes the exit code 1, even when the rest of it was migrated and written. Every
 * argument is listed before anything is written; where a result may go is {@link WriteTargets}'
 * decision (collisions, symbolic links, read-only files). Before {@code --in-place} or
 * {@code --output} writes a changed file, the build check compiles it as it was and as migrated.
 * A run over several files ends with one line per module file and the totals
 * ({@link BatchReport}), or, with {@code --json}, that report on stdout instead of the diff.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Migrate static types, globals and single-phase init to heap types, module state and "
                + "multi-phase init (PEP 630/687/489/573).",
                "--in-place and --output compile each changed file before and after (gcc -fsyntax-only -Wall, "
                        + "the target Python's headers, the file's folder, --cflags) and do not write a file whose "
                        + "migrated text fails or warns anew; the diff and --check skip this build check."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing to do, or done", "1:changes found under --check, or a module not completely migrated (warning or error diagnostics)",
                "2:usage or I/O error"})
public final class MigrateCommand implements Callable<Integer> {
    /** How results are delivered; resolved once from the flags. */
    enum OutputMode { DIFF, IN_PLACE, CHECK, OUTPUT_DIR }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH",
            description = "C files, or folders searched for modules (.c files with a PyInit_ function or a type object)")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--in-place", description = "rewrite the files (temp file + atomic rename; mode kept)")
    boolean inPlace;

    @Option(names = "--output", paramLabel = "DIR", description = "write migrated copies under DIR")
    Path output;

    @Option(names = "--check", description = "write nothing; exit 1 when a file would change")
    boolean check;

    @Option(names = "--json", description = "print the batch report (one entry per file and the totals) as JSON on "
            + "stdout instead of the diff")
    boolean json;

    @Option(names = "--jobs", paramLabel = "N", description = "files read and migrated at once (default: the "
            + "number of cores); the diff, diagnostics and writes still come in file order")
    Integer jobs;

    @Option(names = "--qualify-dotless-names", description = "give a type whose tp_name has no dot its module's "
            + "name, as CPython's own ports did (\"_asyncio.TaskStepMethWrapper\"): it migrates, and its __module__ "
            + "changes from builtins (default: such a type stays static)")
    boolean qualifyDotlessNames;

    @Mixin
    TargetOptions target;

    @Mixin
    WriteOptions write;

    @Mixin
    BuildCheckOptions buildCheck = new BuildCheckOptions();

    @Mixin
    SarifOptions sarif = new SarifOptions();

    @Mixin
    ColorOptions color = new ColorOptions();

    @Mixin
    ProgressOptions progress = new ProgressOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OutputMode mode = mode();
        Options options = new Options(target.minor(), qualifyDotlessNames);
        BuildCheckOptions.Gate gate = buildCheck.gate(target.minor(), err, sarif);
        BatchReport report = new BatchReport();
        int changed = 0;
        boolean incomplete = false;
        boolean io = false;
        // every argument is listed, and every destination checked, before anything is written
        WriteTargets targets = new WriteTargets(paths, mode == OutputMode.OUTPUT_DIR ? output : null,
                write.forceReadOnly);
        List<WriteTargets.Input> inputs = new ArrayList<>();
        for (Path root : paths) {
            if (!Files.exists(root)) {
                diagnose(Severity.ERROR, "unreadable-file", display(root), "no such file or directory", err);
                io = true;
                continue;
            }
            try {
                for (Path f : modules(root)) {
                    inputs.add(new WriteTargets.Input(root, f));
                }
            } catch (IOException e) {
                diagnose(Severity.ERROR, "unreadable-file", display(root), "cannot read: " + IoReason.of(e, root), err);
                io = true;
            }
        }
        inputs = targets.distinct(inputs);
        if (mode == OutputMode.OUTPUT_DIR) {
            String refusal = targets.outputRefusal(inputs);
            if (refusal != null) {
                say(err, "heapify: error: " + refusal);
                sarif.command(Severity.ERROR, "unwritable-file", display(output), 0, 0, refusal);
                sarif.write(err); // CI reads why nothing was written from the log too
                err.flush();
                return ExitCode.USAGE_OR_IO.code();
            }
        }
        java.util.Set<Path> files = new java.util.LinkedHashSet<>();
        for (WriteTargets.Input in : inputs) {
            files.add(in.file());
        }
        FileMigrator migrator = new FileMigrator(new Renderer(), options, files); // a module's files together
        Pipeline pipeline = new Pipeline(inputs, migrator, jobs());
        Progress bar = progress.progress(err, inputs.size(), mode == OutputMode.DIFF && !json);
        bar.show(0, inputs.size());
        UnitGate units = mode == OutputMode.IN_PLACE || mode == OutputMode.OUTPUT_DIR
                ? UnitGate.of(inputs, pipeline, migrator, gate) : null;
        for (int i = 0; i < inputs.size(); i++) {
            WriteTargets.Input in = inputs.get(i);
            Path file = in.file();
            Prepared next = units != null ? units.prepared(i) : pipeline.next();
            bar.clear(); // the progress line goes before this file's diagnostics
            try {
                SourceReader.Result read = next.read();
                if (read instanceof SourceReader.Unreadable u) {
                    say(err, u.diagnostic().format(null));
                    sarif.add(u.diagnostic(), null);
                    report.addUnreadable(display(file));
                    io = true;
                    continue;
                }
                SourceText source = ((SourceReader.Read) read).source();
                FileMigrator.Result r = next.result();
                next.diagnostics().forEach(err::println);
                sarif.add(r.diagnostics(), source.text());
                incomplete |= !r.complete();
                if (r.changed()) {
                    changed++;
                }
                WriteTargets.Decision where = switch (mode) {
                    case IN_PLACE -> r.changed() ? targets.inPlace(file) : null;
                    case OUTPUT_DIR -> targets.copy(in);
                    default -> null;
                };
                List<WriteTargets.Decision> also = new ArrayList<>();
                if (where != null) {
                    for (FileMigrator.Included inc : r.included()) {
                        WriteTargets.Decision d = targets.included(in, inc.name(), mode == OutputMode.IN_PLACE);
                        also.add(d);
                        if (d instanceof WriteTargets.Refuse && !(where instanceof WriteTargets.Refuse)) {
                            where = d; // the module and its clinic output are written together or not at all
                        }
                    }
                }
                if (where instanceof WriteTargets.Refuse no) {
                    diagnose(Severity.ERROR, "unwritable-file", display(file), no.reason(), err);
                    report.add(r, next.summary(), false);
                    io = true;
                    continue;
                }
                if ((mode == OutputMode.IN_PLACE || mode == OutputMode.OUTPUT_DIR) && r.changed()
                        && !units.admits(i, file, display(file), source, r)) {
                    report.add(r, next.summary(), false);
                    continue;   // the migrated text does not build as well as the input: not written
                }
                report.add(r, next.summary(), true);
                switch (mode) {
                    case DIFF -> {
                        if (!json) {
                            BytesPrintWriter.print(out, color.paint(r.diff()), source.charset()); // the file's bytes
                            for (FileMigrator.Included inc : r.included()) {
                                BytesPrintWriter.print(out, color.paint(inc.diff()), inc.source().charset());
                            }
                        }
                    }
                    case CHECK -> {
                        if (r.changed()) {
                            say(err, display(file) + ": would be migrated");
                        }
                    }
                    case IN_PLACE, OUTPUT_DIR -> {
                        if (where instanceof WriteTargets.Write w) {
                            try {
                                // the clinic output first: a module whose parsers name the state needs it
                                for (int k = 0; k < also.size(); k++) {
                                    FileMigrator.Included inc = r.included().get(k);
                                    Path to = ((WriteTargets.Write) also.get(k)).path();
                                    Files.createDirectories(to.getParent());
                                    AtomicWriter.write(to, inc.source().encode(inc.output()));
                                }
                                AtomicWriter.write(w.path(), source.encode(r.output()));
                            } catch (IOException e) {
                                diagnose(Severity.ERROR, "unwritable-file", display(file), "cannot write '"
                                        + display(w.path()) + "': " + IoReason.of(e, w.path()), err);
                                io = true;
                            }
                        }
                    }
                }
            } finally {
                bar.show(i + 1, inputs.size());
            }
        }
        bar.clear();
        pipeline.close();
        if (json) {
            out.print(JsonWriter.write(report.json()));
        }
        out.flush();
        if (report.size() > 1) {
            report.print(err);
        }
        if (mode == OutputMode.DIFF && changed > 0) {
            err.println("heapify: " + changed + " file(s) would change; apply with --in-place or --output DIR");
        }
        io |= !sarif.write(err);
        err.flush();
        if (io) {
            return ExitCode.USAGE_OR_IO.code();
        }
        return ((mode == OutputMode.CHECK && changed > 0) || incomplete || gate.rejectedAny()
                ? ExitCode.FINDINGS : ExitCode.OK).code();
    }

    /**
     * The build check of the files migrated as one module (rule module-unit), made before any of
     * them is written: each compiled with every file of its module that the run changes placed
     * beside it (the shared header's new accessor and specs), and none written when one fails: a
     * type file written without its init file's header, or the reverse, would not build. Holds
     * the run's results (texts, no models) until they are written.
     */
    private static final class UnitGate {
        private final List<Prepared> prepared;
        private final BuildCheckOptions.Gate gate;
        private final java.util.Map<Integer, heapify.verify.BuildCheckResult> verdicts = new java.util.HashMap<>();
        private final java.util.Map<Integer, String> failedWith = new java.util.HashMap<>();

        private UnitGate(List<Prepared> prepared, BuildCheckOptions.Gate gate) {
            this.prepared = prepared;
            this.gate = gate;
        }

        static UnitGate of(List<WriteTargets.Input> inputs, Pipeline pipeline, FileMigrator migrator,
                           BuildCheckOptions.Gate gate) {
            List<Prepared> all = new ArrayList<>();
            java.util.Map<String, List<Integer>> modules = new java.util.LinkedHashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                Prepared p = pipeline.next();
                all.add(p);
                if (p.result() != null && p.result().changed()) {
                    String key = migrator.unitKey(inputs.get(i).file());
                    if (!key.isEmpty()) {
                        modules.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
                    }
                }
            }
            UnitGate g = new UnitGate(all, gate);
            for (List<Integer> members : modules.values()) {
                java.util.Map<String, byte[]> beside = new java.util.LinkedHashMap<>();
                for (int i : members) {
                    beside.putAll(BuildCheckOptions.Gate.beside(all.get(i).result().included()));
                }
                String failed = null;
                for (int i : members) {
                    FileMigrator.Result r = all.get(i).result();
                    java.util.Map<String, byte[]> mine = BuildCheckOptions.Gate.beside(r.included());
                    beside.forEach(mine::putIfAbsent);
                    heapify.verify.BuildCheckResult v = gate.judge(inputs.get(i).file(), r.source(), r.output(), mine);
                    g.verdicts.put(i, v);
                    boolean bad = v != null && (v.outcome() == heapify.verify.BuildCheckResult.Outcome.OUTPUT_FAILS
                            || v.outcome() == heapify.verify.BuildCheckResult.Outcome.NEW_WARNING);
                    failed = failed == null && bad ? display(inputs.get(i).file()) : failed;
                }
                if (failed != null) {
                    for (int i : members) {
                        g.failedWith.put(i, failed);
                    }
                }
            }
            return g;
        }

        Prepared prepared(int i) {
            return prepared.set(i, null); // printed once, then let go
        }

        /** Whether the changed file {@code i} may be written; prints why not. */
        boolean admits(int i, Path file, String shown, SourceText source, FileMigrator.Result r) {
            if (!verdicts.containsKey(i)) {
                return gate.admits(file, shown, source, r.output(), r.included());
            }
            if (!gate.admits(shown, verdicts.get(i))) {
                return false;
            }
            if (failedWith.containsKey(i)) {
                gate.rejectWithModule(shown, failedWith.get(i));
                return false;
            }
            return true;
        }
    }

    int jobs() {
        if (jobs != null && jobs < 1) {
            throw new ParameterException(spec.commandLine(), "--jobs must be at least 1");
        }
        return jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
    }

    /**
     * One file read and migrated, with what the printing thread needs of it made on the worker
     * (the diagnostics as printed, the report's summary, which lexes a changed output again), and
     * the migration's model of the input dropped: files ahead of the one printed hold their texts,
     * not their tokens. {@code result} and {@code summary} are null when the file could not be read.
     */
    record Prepared(SourceReader.Result read, FileMigrator.Result result, PlanSummary summary,
                    List<String> diagnostics) {
        static Prepared of(Path file, FileMigrator migrator) {
            SourceReader.Result read = SourceReader.read(file);
            if (!(read instanceof SourceReader.Read ok)) {
                return new Prepared(read, null, null, List.of());
            }
            FileMigrator.Result r = migrator.migrate(ok.source(), display(file));
            return new Prepared(read, r.withoutModel(), PlanSummary.of(r, display(file)), r.diagnosticsWithSource());
        }
    }

    /**
     * Reads and migrates the inputs on {@code jobs} threads, handed out in input order. Ahead of
     * the file being printed are at least twice {@code jobs} files, and more while their sizes sum
     * to at most {@link #AHEAD_BYTES}: a large file at the head (a 300 KB module, or one waiting for
     * a header another thread reads) no longer leaves the other threads idle after a few small
     * files, and memory holds a few megabytes of results (texts and diffs, no models), not the
     * tree's. With one job everything happens on the calling thread.
     */
    static final class Pipeline {
        private final List<WriteTargets.Input> inputs;
        private final FileMigrator migrator;
        private final java.util.concurrent.ExecutorService pool;
        private final java.util.ArrayDeque<java.util.concurrent.Future<Prepared>> ahead = new java.util.ArrayDeque<>();
        /** The sizes of the files in {@code ahead}, in the same order. */
        private final java.util.ArrayDeque<Long> aheadSizes = new java.util.ArrayDeque<>();
        private final int window;
        private long aheadBytes;
        private int submitted;

        /** Input bytes that may be read and migrated ahead of the file being printed (besides the window). */
        static final long AHEAD_BYTES = 4L << 20;

        Pipeline(List<WriteTargets.Input> inputs, FileMigrator migrator, int jobs) {
            this.inputs = inputs;
            this.migrator = migrator;
            int threads = Math.min(jobs, Math.max(1, inputs.size()));
            this.pool = threads > 1 ? java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "heapify-migrate");
                t.setDaemon(true);
                return t;
            }) : null;
            this.window = 2 * threads;
            if (pool != null) {
                // first on the pool: one thread reads the large included files while the others migrate
                List<Path> files = inputs.stream().map(WriteTargets.Input::file).toList();
                pool.submit(() -> migrator.prefetchIncludes(files));
            }
        }

        Prepared next() {
            if (pool == null) {
                return Prepared.of(inputs.get(submitted++).file(), migrator);
            }
            while (submitted < inputs.size()) {
                Path f = inputs.get(submitted).file();
                long size = sizeOf(f);
                if (ahead.size() >= window && aheadBytes + size > AHEAD_BYTES) {
                    break;
                }
                submitted++;
                ahead.add(pool.submit(() -> Prepared.of(f, migrator)));
                aheadSizes.add(size);
                aheadBytes += size;
            }
            try {
                aheadBytes -= aheadSizes.removeFirst();
                return ahead.removeFirst().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error er) {
                    throw er;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        /** The file's size as listed, 0 when it cannot be read (reading it then says why). */
        private static long sizeOf(Path f) {
            try {
                return Files.size(f);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        void close() {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** {@code file: error: message [rule]} on stderr, and the same as a result of the SARIF log. */
    private void diagnose(Severity severity, String ruleId, String file, String message, PrintWriter err) {
        say(err, file + ": " + severity.label() + ": " + message + " [" + ruleId + "]");
        sarif.command(severity, ruleId, file, 0, 0, message);
    }

    /** One line on stderr, with control characters from file names or sources escaped. */
    private static void say(PrintWriter err, String line) {
        err.println(SafeText.of(line));
    }

    OutputMode mode() {
        int n = (inPlace ? 1 : 0) + (output != null ? 1 : 0) + (check ? 1 : 0);
        if (n > 1) {
            throw new ParameterException(spec.commandLine(), "--in-place, --output and --check exclude each other");
        }
        return inPlace ? OutputMode.IN_PLACE : output != null ? OutputMode.OUTPUT_DIR
                : check ? OutputMode.CHECK : OutputMode.DIFF;
    }

    /**
     * A file as given; a folder's .c files that define a PyInit_ function, sorted (symbolic links
     * to folders followed, see {@link SourceTree}).
     */
    static List<Path> modules(Path root) throws IOException {
        if (!Files.exists(root)) {
            throw new java.nio.file.NoSuchFileException(root.toString());
        }
        if (!Files.isDirectory(root)) {
            return List.of(root);
        }
        return SourceTree.modules(root);
    }

    /** The path shown in diagnostics and in the diff: relative to the working folder when under it. */
    public static String display(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        Path shown = abs.startsWith(cwd) ? cwd.relativize(abs) : file.normalize();
        return shown.toString().replace('\\', '/');
    }
}
