package heapify.analysis;

import heapify.source.Severity;

/**
 * A diagnostic resolved for printing: severity, rule id, position (0:0 when about the whole
 * file), message, and the one-line gcc form {@code file:line:col: severity: message [rule-id]}.
 */
public record ScanDiagnostic(Severity severity, String ruleId, ScanPosition position, String message,
                             String formatted) {
}
