package heapify.cli;

import java.io.PrintWriter;

/**
 * A batch's progress on stderr: one line, {@code heapify: 37/121 files}, rewritten in place with
 * {@code \r} and blanked out before anything else is printed and at the end. A silent instance
 * prints nothing at all.
 */
final class Progress {
    private final PrintWriter err;
    private final boolean on;
    /** Characters of the line now on screen; 0 when none is. */
    private int shown;

    Progress(PrintWriter err, boolean on) {
        this.err = err;
        this.on = on;
    }

    /** The text of the line. */
    static String line(int done, int total) {
        return "heapify: " + done + "/" + total + " files";
    }

    /** Shows {@code done} of {@code total}, over the line shown before. */
    void show(int done, int total) {
        if (!on) {
            return;
        }
        String text = line(done, total);
        err.print("\r" + text + " ".repeat(Math.max(0, shown - text.length())));
        err.flush();
        shown = Math.max(shown, text.length());
    }

    /** Blanks the line out and returns to its start, so what is printed next stands alone. */
    void clear() {
        if (!on || shown == 0) {
            return;
        }
        err.print("\r" + " ".repeat(shown) + "\r");
        err.flush();
        shown = 0;
    }
}
