package heapify.transform;

import heapify.analysis.ModuleAnalysis;
import java.nio.file.Path;
import java.util.List;

/** Runs the transformers of one file in order and returns their plan. */
public final class Migration {
    private Migration() {
    }

    /** The transformers, in the order their decisions depend on each other. */
    static List<Transformer> transformers() {
        return List.of(new FoldInitFieldAssignments(), new ConvertTypeToSpec(), new ReachModuleState(),
                new FixDeallocAndTraverse(), new UseMultiPhaseInit(), new AddModuleState(),
                new RewriteTypeReferences());
    }

    public static MigrationPlan plan(ModuleAnalysis analysis, Options options, Path displayPath) {
        MigrationContext ctx = new MigrationContext(analysis, options, displayPath);
        if (analysis.init().isEmpty()) {
            if (!analysis.types().isEmpty()) {
                ctx.diagnose(heapify.source.Severity.ERROR, "no-init-function",
                        analysis.types().get(0).definition().start(), "static types but no PyInit_ function: "
                                + "heapify migrates a module from the file that initializes it; file left unchanged");
            }
            return ctx.plan();
        }
        boolean single = !analysis.init().get().multiPhase();
        MigrationContext probe = ctx;
        boolean nothingMoves = analysis.movedGlobals().stream().allMatch(g -> ReachModuleState.staysConstant(probe, g));
        if (!single && analysis.types().isEmpty() && nothingMoves) {
            return ctx.plan(); // nothing static left: a second run changes nothing
        }
        var def = analysis.def();
        if (def.isPresent() && def.get().value("m_size").replaceAll("\\s+", "")
                .equals("sizeof(" + ctx.stateType() + ")")
                && analysis.model().source().text().contains("TODO(heapify): Py_mod_gil")) {
            return ctx.plan(); // heapify's own output: what stayed static was reported by the first run
        }
        if (def.isPresent() && (!def.get().value("m_size").matches("-1|0|")
                || !def.get().value("m_traverse").matches("NULL|0|") || !def.get().value("m_clear").matches("NULL|0|"))) {
            ctx.diagnose(heapify.source.Severity.ERROR, "module-state-exists", def.get().definition().start(),
                    "module '" + def.get().cName() + "' already has a state or state hooks (m_size '"
                            + def.get().value("m_size") + "'); heapify does not merge states, file left unchanged");
            return ctx.plan();
        }
        int capsule = firstCall(analysis, "PyCapsule_New");
        if (capsule >= 0) {
            // lesson 15: consumers of a capsule keep process-wide pointers to its types and objects
            ctx.diagnose(heapify.source.Severity.WARNING, "capsule-exports-type", capsule,
                    "the module exports a C API capsule whose consumers keep process-wide pointers; "
                            + "not isolatable without an API change, file left unchanged");
            return ctx.plan();
        }
        // Code that cannot reach the state (deallocs, C callbacks, file-level initializers) keeps
        // the types and globals it names static, so the rest migrates and still compiles; each
        // pass may uncover more such names, so plan again until none is new.
        java.util.Map<String, String> keep = new java.util.LinkedHashMap<>();
        for (int pass = 0; pass < 64; pass++) {
            ctx = new MigrationContext(analysis, options, displayPath);
            ctx.keepStatic.putAll(keep);
            for (Transformer t : transformers()) {
                t.apply(ctx);
            }
            boolean grew = false;
            for (var e : ctx.unreachableRefs.entrySet()) {
                if (!keep.containsKey(e.getKey())) {
                    keep.put(e.getKey(), e.getValue());
                    grew = true;
                }
            }
            if (!grew) {
                break;
            }
        }
        if (options.below(10) && analysis.model().source().text().contains("_Py_IDENTIFIER")) {
            int at = analysis.model().source().text().indexOf("_Py_IDENTIFIER");
            ctx.diagnose(heapify.source.Severity.NOTE, "identifier-cache-3.9", at,
                    "_Py_IDENTIFIER caches its string in a process-wide static on 3.9 (per interpreter from 3.10)");
        }
        return ctx.plan();
    }

    /** Offset of the first code token naming {@code function} (comments and strings do not count), or -1. */
    private static int firstCall(ModuleAnalysis analysis, String function) {
        for (heapify.lex.Token t : analysis.model().parsed().tokens().all()) {
            if (t.isCode() && t.isIdentifier(function)) {
                return t.start();
            }
        }
        return -1;
    }
}
