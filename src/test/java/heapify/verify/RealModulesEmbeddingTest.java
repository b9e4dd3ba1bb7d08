package heapify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.cli.HeapifyCommand;
import heapify.corpus.CpythonSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The embedding acceptance point on three real CPython 3.11.2 modules, before and after {@code
 * heapify migrate}: {@code xx} (Modules/xxmodule.c), {@code xxsubtype} (Modules/xxsubtype.c, built
 * as {@code xxsubtype_h} because the interpreters have it builtin) and {@code _zoneinfo}
 * (Modules/_zoneinfo.c), with the hand-written heap-type twin {@code xxlimited} as a reference row.
 *
 * <p>An embedding host runs 20 cycles of {@code Py_Initialize} / the module's snippet (import,
 * instantiate each type, subclass each subclassable type) / {@code Py_FinalizeEx} on 3.11 (release
 * and Debian's debug build), 3.12 and 3.13. On 3.11 what each finalize leaves (allocated blocks;
 * total refcount on the debug build) must equal what the host leaves importing only the module's
 * dependencies. Under valgrind (release builds), one cycle must leave 0 blocks allocated through
 * the module (interned strings excluded) and two cycles 0 invalid reads.
 *
 * <p>Before migration, as measured: xx crashes in cycle 2 everywhere (the exception object only
 * the module dict owns dangles after finalization); _zoneinfo fails by cycle 4 on 3.11 and by
 * cycle 2 on 3.12; xxsubtype survives but leaves blocks over the baseline on 3.11 and
 * module-allocated blocks under valgrind. After migration all three must pass every point.
 * Prints a table of everything measured; where a module's cycles fail, it also runs the baseline,
 * to tell the module's failures from the interpreter's.
 *
 * <p>Build: the standard {@link ModuleCompiler} flags plus, for {@code _zoneinfo}, its internal
 * headers, {@code Modules/} for its clinic file, and a shim for {@code _PyErr_ChainExceptions}
 * (not exported by libpython 3.13); the same for the original and the migrated file. Measured on
 * pyenv 3.12.1: {@code import datetime} alone crashes the host in cycle 2 (the {@code _datetime}
 * it ships does not survive re-initialization; CPython gh-118608), so {@code _zoneinfo}, which
 * imports it, cannot pass on that interpreter, migrated or not.
 */
@Tag("slow")
class RealModulesEmbeddingTest {
    private static final Path RESOURCES = VerifyTestSupport.root().resolve("src/test/resources/verify/real-modules");

    /** One module of the table. */
    private record Real(String name, String file, String importName, List<String> buildArgs, boolean migrate) {
    }

    private record Cell(String stage, Real real, ModuleUnderTest module, Interpreter py) {
    }

    /**
     * @param report   the proof
     * @param baseline the baseline cycles (dependencies only): the 3.11 comparison's, or run to tell
     *                 the module's failures from the interpreter's where the module's cycles failed;
     *                 null if not run
     */
    private record Outcome(Cell cell, ProofReport report, EmbedResult baseline) {
    }

