package heapify.analysis;

import java.util.List;

/** The result of scanning a set of files: one report per file in sorted path order, and totals. */
public record ScanReport(List<ScanFileReport> files, ScanSummary summary) {
    public ScanReport {
        files = List.copyOf(files);
    }

    public static ScanReport of(List<ScanFileReport> files) {
        return new ScanReport(files, ScanSummary.of(files));
    }

    public boolean hasErrors() {
        return files.stream().anyMatch(ScanFileReport::hasErrors);
    }

    public boolean hasIoFailures() {
        return files.stream().anyMatch(ScanFileReport::ioFailure);
    }
}
