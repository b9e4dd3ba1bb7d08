package heapify.verify;

import java.util.List;

/**
 * Embedding cycles with the module against a baseline of the same host importing only the
 * snippet's dependencies. What is still allocated after {@code Py_FinalizeEx} must be the same
 * in both after every cycle: memory blocks ({@code _Py_GetAllocatedBlocks}, 3.9-3.11) and, in a
 * debug build, the total reference count.
 *
 * @param module   cycles importing and exercising the module
 * @param baseline cycles importing only the dependencies
 */
public record LeakComparison(EmbedResult module, EmbedResult baseline) {
    /** True if blocks were measured in both runs. */
    public boolean blocksMeasured() {
        return !module.blocks().isEmpty() && !baseline.blocks().isEmpty();
    }

    /** True if reference totals were measured in both runs (debug build). */
    public boolean refTotalMeasured() {
        return !module.refTotals().isEmpty() && !baseline.refTotals().isEmpty();
    }

    /** Blocks after the last module cycle minus blocks after the last baseline cycle. */
    public long blocksOverBaseline() {
        return last(module.blocks()) - last(baseline.blocks());
    }

    /** Reference total after the last module cycle minus the baseline's. */
    public long refTotalOverBaseline() {
        return last(module.refTotals()) - last(baseline.refTotals());
    }

    /** True if both runs succeeded and every measured series equals the baseline's, cycle by cycle. */
    public boolean noLeak() {
        return module.ok() && baseline.ok() && blocksMeasured()
                && module.blocks().equals(baseline.blocks())
                && (!refTotalMeasured() || module.refTotals().equals(baseline.refTotals()));
    }

    private static long last(List<Long> values) {
        return values.isEmpty() ? 0 : values.get(values.size() - 1);
    }
}
