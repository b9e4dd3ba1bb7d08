package heapify.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one {@link Prover#prove} run found for one module and one interpreter. A field is
 * null when its check was not requested, does not apply to the interpreter (own-GIL
 * subinterpreters before 3.12, allocated-block counts after 3.11, valgrind not installed), or
 * could not run because the module did not build.
 *
 * @param module      what was proved
 * @param interpreter with which interpreter
 * @param build       compilation (always present)
 * @param testScript  the unittest script
 * @param staticTypes static type objects in the {@code .so}
 * @param legacy      legacy subinterpreter probe
 * @param isolated    own-GIL subinterpreter probe
 * @param embed       embedding cycles with the module
 * @param leak        embedding cycles against the baseline
 * @param valgrind    memcheck over one and over two embedding cycles
 */
public record ProofReport(ModuleUnderTest module, Interpreter interpreter, ModuleBuild build,
                          TestScriptResult testScript, StaticTypes staticTypes, SubinterpreterResult legacy,
                          SubinterpreterResult isolated, EmbedResult embed, LeakComparison leak,
                          ValgrindProof valgrind) {
    /** One line per check that ran, for logs and failure messages. */
    public List<String> summaryLines() {
        List<String> l = new ArrayList<>();
        l.add("build: " + (build.compiled() ? "compiled" : "FAILED") + ", warnings " + build.warnings());
        if (testScript != null) {
            l.add("test script: " + (testScript.passed() ? "passed" : "FAILED") + " (ran " + testScript.testsRun()
                    + ", skipped " + testScript.skipped() + ")");
        }
        if (staticTypes != null) {
            l.add("static_types_in_so: " + staticTypes.count() + " " + staticTypes.symbols() + " (sizeof "
                    + staticTypes.typeObjectSize() + ")");
        }
        if (legacy != null) {
            l.add(subinterp(legacy));
        }
        if (isolated != null) {
            l.add(subinterp(isolated));
        }
        if (embed != null) {
            l.add("embed cycles: " + embed.cyclesOk() + "/" + embed.requested() + " ok");
        }
        if (leak != null) {
            l.add("leak vs baseline: blocks " + leak.module().blocks().stream().reduce((a, b) -> b).orElse(-1L)
                    + " vs " + leak.baseline().blocks().stream().reduce((a, b) -> b).orElse(-1L)
                    + (leak.refTotalMeasured() ? ", reftotal " + leak.module().refTotals().get(
                    leak.module().refTotals().size() - 1) + " vs " + leak.baseline().refTotals().get(
                    leak.baseline().refTotals().size() - 1) : "")
                    + (leak.noLeak() ? " (equal every cycle)" : " (DIFFERENT)"));
        }
        if (valgrind != null) {
            l.add(valgrind.summary());
        }
        return l;
    }

    /** The summary as one block of text, headed by module and interpreter. */
    public String summary() {
        return module.id() + " on " + interpreter.label() + ":\n  " + String.join("\n  ", summaryLines());
    }

    private static String subinterp(SubinterpreterResult s) {
        return s.mode() + " subinterpreter: main " + (s.mainImported() ? "imported" : "NOT imported") + ", sub "
                + (s.subImported() ? "imported, types shared " + s.sharedTypes().size() + "/" + s.mainTypes().size()
                : "NOT imported (" + s.subImportError() + ")")
                + (s.testsRun() >= 0 ? ", tests in sub " + (s.testsPassed() ? "passed" : "FAILED") + " (ran "
                + s.testsRun() + ")" : "") + (s.hostOk() ? "" : ", host exit " + s.process().exitCode());
    }
}
