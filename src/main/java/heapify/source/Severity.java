package heapify.source;

/** How serious a {@link Diagnostic} is; the names print as gcc prints them. */
public enum Severity {
    NOTE, WARNING, ERROR;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
