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
            return ctx.plan();
        }
        boolean single = !analysis.init().get().multiPhase();
        if (!single && analysis.types().isEmpty() && analysis.movedGlobals().isEmpty()) {
            return ctx.plan(); // nothing static left: a second run changes nothing
        }
        for (Transformer t : transformers()) {
            t.apply(ctx);
        }
        return ctx.plan();
    }
}
