package heapify.verify;

import java.util.List;
import java.util.Map;

/**
 * The two memcheck runs of the valgrind check: one embedding cycle for what the module leaves
 * allocated at exit, and two cycles for use of memory the first finalization freed.
 *
 * @param oneCycle  the leak run (1 cycle)
 * @param twoCycles the invalid-access run (2 cycles)
 */
public record ValgrindProof(ValgrindResult oneCycle, ValgrindResult twoCycles) {
    /** True if both embedding runs succeeded under valgrind. */
    public boolean embedOk() {
        return oneCycle.embedOk() && twoCycles.embedOk();
    }

    /** Blocks still held at exit after one cycle that were allocated through the module. */
    public long moduleHeldBlocks() {
        return oneCycle.moduleHeldBlocks();
    }

    /** Their allocation stacks, abbreviated. */
    public List<String> moduleLeakStacks() {
        return oneCycle.moduleLeakStacks();
    }

    /** Invalid reads over two cycles. */
    public int invalidReads() {
        return twoCycles.invalidReads();
    }

    /** Invalid writes and frees over two cycles. */
    public int invalidWritesAndFrees() {
        return twoCycles.invalidWritesAndFrees();
    }

    /** Non-leak error kinds over two cycles. */
    public Map<String, Integer> errorKinds() {
        return twoCycles.errorKinds();
    }

    /** One line for reports. */
    public String summary() {
        return "valgrind: 1 cycle: module-held blocks " + oneCycle.moduleHeldBlocks() + " ("
                + oneCycle.moduleHeldBytes() + " bytes; excluded: interned strings " + oneCycle.internedBlocks()
                + ", allocated by modules it imported " + oneCycle.importedBlocks()
                + "); 2 cycles: invalid reads " + twoCycles.invalidReads() + ", module-held blocks "
                + twoCycles.moduleHeldBlocks() + ", errors " + twoCycles.errorKinds()
                + (embedOk() ? "" : ", EMBED FAILED");
    }
}
