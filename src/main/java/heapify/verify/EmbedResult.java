package heapify.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of {@code embed_host}: one record per {@code Py_Initialize}/snippet/{@code
 * Py_FinalizeEx} cycle.
 *
 * @param requested the number of cycles asked for
 * @param cycles    what each cycle reported, in order
 * @param hostOk    true if the host exited 0 (every snippet ran without a Python error and every
 *                  finalization succeeded)
 * @param process   the host run, with its output files
 */
public record EmbedResult(int requested, List<Cycle> cycles, boolean hostOk, ProcessResult process) {
    /**
     * One cycle.
     *
     * @param index    1-based
     * @param snippetRc {@code PyRun_SimpleString}'s result (0 = no exception)
     * @param finalizeRc {@code Py_FinalizeEx}'s result
     * @param blocks   {@code _Py_GetAllocatedBlocks()} after finalization, -1 if not measured
     * @param refTotal the debug build's total reference count after finalization, -1 if not measured
     */
    public record Cycle(int index, int snippetRc, int finalizeRc, long blocks, long refTotal) {
        /** True if the snippet raised nothing and finalization succeeded. */
        public boolean ok() {
            return snippetRc == 0 && finalizeRc == 0;
        }
    }

    /** True if all requested cycles ran and succeeded. */
    public boolean ok() {
        return hostOk && cycles.size() == requested && cycles.stream().allMatch(Cycle::ok);
    }

    /** The number of cycles that succeeded. */
    public int cyclesOk() {
        return (int) cycles.stream().filter(Cycle::ok).count();
    }

    /** Allocated blocks after each cycle (empty if not measured). */
    public List<Long> blocks() {
        return cycles.stream().map(Cycle::blocks).filter(b -> b >= 0).toList();
    }

    /** Total reference count after each cycle (empty if not measured: release build). */
    public List<Long> refTotals() {
        return cycles.stream().map(Cycle::refTotal).filter(b -> b >= 0).toList();
    }

    /** Parses the host's report: {@code cycle <i> rc <n> fin <n> blocks <n> reftotal <n>} lines. */
    public static List<Cycle> parseReport(String report) {
        List<Cycle> cycles = new ArrayList<>();
        for (String line : report.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 10 && f[0].equals("cycle") && f[2].equals("rc") && f[4].equals("fin")
                    && f[6].equals("blocks") && f[8].equals("reftotal")) {
                cycles.add(new Cycle(Integer.parseInt(f[1]), Integer.parseInt(f[3]), Integer.parseInt(f[5]),
                        Long.parseLong(f[7]), Long.parseLong(f[9])));
            }
        }
        return cycles;
    }
}
