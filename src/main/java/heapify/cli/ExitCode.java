package heapify.cli;

/** The process exit codes of every heapify command (listed in {@code --help}). */
public enum ExitCode {
    /** Success: nothing to report beyond the output. */
    OK(0, "ok"),
    /** Findings: a change under {@code --check}, an error, or a module migrate left incomplete (a warning). */
    FINDINGS(1, "findings: changes under --check, errors, or a module not completely migrated"),
    /** Usage error (bad flags) or I/O error (missing path, unreadable file). */
    USAGE_OR_IO(2, "usage or I/O error");

    private final int code;
    private final String description;

    ExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }
}
