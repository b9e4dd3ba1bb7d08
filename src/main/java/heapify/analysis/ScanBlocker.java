package heapify.analysis;

import java.util.Objects;

/**
 * A reason a file or type cannot be migrated automatically: a stable kebab-case rule id, the C
 * name it is about ("" for the file as a whole), where, and a message in diagnostic style.
 */
public record ScanBlocker(String ruleId, String subject, ScanPosition position, String message) {
    public ScanBlocker {
        Objects.requireNonNull(ruleId);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(position);
        Objects.requireNonNull(message);
    }
}