    @Test
    void realModulesSurviveEmbeddingCyclesOnlyAfterMigration() throws IOException {
        long start = System.nanoTime();
        assertTrue(Files.isRegularFile(Path.of("/usr/share/zoneinfo/UTC"))
                        && Files.isRegularFile(Path.of("/usr/share/zoneinfo/America/New_York")),
                "_zoneinfo's snippet needs the system time zone database (/usr/share/zoneinfo, Debian tzdata)");
        Path src = CpythonSource.root();
        Path work = VerifyTestSupport.workDir("real-modules");
        deleteTree(work);

        List<Real> reals = List.of(
                new Real("xx", "Modules/xxmodule.c", "xx", List.of(), true),
                new Real("xxsubtype", "Modules/xxsubtype.c", "xxsubtype_h",
                        List.of("-DPyInit_xxsubtype=PyInit_xxsubtype_h"), true),
                new Real("_zoneinfo", "Modules/_zoneinfo.c", "_zoneinfo",
                        List.of("-DPy_BUILD_CORE_MODULE", "-I{include}/internal", "-I" + src.resolve("Modules"),
                                RESOURCES.resolve("pyerr_chain_exceptions.c").toString()), true),
                new Real("xxlimited", "Modules/xxlimited.c", "xxlimited", List.of(), false));

        Path migrated = work.resolve("migrated");
        String migrateErr = migrate(src, migrated, reals);

        Prover prover = new Prover(work);
        List<Interpreter> pythons = prover.interpreters().stream()
                .filter(py -> py.minor() >= 11 && py.minor() <= 13).toList();
        for (String label : List.of("3.11 release", "3.11 debug", "3.12", "3.13")) {
            assertTrue(pythons.stream().anyMatch(interpreterIs(label)), "no " + label + " interpreter among "
                    + pythons);
        }

        List<Cell> cells = new ArrayList<>();
        for (Real r : reals) {
            Path snippet = RESOURCES.resolve("embed_" + r.importName() + ".py");
            Path baseline = RESOURCES.resolve("baseline_" + r.importName() + ".py");
            ModuleUnderTest before = new ModuleUnderTest("before/" + r.name(), src.resolve(r.file()),
                    r.importName(), snippet, snippet, "3.11", r.buildArgs(),
                    Files.isRegularFile(baseline) ? baseline : null);
            for (Interpreter py : pythons) {
                cells.add(new Cell("before", r, before, py));
                if (r.migrate()) {
                    Path out = migrated.resolve(Path.of(r.file()).getFileName());
                    cells.add(new Cell("after", r, before.withSource("after/" + r.name(), out), py));
                }
            }
        }
        ProcessRunner runner = new ProcessRunner();
        EmbedCycles embed = new EmbedCycles(runner, new HostTools(runner, work.resolve("baseline-tools")));
        List<Outcome> outcomes = VerifyTestSupport.parallel(cells, c -> {
            ProofReport r = prover.prove(c.module(), c.py(), checks(c.py()));
            EmbedResult baseline = r.leak() != null ? r.leak().baseline()
                    : r.build().compiled() && !r.embed().ok() ? embed.baseline(c.module(), r.build(), c.py(),
                    EmbedCycles.DEFAULT_CYCLES, prover.workDir(c.module(), c.py()))
                    : null;
            return new Outcome(c, r, baseline);
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(table(outcomes, seconds));
        if (!migrateErr.isBlank()) {
            System.out.println("heapify migrate diagnostics:\n" + migrateErr);
        }

        List<String> failures = new ArrayList<>();
        for (Outcome o : outcomes) {
            List<String> v = o.cell().stage().equals("after") || !o.cell().real().migrate() ? passes(o.report())
                    : failsBefore(o.cell().real().name(), o.report());
            String note = o.baseline() != null && !o.baseline().ok() ? " [the baseline, the same host importing only "
                    + "the module's dependencies, fails too: " + cycles(o.baseline()) + " cycles ok]" : "";
            if (o.cell().stage().equals("after") && interpreterFailsAlone(o)) {
                // 3.12.1 crashes re-initialising its own _datetime (gh-118608) with no _zoneinfo loaded:
                // the module cannot be asked to survive more cycles than its dependencies alone do.
                System.out.println("interpreter defect, not the module's: after " + o.cell().real().name() + " on "
                        + o.cell().py().label() + note);
                v = v.stream().filter(x -> !x.startsWith("embedding: ")).toList();
            }
            v.forEach(x -> failures.add(o.cell().stage() + " " + o.cell().real().name() + " on "
                    + o.cell().py().label() + ": " + x + note));
        }
        assertEquals(List.of(), failures, String.join("\n", failures));
    }

    /**
     * True when the baseline (the same host importing only the module's dependencies) fails too, and
     * the module got through at least as many cycles as the baseline did.
     */
    private static boolean interpreterFailsAlone(Outcome o) {
        return o.baseline() != null && !o.baseline().ok() && o.report().embed() != null
                && o.report().embed().cyclesOk() >= o.baseline().cyclesOk();
    }

    /** Migrates the modules' files into {@code out} in-process; returns migrate's stderr. */
    private static String migrate(Path src, Path out, List<Real> reals) throws IOException {
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("migrate", "--output", out.toString()));
        reals.stream().filter(Real::migrate).forEach(r -> args.add(src.resolve(r.file()).toString()));
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cli = new CommandLine(new HeapifyCommand());
        cli.setOut(new PrintWriter(stdout));
        cli.setErr(new PrintWriter(stderr));
        int code = cli.execute(args.toArray(String[]::new));
        assertEquals(0, code, "heapify migrate exit code; stderr:\n" + stderr);
        for (Real r : reals) {
            if (r.migrate()) {
                Path file = out.resolve(Path.of(r.file()).getFileName());
                assertTrue(Files.isRegularFile(file), "migrate --output wrote no " + file);
            }
        }
        return stderr.toString();
    }

    /** The checks per interpreter: the 3.11 baseline comparison applies itself; valgrind on release builds. */
    private static Set<Check> checks(Interpreter py) {
        Set<Check> checks = EnumSet.of(Check.TEST_SCRIPT, Check.EMBED_CYCLES, Check.LEAK_BASELINE);
        if (!py.debug()) {
            checks.add(Check.VALGRIND);
        }
        return checks;
    }

    /**
     * The acceptance point: the built module is the one imported and works once; 20 cycles exit 0;
     * on 3.11 blocks (and on the debug build total refs) equal the baseline after every cycle;
     * valgrind (release builds) sees 0 module-allocated blocks after one cycle and 0 invalid reads
     * over two.
     */
    private static List<String> passes(ProofReport r) {
        List<String> v = new ArrayList<>();
        if (!r.build().compiled()) {
            v.add("build failed: " + r.build().process().tail(3000));
            return v;
        }
        if (!r.testScript().passed()) {
            v.add("snippet as a script failed once: " + r.testScript().process().tail(2000));
        }
        if (!r.embed().ok()) {
            v.add("embedding: " + r.embed().cyclesOk() + "/" + r.embed().requested() + " cycles ok, host exit "
                    + r.embed().process().exitCode() + ": " + r.embed().process().tail(1500));
        }
        if (r.interpreter().minor() == 11) {
            LeakComparison leak = r.leak();
            if (!leak.blocksMeasured() || (r.interpreter().debug() && !leak.refTotalMeasured())) {
                v.add("nothing measured after finalization");
            } else if (!leak.noLeak()) {
                v.add("after finalization: blocks " + leak.module().blocks() + " vs baseline "
                        + leak.baseline().blocks() + "; reftotal " + leak.module().refTotals() + " vs baseline "
                        + leak.baseline().refTotals() + (leak.baseline().ok() ? "" : " (baseline run failed: "
                        + leak.baseline().process().tail(1000) + ")"));
            }
        }
        if (!r.interpreter().debug()) {
            ValgrindProof vg = r.valgrind();
            if (vg == null) {
                v.add("valgrind is not installed");
            } else {
                if (!vg.embedOk()) {
                    v.add("valgrind: an embedding run failed: " + vg.oneCycle().process().tail(800)
                            + vg.twoCycles().process().tail(800));
                }
                if (vg.moduleHeldBlocks() != 0) {
                    v.add("valgrind: " + vg.moduleHeldBlocks() + " blocks allocated through the module held at exit: "
                            + vg.moduleLeakStacks());
                }
                if (vg.invalidReads() != 0) {
                    v.add("valgrind: " + vg.invalidReads() + " invalid reads over 2 cycles " + vg.errorKinds());
                }
            }
        }
        return v;
    }

    /** The failures measured on the unmigrated modules; each must still show, or the test proves nothing. */
    private static List<String> failsBefore(String module, ProofReport r) {
        List<String> v = new ArrayList<>();
        if (!r.build().compiled()) {
            v.add("the unmigrated module did not build: " + r.build().process().tail(3000));
            return v;
        }
        if (!r.testScript().passed()) {
            v.add("the unmigrated module fails even once, so cycles prove nothing: "
                    + r.testScript().process().tail(2000));
        }
        EmbedResult e = r.embed();
        int minor = r.interpreter().minor();
        switch (module) {
            case "xx" -> {
                if (e.ok() || e.cyclesOk() >= 2) {
                    v.add("expected the embedding host to fail by cycle 2, got " + e.cyclesOk() + "/20 ok");
                }
            }
            case "_zoneinfo" -> {
                int by = minor == 11 ? 4 : minor == 12 ? 2 : Integer.MAX_VALUE;
                if (by != Integer.MAX_VALUE && (e.ok() || e.cyclesOk() >= by)) {
                    v.add("expected the embedding host to fail by cycle " + by + ", got " + e.cyclesOk() + "/20 ok");
                }
            }
            case "xxsubtype" -> {
                if (!e.ok()) {
                    v.add("expected 20 cycles to survive, got " + e.cyclesOk() + "/20 ok: " + e.process().tail(1000));
                }
                if (minor == 11 && !(r.leak().blocksMeasured() && r.leak().blocksOverBaseline() > 0)) {
                    v.add("expected more blocks than the baseline after finalization, got " + r.leak().module().blocks()
                            + " vs " + r.leak().baseline().blocks());
                }
                if (r.valgrind() != null && r.valgrind().moduleHeldBlocks() == 0) {
                    v.add("expected module-allocated blocks held at exit under valgrind, got 0");
                }
            }
            default -> throw new IllegalArgumentException(module);
        }
        return v;
    }

    private static Predicate<Interpreter> interpreterIs(String label) {
        return switch (label) {
            case "3.11 release" -> py -> py.minor() == 11 && !py.debug();
            case "3.11 debug" -> py -> py.minor() == 11 && py.debug();
            default -> py -> py.majorMinor().equals(label) && !py.debug();
        };
    }

    private static String table(List<Outcome> outcomes, double seconds) {
        StringBuilder b = new StringBuilder(String.format("%nReal CPython 3.11.2 modules in %d embedding cycles "
                + "(cycles: ok cycles with the module; baseline: "
                + "the same host importing only its dependencies, run on 3.11 and where the module's cycles failed; "
                + "blocks/refs: after the last cycle, module vs baseline, 3.11; valgrind: module-held blocks after "
                + "1 cycle / invalid reads over 2, ! = host failed under valgrind; - = not measured)%n", EmbedCycles.DEFAULT_CYCLES));
        String fmt = "%-10s %-7s %-11s %-11s %-11s %-14s %-14s %-10s %s%n";
        b.append(String.format(fmt, "module", "stage", "python", "cycles", "baseline", "blocks", "refs (dbg)",
                "valgrind", "verdict"));
        Map<String, List<Outcome>> byModule = new LinkedHashMap<>();
        outcomes.forEach(o -> byModule.computeIfAbsent(o.cell().real().name(), k -> new ArrayList<>()).add(o));
        for (List<Outcome> rows : byModule.values()) {
            for (String stage : List.of("before", "after")) {
                for (Outcome o : rows) {
                    if (!o.cell().stage().equals(stage)) {
                        continue;
                    }
                    ProofReport r = o.report();
                    boolean isBefore = stage.equals("before") && o.cell().real().migrate();
                    List<String> v = isBefore ? failsBefore(o.cell().real().name(), r) : passes(r);
                    String verdict = isBefore ? describe(o) + (v.isEmpty() ? "" : " (UNEXPECTED)")
                            : v.isEmpty() ? "pass"
                            : o.cell().stage().equals("after") && interpreterFailsAlone(o)
                            && v.stream().allMatch(x -> x.startsWith("embedding: "))
                            ? "interpreter defect: " + describe(o) : "FAIL: " + describe(o);
                    b.append(String.format(fmt, o.cell().real().name(), stage, r.interpreter().label(),
                            cycles(r.build().compiled() ? r.embed() : null),
                            o.baseline() == null ? "-" : cycles(o.baseline()), blocks(r), refs(r), valgrind(r),
                            verdict));
                }
            }
        }
        b.append(String.format("%d combinations, %.1f s%n", outcomes.size(), seconds));
        return b.toString();
    }

    /** What a row shows, in words. */
    private static String describe(Outcome o) {
        ProofReport r = o.report();
        if (!r.build().compiled()) {
            return "does not build";
        }
        List<String> what = new ArrayList<>();
        if (!r.embed().ok()) {
            what.add("fails in cycle " + (r.embed().cyclesOk() + 1)
                    + (o.baseline() != null && !o.baseline().ok() ? ", and so does the baseline" : ""));
        } else if (r.leak() != null && !r.leak().noLeak()) {
            what.add("leaves more than the baseline");
        }
        if (r.valgrind() != null && r.valgrind().moduleHeldBlocks() > 0) {
            what.add("module-held blocks");
        }
        if (r.valgrind() != null && r.valgrind().invalidReads() > 0) {
            what.add("invalid reads");
        }
        return what.isEmpty() ? "passes" : String.join("; ", what);
    }

    private static String cycles(EmbedResult e) {
        if (e == null) {
            return "NO BUILD";
        }
        int exit = e.process().exitCode();
        return e.cyclesOk() + "/" + e.requested() + (e.process().timedOut() ? " timeout" : exit > 128 ? " sig"
                + (exit - 128) : "");
    }

    private static String blocks(ProofReport r) {
        LeakComparison l = r.leak();
        return l == null || !l.blocksMeasured() ? "-" : last(l.module().blocks()) + " vs " + last(l.baseline().blocks());
    }

    private static String refs(ProofReport r) {
        LeakComparison l = r.leak();
        return l == null || !l.refTotalMeasured() ? "-"
                : last(l.module().refTotals()) + " vs " + last(l.baseline().refTotals());
    }

    private static String valgrind(ProofReport r) {
        ValgrindProof vg = r.valgrind();
        return vg == null ? "-" : vg.moduleHeldBlocks() + " / " + vg.invalidReads() + (vg.embedOk() ? "" : " !");
    }

    private static long last(List<Long> values) {
        return values.get(values.size() - 1);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
