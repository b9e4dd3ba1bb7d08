package heapify.analysis;

/** A {@code PyInit_<module>} function and whether it uses single- or multi-phase init (PEP 489). */
public record ScanInit(String module, boolean multiPhase, ScanPosition position) {
    public String style() {
        return multiPhase ? "multi-phase" : "single-phase";
    }
}
