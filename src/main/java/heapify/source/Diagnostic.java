package heapify.source;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A finding about a file, printed in gcc's shape: {@code file:line:col: warning: message [rule-id]}.
 * The span is null-free: a finding about the whole file uses the empty span at offset 0 and
 * {@code hasPosition == false}.
 */
public record Diagnostic(Severity severity, String ruleId, Path file, Span span, boolean hasPosition, String message) {
    public Diagnostic {
        Objects.requireNonNull(severity);
        Objects.requireNonNull(ruleId);
        Objects.requireNonNull(file);
        Objects.requireNonNull(span);
        Objects.requireNonNull(message);
    }

    public static Diagnostic at(Severity severity, String ruleId, Path file, Span span, String message) {
        return new Diagnostic(severity, ruleId, file, span, true, message);
    }

    /** A finding about a file as a whole, such as one that could not be read. */
    public static Diagnostic ofFile(Severity severity, String ruleId, Path file, String message) {
        return new Diagnostic(severity, ruleId, file, Span.at(0), false, message);
    }

    /**
     * One line: {@code file:line:col: severity: message [rule-id]} (no position: {@code file: ...}).
     * Control characters of the file name or the message (which quotes the source) are escaped
     * ({@link SafeText}), so a line break in a name cannot split the line nor bytes of the file
     * reach the terminal.
     */
    public String format(LineMap lines) {
        StringBuilder b = new StringBuilder().append(SafeText.of(file.toString()));
        if (hasPosition && lines != null) {
            b.append(':').append(lines.line(span.start())).append(':').append(lines.column(span.start()));
        }
        return b.append(": ").append(severity.label()).append(": ").append(SafeText.of(message))
                .append(" [").append(ruleId).append(']').toString();
    }
}
