package heapify.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argument Clinic's blocks in a C file or a generated {@code clinic/*.c.h}, read the way
 * {@code Tools/clinic/clinic.py} reads them: a {@code /*[clinic input]} line, the input lines, the
 * {@code [clinic start generated code]*&#47;} line, the output lines, and the
 * {@code /*[clinic end generated code: output=X input=Y]*&#47;} line, whose two values are the
 * first hex digits of the SHA-1 of the output and of the input. heapify has clinic regenerate a
 * module's output only where every block is intact (as clinic wrote it): then clinic changes
 * nothing but what heapify's edits to clinic input ask for.
 */
public final class ClinicBlocks {
    private static final Pattern START = Pattern.compile("(?m)^[ \\t]*/\\*\\[clinic input\\][ \\t]*\\r?$\\n?");
    private static final Pattern STOP = Pattern.compile("(?m)^\\[clinic start generated code\\]\\*/[ \\t]*\\r?$\\n?");
    private static final Pattern CHECKSUM = Pattern.compile(
            "(?m)^[ \\t]*/\\*\\[clinic end generated code: output=([0-9a-f]+) input=([0-9a-f]+)\\]\\*/");

    private ClinicBlocks() {
    }

    /**
     * One block: {@code input} and {@code output} as clinic hashes them (whole lines with their
     * line breaks); {@code checksums} spans the two hex values of its last line.
     */
    public record Block(String input, String output, String outputSum, String inputSum, Span checksums) {
        /** True when both stored values are what clinic computes: the block is as clinic wrote it. */
        public boolean intact() {
            return outputSum.equals(sha1(output, outputSum.length())) && inputSum.equals(sha1(input, 16));
        }
    }

    /** The blocks of {@code text} in order; a block without its stop or checksum line ends the scan. */
    public static List<Block> of(String text) {
        List<Block> out = new ArrayList<>();
        Matcher start = START.matcher(text);
        int from = 0;
        while (findStart(start, text, from)) {
            int open = start.start();
            Matcher stop = STOP.matcher(text);
            if (!stop.find(start.end())) {
                break;
            }
            Matcher sum = CHECKSUM.matcher(text);
            if (!sum.find(stop.end())) {
                break;
            }
            int nextStart = findStart(start, text, stop.end()) ? start.start() : Integer.MAX_VALUE;
            if (nextStart < sum.start()) {
                break; // clinic would rewrite a block without its checksum line: not ours to touch
            }
            String input = text.substring(lineEnd(text, open), stop.start());
            String output = text.substring(lineEnd(text, stop.start()), sum.start());
            out.add(new Block(input, output, sum.group(1), sum.group(2), new Span(sum.start(1), sum.end(2))));
            from = sum.end();
        }
        return out;
    }

    /**
     * {@code start.find(from)}, begun at the line start of the next {@code /*[clinic input]} at or
     * after {@code from}: a match is that text after blanks at a line start, so none begins before,
     * and a file without clinic input is searched by indexOf, not tried at every char.
     */
    private static boolean findStart(Matcher start, String text, int from) {
        int at = text.indexOf("/*[clinic input]", from);
        if (at < 0) {
            return false;
        }
        int line = at;
        while (line > from && (text.charAt(line - 1) == ' ' || text.charAt(line - 1) == '\t')) {
            line--;
        }
        return start.find(line);
    }

    /** clinic's compute_checksum: the first {@code length} hex digits of SHA-1 of the UTF-8 text. */
    public static String sha1(String text, int length) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    private static int lineEnd(String text, int offset) {
        int nl = text.indexOf('\n', offset);
        return nl < 0 ? text.length() : nl + 1;
    }
}
