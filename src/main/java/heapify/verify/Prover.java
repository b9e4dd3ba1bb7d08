package heapify.verify;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Proves facts about a single-file extension module on a real interpreter: builds it, then runs
 * the requested {@link Check}s and returns a {@link ProofReport}.
 *
 * <p>All files go under {@code workRoot/<module id>/<interpreter label>/}. Builds are cached per
 * module id and interpreter for the life of this object; helper hosts are built once per
 * interpreter. Safe for use from several threads.
 */
public final class Prover {
    private final Path workRoot;
    private final ModuleCompiler compiler;
    private final HostTools tools;
    private final TestScriptRunner scripts;
    private final StaticTypeScanner scanner;
    private final SubinterpreterProbe subinterpreters;
    private final EmbedCycles embed;
    private final ValgrindCheck valgrind;
    private final int embedCycles;
    private final Map<String, ModuleBuild> builds = new HashMap<>();

    /** A prover writing under {@code workRoot} and running {@link EmbedCycles#DEFAULT_CYCLES} embedding cycles. */
    public Prover(Path workRoot) {
        this(workRoot, EmbedCycles.DEFAULT_CYCLES);
    }

    /** A prover writing under {@code workRoot} and running {@code embedCycles} embedding cycles. */
    public Prover(Path workRoot, int embedCycles) {
        ProcessRunner runner = new ProcessRunner();
        this.workRoot = workRoot.toAbsolutePath().normalize();
        this.tools = new HostTools(runner, this.workRoot.resolve("tools"));
        this.compiler = new ModuleCompiler(runner);
        this.scripts = new TestScriptRunner(runner, tools);
        this.scanner = new StaticTypeScanner(runner, tools);
        this.subinterpreters = new SubinterpreterProbe(runner, tools);
        this.embed = new EmbedCycles(runner, tools);
        this.valgrind = new ValgrindCheck(runner, embed);
        this.embedCycles = embedCycles;
    }

    /** The interpreters installed on this machine (see {@link Interpreters}). */
    public java.util.List<Interpreter> interpreters() {
        return new Interpreters(new ProcessRunner(), workRoot).discover();
    }

    /** The build of {@code m} for {@code py}, compiled on first request. */
    public ModuleBuild build(ModuleUnderTest m, Interpreter py) {
        String key = m.id() + "@" + py.label();
        synchronized (builds) {
            ModuleBuild b = builds.get(key);
            if (b != null) {
                return b;
            }
        }
        ModuleBuild b = compiler.build(m.source(), m.moduleName(), py, workDir(m, py).resolve("build"),
                m.buildArgs());
        synchronized (builds) {
            return builds.computeIfAbsent(key, k -> b);
        }
    }

    /** Builds {@code m} for {@code py} and runs {@code checks} (those that apply to {@code py}). */
    public ProofReport prove(ModuleUnderTest m, Interpreter py, Set<Check> checks) {
        Path dir = workDir(m, py);
        ModuleBuild b = build(m, py);
        if (!b.compiled()) {
            return new ProofReport(m, py, b, null, null, null, null, null, null, null);
        }
        TestScriptResult test = checks.contains(Check.TEST_SCRIPT) ? scripts.run(m.testScript(), m.moduleName(), b, py, dir) : null;
        StaticTypes st = checks.contains(Check.STATIC_TYPES) ? scanner.scan(b, py) : null;
        SubinterpreterResult legacy = checks.contains(Check.LEGACY_SUBINTERPRETER)
                ? subinterpreters.probe(SubinterpreterProbe.Mode.LEGACY, m.moduleName(), b, m.testScript(), py, dir)
                : null;
        SubinterpreterResult isolated = checks.contains(Check.ISOLATED_SUBINTERPRETER)
                ? subinterpreters.probe(SubinterpreterProbe.Mode.ISOLATED, m.moduleName(), b, m.testScript(), py,
                dir) : null;
        LeakComparison leak = null;
        EmbedResult cycles = null;
        if (checks.contains(Check.LEAK_BASELINE) && Check.leakBaselineApplies(py)) {
            leak = embed.compare(m, b, py, embedCycles, dir);
            cycles = leak.module();
        } else if (checks.contains(Check.EMBED_CYCLES)) {
            cycles = embed.run(m, b, py, embedCycles, dir);
        }
        ValgrindProof vg = checks.contains(Check.VALGRIND) && ValgrindCheck.available()
                ? new ValgrindProof(valgrind.run(m, b, py, 1, dir.resolve("valgrind-1")),
                valgrind.run(m, b, py, 2, dir.resolve("valgrind-2"))) : null;
        return new ProofReport(m, py, b, test, st, legacy, isolated, cycles, leak, vg);
    }

    /** Where the files of {@code m} on {@code py} go. */
    public Path workDir(ModuleUnderTest m, Interpreter py) {
        return workRoot.resolve(m.dirName()).resolve(py.label());
    }
}
