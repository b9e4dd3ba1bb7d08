package heapify.cli;

import heapify.verify.EmbedResult;
import heapify.verify.Interpreter;
import heapify.verify.PackageFacts;
import heapify.verify.PackageMigration;
import heapify.verify.PackageModule;
import heapify.verify.PackageModuleBuild;
import heapify.verify.PackageProver;
import heapify.verify.PackageSide;
import heapify.verify.PackageSpec;
import heapify.verify.ProcessResult;
import heapify.verify.ProcessRunner;
import heapify.verify.SubinterpreterResult;
import heapify.verify.SuiteResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code heapify verify} for a package: on each interpreter, a fresh copy of the tree is built as it
 * is, a second copy is migrated with {@code heapify migrate --in-place} (module by module, with the
 * module's flags for the build check) and built, and both are measured by {@link PackageProver};
 * {@link PackageFacts} says which facts the migrated copy violates. Prints a table per interpreter,
 * or one JSON document with {@code --json}.
 *
 * <p>Every copy is built before anything is measured, so that a package that does not build before
 * migration is one error line and exit 2, not a half-finished report.
 */
final class PackageVerification {
    /** gcc's line for a missing header: {@code foo.c:3:10: fatal error: auparse.h: No such file or directory}. */
    private static final Pattern MISSING_HEADER = Pattern.compile("fatal error: ([^:]+): No such file or directory");

    /** What to verify and how. */
    record Request(PackageSpec spec, Path tree, List<Interpreter> pythons, Path work, List<String> compiler,
                   String target, boolean json, boolean subfirst, int cycles) {
    }

    /** One interpreter's results. */
    record Outcome(Interpreter python, List<PackageMigration> migrations, PackageSide before, PackageSide after,
                   List<String> violations) {
    }

    private final Request request;
    private final PackageProver prover;
    private final ProcessRunner runner = new ProcessRunner();

    PackageVerification(Request request) {
        this.request = request;
        this.prover = new PackageProver(request.compiler(), request.work().resolve("tools"));
    }

    /** Runs the whole verification; returns the exit code. */
    int run(PrintWriter out, PrintWriter err) {
        PackageSpec spec = request.spec();
        Map<Interpreter, List<PackageModuleBuild>> befores = new LinkedHashMap<>();
        for (Interpreter py : request.pythons()) {
            Path dir = dir(py);
            Path tree = dir.resolve("before");
            String failed = copy(request.tree(), tree, dir);
            if (failed == null) {
                failed = prover.prepare(spec.prepare(), tree, dir.resolve("before-log"));
            }
            if (failed != null) {
                err.println("heapify: error: " + spec.name() + ": cannot prepare the tree for " + py.label() + ": "
                        + oneLine(failed) + " [build-failed-before]");
                return ExitCode.USAGE_OR_IO.code();
            }
            List<PackageModuleBuild> builds = prover.build(spec, tree, py, dir.resolve("before-log"));
            for (PackageModuleBuild b : builds) {
                if (!b.compiled()) {
                    err.println(buildFailure(spec, b, py));
                    return ExitCode.USAGE_OR_IO.code();
                }
            }
            befores.put(py, builds);
        }
        List<Outcome> outcomes = new ArrayList<>();
        int violated = 0;
        for (Interpreter py : request.pythons()) {
            Outcome o = verify(py, befores.get(py));
            outcomes.add(o);
            violated += o.violations().size();
            if (!request.json()) {
                printTable(o, out);
                out.flush();
            }
        }
        if (request.json()) {
            out.print(JsonWriter.write(json(outcomes)));
        } else {
            out.println("verify: " + spec.name() + ", " + outcomes.size() + " interpreter(s), " + violated
                    + " fact(s) violated");
        }
        out.flush();
        return violated == 0 ? ExitCode.OK.code() : ExitCode.FINDINGS.code();
    }

    /** The one-line error for a module that does not build before migration. */
    static String buildFailure(PackageSpec spec, PackageModuleBuild b, Interpreter py) {
        String first = b.errors().isEmpty() ? "no compiler output" : b.errors().get(0).strip();
        Matcher m = MISSING_HEADER.matcher(first);
        if (m.find()) {
            return "heapify: error: " + spec.name() + ": '" + b.module().name() + "' does not build on " + py.label()
                    + ": header '" + m.group(1).strip() + "' not found (is the library's -dev package installed?)"
                    + " [missing-headers]";
        }
        return "heapify: error: " + spec.name() + ": '" + b.module().name() + "' does not build on " + py.label()
                + " before migration: " + oneLine(first) + " [build-failed-before]";
    }

    private Outcome verify(Interpreter py, List<PackageModuleBuild> beforeBuilds) {
        PackageSpec spec = request.spec();
        Path dir = dir(py);
        Path after = dir.resolve("after");
        String failed = copy(request.tree(), after, dir);
        List<PackageMigration> migrations = new ArrayList<>();
        if (failed == null) {
            for (PackageModule m : spec.modulesFor(py.majorMinor())) {
                migrations.add(migrate(m, after, py, dir.resolve("migrate")));
            }
            failed = prover.prepare(spec.prepare(), after, dir.resolve("after-log"));
        }
        if (failed != null) {
            throw new UncheckedIOException(new IOException("cannot set up " + after + ": " + failed));
        }
        List<PackageModuleBuild> afterBuilds = prover.build(spec, after, py, dir.resolve("after-log"));
        PackageSide b = prover.measure(spec, dir.resolve("before"), py, beforeBuilds, dir.resolve("before-log"),
                request.subfirst(), request.cycles());
        PackageSide a = prover.measure(spec, after, py, afterBuilds, dir.resolve("after-log"), request.subfirst(),
                request.cycles());
        return new Outcome(py, migrations, b, a, PackageFacts.violations(b, a, migrations));
    }

    /** Runs {@code heapify migrate --in-place} over the module's files in {@code tree}, in-process. */
    private PackageMigration migrate(PackageModule m, Path tree, Interpreter py, Path log) {
        List<String> files = prover.builder().sources(m.migrate(), tree, log.resolve(m.name() + ".files"));
        List<Path> paths = files.stream().map(tree::resolve).toList();
        List<String> before = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Path p : paths) {
            String t = read(p);
            texts.add(t);
            before.addAll(PackageMigration.typeDefinitions(t));
        }
        List<String> args = new ArrayList<>(List.of("migrate", "--in-place", "--target", request.target(), "--python",
                py.executable().toString()));
        List<String> cflags = absolute(prover.builder().expand(m.cflags(), tree, log.resolve(m.name() + ".cflags")), tree);
        if (!cflags.isEmpty()) {
            args.add("--cflags");
            args.add(String.join(" ", cflags.stream().map(PackageVerification::quote).toList()));
        }
        paths.forEach(p -> args.add(p.toString()));
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(so), new PrintWriter(se));
        write(log.resolve(m.name() + ".migrate.err"), se.toString());
        List<String> diagnostics = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String line : se.toString().split("\n")) {
            if (PackageMigration.ruleOf(line) != null) {
                diagnostics.add(shorten(line, tree));
            } else if (line.startsWith("heapify: ")) {
                notes.add(shorten(line, tree));
            }
        }
        List<String> changed = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String t = read(paths.get(i));
            after.addAll(PackageMigration.typeDefinitions(t));
            if (!t.equals(texts.get(i))) {
                changed.add(files.get(i));
            }
        }
        return new PackageMigration(m.name(), code, files, changed, diagnostics, notes, before, after);
    }

    /** A path of the tree shown relative to it, so that reports do not carry the work folder. */
    private static String shorten(String line, Path tree) {
        String t = tree.toAbsolutePath().normalize() + "/";
        String rel = Path.of("").toAbsolutePath().relativize(tree.toAbsolutePath().normalize()) + "/";
        return line.replace(t, "").replace(rel, "");
    }

    /** {@code -Irel} made {@code -I<tree>/rel}: migrate's build check runs in heapify's working folder. */
    static List<String> absolute(List<String> flags, Path tree) {
        List<String> out = new ArrayList<>();
        boolean nextIsDir = false;
        for (String f : flags) {
            if (nextIsDir) {
                out.add(tree.resolve(f).toString());
                nextIsDir = false;
            } else if (f.equals("-I")) {
                out.add(f);
                nextIsDir = true;
            } else if (f.startsWith("-I") && !Path.of(f.substring(2)).isAbsolute()) {
                out.add("-I" + tree.resolve(f.substring(2)));
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /** {@code word} in single quotes, for migrate's {@code --cflags} splitting. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private Path dir(Interpreter py) {
        return request.work().resolve(request.spec().name()).resolve(py.label()).toAbsolutePath().normalize();
    }

    /** A fresh copy of {@code from} at {@code to}; null on success, else why not. */
    private String copy(Path from, Path to, Path logDir) {
        ProcessResult r = runner.run(List.of("bash", "-c", "rm -rf \"$2\" && mkdir -p \"$2\" && cp -a \"$1\"/. \"$2\"/",
                "copy", from.toAbsolutePath().toString(), to.toString()), Map.of(), logDir.getParent(),
                logDir.resolve("copy-" + to.getFileName()), Duration.ofMinutes(10));
        return r.ok() ? null : r.tail(400).strip();
    }

    private static String oneLine(String s) {
        return String.join(" ", s.strip().split("\\s*\\n\\s*"));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path p, String text) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the report ----

    private void printTable(Outcome o, PrintWriter out) {
        PackageSide b = o.before();
        PackageSide a = o.after();
        List<PackageMigration> ms = o.migrations();
        int files = ms.stream().mapToInt(m -> m.files().size()).sum();
        int changed = ms.stream().mapToInt(m -> m.changed().size()).sum();
        out.println("== " + request.spec().name() + " on " + o.python().label());
        out.println("  heapify migrate: exit " + worstExit(ms) + ", " + changed + " of " + files + " file(s) changed; "
                + rules(PackageMigration.byRule(ms)));
        String fmt = "  %-38s %-26s %s%n";
        out.printf(fmt, "", "before", "after");
        out.printf(fmt, "modules built", b.built() + "/" + b.builds().size(), a.built() + "/" + a.builds().size());
        out.printf(fmt, "modules imported from the built .so", imported(b), imported(a));
        out.printf(fmt, "build warnings", b.warnings().size(), a.warnings().size() + " (" + newWarnings(b, a).size() + " new)");
        out.printf(fmt, "PyTypeObject definitions in source", ms.stream().mapToInt(m -> m.typesBefore().size()).sum(),
                ms.stream().mapToInt(m -> m.typesAfter().size()).sum());
        out.printf(fmt, "static type objects in the .so files", b.staticTypeCount(), a.staticTypeCount());
        out.printf(fmt, "tests p/f/s", b.tests().pfs(), a.tests().pfs());
        if (b.subfirst() != null) {
            out.printf(fmt, "tests after a legacy subinterpreter", subfirst(b), subfirst(a));
        }
        out.printf(fmt, "legacy subinterpreter: imported", legacyImported(b), legacyImported(a));
        out.printf(fmt, "  exposed types shared with main", shared(b), shared(a));
        if (o.python().atLeast(12)) {
            out.printf(fmt, "own-GIL subinterpreter: imported", isolated(b), isolated(a));
        }
        if (request.cycles() > 0) {
            out.printf(fmt, request.cycles() + " embedding cycles: modules ok", embed(b), embed(a));
        }
        for (PackageMigration m : ms) {
            for (String d : m.diagnostics()) {
                if (d.endsWith("[build-check-failed]") || d.endsWith("[build-check-new-warning]")) {
                    out.println("  migrate: " + d);
                }
            }
        }
        o.violations().forEach(v -> out.println("  FAILED: " + v));
    }

    private static int worstExit(List<PackageMigration> ms) {
        return ms.stream().mapToInt(PackageMigration::exitCode).max().orElse(0);
    }

    private static String rules(Map<String, Integer> byRule) {
        if (byRule.isEmpty()) {
            return "no diagnostics";
        }
        List<String> parts = new ArrayList<>();
        byRule.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).forEach(e -> parts.add(e.getKey() + " " + e.getValue()));
        return byRule.values().stream().mapToInt(Integer::intValue).sum() + " diagnostics: " + String.join(", ", parts);
    }

    private static String imported(PackageSide s) {
        return s.imports().values().stream().filter(String::isEmpty).count() + "/" + s.imports().size();
    }

    private static List<String> newWarnings(PackageSide b, PackageSide a) {
        List<String> out = new ArrayList<>();
        for (PackageModuleBuild x : a.builds()) {
            b.builds().stream().filter(y -> y.module().name().equals(x.module().name()) && y.compiled() && x.compiled())
                    .findFirst().ifPresent(y -> out.addAll(PackageFacts.newWarnings(y, x)));
        }
        return out;
    }

    private static String subfirst(PackageSide s) {
        return s.subfirst().pfs() + " (" + s.subfirstHook().roundTrips() + " processes)";
    }

    private static String legacyImported(PackageSide s) {
        return s.legacy().values().stream().filter(SubinterpreterResult::subImported).count() + "/" + s.legacy().size();
    }

    private static String shared(PackageSide s) {
        int shared = 0;
        int types = 0;
        for (SubinterpreterResult r : s.legacy().values()) {
            if (r.subImported()) {
                shared += r.sharedTypes().size();
                types += r.mainTypes().size();
            }
        }
        return shared + "/" + types;
    }

    private static String isolated(PackageSide s) {
        return s.isolated().values().stream().filter(SubinterpreterResult::subImported).count() + "/" + s.isolated().size();
    }

    private static String embed(PackageSide s) {
        return s.embed().values().stream().filter(EmbedResult::ok).count() + "/" + s.embed().size();
    }

    private Map<String, Object> json(List<Outcome> outcomes) {
        PackageSpec spec = request.spec();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("package", spec.name());
        doc.put("debian_source", spec.debianSource());
        doc.put("debian_version", spec.debianVersion());
        doc.put("skipped", spec.skipped());
        doc.put("target", request.target());
        doc.put("embed_cycles", request.cycles());
        List<Object> runs = new ArrayList<>();
        for (Outcome o : outcomes) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("python", o.python().label());
            Map<String, Object> mig = new LinkedHashMap<>();
            mig.put("exit", worstExit(o.migrations()));
            mig.put("files", o.migrations().stream().mapToInt(m -> m.files().size()).sum());
            mig.put("changed", o.migrations().stream().mapToInt(m -> m.changed().size()).sum());
            mig.put("types_in_source_before", o.migrations().stream().mapToInt(m -> m.typesBefore().size()).sum());
            mig.put("types_in_source_after", o.migrations().stream().mapToInt(m -> m.typesAfter().size()).sum());
            mig.put("diagnostics_by_rule", new LinkedHashMap<>(PackageMigration.byRule(o.migrations())));
            List<Object> mods = new ArrayList<>();
            for (PackageMigration m : o.migrations()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("module", m.module());
                x.put("exit", m.exitCode());
                x.put("files", m.files());
                x.put("changed", m.changed());
                x.put("types_before", m.typesBefore());
                x.put("types_after", m.typesAfter());
                x.put("diagnostics", m.diagnostics());
                x.put("notes", m.notes());
                mods.add(x);
            }
            mig.put("modules", mods);
            r.put("migrate", mig);
            r.put("before", side(o.before(), null));
            r.put("after", side(o.after(), o.before()));
            r.put("violations", o.violations());
            runs.add(r);
        }
        doc.put("runs", runs);
        return doc;
    }

    private static Map<String, Object> side(PackageSide s, PackageSide before) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modules", s.builds().size());
        m.put("built", s.built());
        Map<String, Object> errors = new LinkedHashMap<>();
        s.builds().stream().filter(b -> !b.compiled()).forEach(b -> errors.put(b.module().name(), b.errors()));
        m.put("build_errors", errors);
        m.put("imported", (int) s.imports().values().stream().filter(String::isEmpty).count());
        Map<String, Object> importErrors = new LinkedHashMap<>();
        s.imports().forEach((k, v) -> {
            if (!v.isEmpty()) {
                importErrors.put(k, v);
            }
        });
        m.put("import_errors", importErrors);
        m.put("warnings", s.warnings().size());
        if (before != null) {
            m.put("new_warnings", newWarnings(before, s));
        }
        m.put("static_types_in_so", s.staticTypeCount());
        Map<String, Object> sym = new LinkedHashMap<>();
        s.staticTypes().forEach((k, v) -> sym.put(k, v.symbols()));
        m.put("static_type_symbols", sym);
        m.put("tests", suite(s.tests()));
        if (s.subfirst() != null) {
            Map<String, Object> sf = suite(s.subfirst());
            sf.put("round_trips", s.subfirstHook().roundTrips());
            sf.put("sub_imported", List.copyOf(s.subfirstHook().subImported()));
            sf.put("sub_import_failures", new LinkedHashMap<>(s.subfirstHook().subFailures()));
            sf.put("hook_failures", s.subfirstHook().otherFailures());
            m.put("tests_after_subinterpreter", sf);
        }
        Map<String, Object> legacy = new LinkedHashMap<>();
        s.legacy().forEach((k, v) -> legacy.put(k, probe(v)));
        m.put("legacy_subinterpreter", legacy);
        Map<String, Object> iso = new LinkedHashMap<>();
        s.isolated().forEach((k, v) -> iso.put(k, probe(v)));
        m.put("isolated_subinterpreter", iso);
        Map<String, Object> emb = new LinkedHashMap<>();
        s.embed().forEach((k, v) -> emb.put(k, v.cyclesOk() + "/" + v.requested()));
        m.put("embed_cycles_ok", emb);
        return m;
    }

    private static Map<String, Object> suite(SuiteResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exit", r.exitCode());
        m.put("passed", r.passed());
        m.put("failed", r.failed());
        m.put("skipped", r.skipped());
        m.put("summaries", r.summaries());
        m.put("seconds", r.process() == null ? 0 : r.process().elapsed().toSeconds());
        return m;
    }

    private static Map<String, Object> probe(SubinterpreterResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sub_imported", r.subImported());
        if (!r.subImported()) {
            m.put("error", r.subImportError());
        }
        m.put("types", r.mainTypes().size());
        m.put("shared", r.sharedTypes().stream().sorted().toList());
        return m;
    }
}
