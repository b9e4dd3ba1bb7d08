package heapify.analysis;

import heapify.source.Severity;
import java.nio.file.Path;
import java.util.List;

/**
 * What scan found in one file. {@code read} is false when the file could not be read at all
 * (then every list but {@code diagnostics} is empty). {@code blockers} holds file-level reasons
 * against automatic migration plus those of every type, in position order.
 */
public record ScanFileReport(Path file, boolean read, List<ScanType> types, List<String> forwardTypes,
                             List<ScanSubTable> subTables, List<ScanGlobal> globals, List<ScanInit> inits,
                             List<ScanSpecType> specTypes, List<ScanBlocker> blockers,
                             List<ScanDiagnostic> diagnostics) {
    public ScanFileReport {
        types = List.copyOf(types);
        forwardTypes = List.copyOf(forwardTypes);
        subTables = List.copyOf(subTables);
        globals = List.copyOf(globals);
        inits = List.copyOf(inits);
        specTypes = List.copyOf(specTypes);
        blockers = List.copyOf(blockers);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    /**
     * True when the file could not be read as C text: missing, not a regular file, an I/O failure,
     * NUL bytes or over the size limit. {@code migrate} counts the same files as I/O errors (exit 2).
     */
    public boolean ioFailure() {
        return !read && diagnostics.stream().anyMatch(d -> d.ruleId().equals("unreadable-file")
                || d.ruleId().equals("binary-file") || d.ruleId().equals("file-too-large"));
    }
}
