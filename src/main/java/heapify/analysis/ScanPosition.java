package heapify.analysis;

/** A 1-based line and column (UTF-16 units) in a scanned file; 0:0 when a finding has no position. */
public record ScanPosition(int line, int column) {
    public static final ScanPosition NONE = new ScanPosition(0, 0);

    public ScanPosition {
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException(line + ":" + column);
        }
    }

    public boolean isKnown() {
        return line > 0;
    }
}
