package heapify.apply;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.ChangeDelta;
import com.github.difflib.patch.Chunk;
import com.github.difflib.patch.DeleteDelta;
import com.github.difflib.patch.InsertDelta;
import com.github.difflib.patch.Patch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff between two texts with {@code a/} and {@code b/} paths, which GNU {@code patch}
 * and {@code git apply} apply to the file byte for byte:
 * <ul>
 * <li>lines are compared with their line breaks, and keep their own '\r', so a CRLF file diffs as
 *     CRLF lines; the diff's own line breaks are '\n';</li>
 * <li>a last line without a line break is followed by {@code \ No newline at end of file}, as
 *     diff(1) writes it, so "}" and "}\n" differ in the diff as they do in the file;</li>
 * <li>a path with a control character, a quote, a backslash or a non-ASCII character is quoted
 *     as git quotes it: {@code "a/x\ny.c"}, C escapes and octal bytes of its UTF-8 form. A path
 *     with a space gets a tab after it, as git writes it, so that patch reads the whole name.</li>
 * </ul>
 * The diff is text; the caller writes it in the file's own charset (see {@code BytesPrintWriter}).
 */
public final class UnifiedDiff {
    static final String NO_NEWLINE = "\\ No newline at end of file";
    /** Unchanged lines compared on each side of the lines edits touch (see {@link #byRegions}). */
    static final int SLACK = 8;
    /**
     * Up to this estimate of Myers' cost on the whole file (lines of both texts times changed
     * lines), the whole file is diffed: the window diff can place a change differently where many
     * lines are alike ("{", "    }"; a golden showed it); every golden is below it, and so is
     * every file migrate changes in CPython's Modules/ (its diff is the same either way). A file over it (a generated one with 1000 types: 33 k lines, nearly all changed) is
     * diffed window by window, in time linear in its size.
     */
    static final long WHOLE_FILE_STEPS = 50_000_000L;
    /** Lines (both sides) up to which close runs of changed lines are compared together. */
    static final int CAP = 200;

    private UnifiedDiff() {
    }

    /** The diff text, "" when the texts are equal. */
    public static String of(String path, String before, String after) {
        if (before.equals(after)) {
            return "";
        }
        List<String> a = lines(before);
        List<String> b = lines(after);
        return format(path, a, DiffUtils.diff(a, b));
    }

    /**
     * The same diff, when {@code after} is {@code before} with {@code edits} applied (in the order
     * {@link EditSet#sorted} gives, non-overlapping; the last line break may since have been
     * dropped, see {@code FileMigrator.keepMissingFinalNewline}). Where Myers over the whole file
     * would be costly ({@link #WHOLE_FILE_STEPS}), only the lines the edits touch are compared
     * (Myers on each run of touched lines), so a file with thousands of edits costs what its
     * changed lines cost. Falls back to the whole-file diff when the lines between the runs do
     * not pair up.
     */
    public static String of(String path, String before, String after, List<Edit> edits) {
        return of(path, before, after, edits, WHOLE_FILE_STEPS);
    }

    /** With the cost up to which the whole file is diffed (0: window by window, for tests). */
    static String of(String path, String before, String after, List<Edit> edits, long wholeFileSteps) {
        if (before.equals(after)) {
            return "";
        }
        List<String> a = lines(before);
        List<String> b = lines(after);
        Patch<String> patch = edits.isEmpty() || a.isEmpty() || b.isEmpty() ? null
                : byRegions(a, b, edits, wholeFileSteps);
        return format(path, a, patch != null ? patch : DiffUtils.diff(a, b));
    }

    /** The deltas of the runs of lines the edits touch, or null when the lines outside them differ. */
    private static Patch<String> byRegions(List<String> a, List<String> b, List<Edit> edits, long wholeFileSteps) {
        int[] as = starts(a);
        int[] bs = starts(b);
        List<int[]> cores = new ArrayList<>(); // {a from, a to, b from, b to}: line indexes, "to" exclusive
        int shift = 0;
        for (Edit e : edits) {
            int s = e.span().start();
            int end = e.span().end();
            int ns = s + shift;
            int ne = ns + e.text().length();
            shift += e.text().length() - (end - s);
            int[] r = {lineOf(as, s), Math.min(a.size(), lineOf(as, end) + 1),
                lineOf(bs, ns), Math.min(b.size(), lineOf(bs, ne) + 1)};
            int[] last = cores.isEmpty() ? null : cores.get(cores.size() - 1);
            // edits on the same line are compared together; the next line starts a run of its own,
            // so that a block of edited lines (an init function's thousands of statements) is not
            // one run whose Myers cost grows with its square
            if (last != null && (r[0] < last[1] || r[2] < last[3])) {
                last[1] = Math.max(last[1], r[1]);
                last[3] = Math.max(last[3], r[3]);
            } else {
                cores.add(r);
            }
        }
        int[] end = cores.get(cores.size() - 1);
        if (a.size() - end[1] != b.size() - end[3] || !a.get(a.size() - 1).equals(b.get(b.size() - 1))) {
            // the last line break was dropped after the edits: the end of the file is changed too
            end[1] = a.size();
            end[3] = b.size();
        }
        long changed = 0;
        for (int[] c : cores) {
            changed += (c[1] - c[0]) + (c[3] - c[2]);
        }
        if ((long) (a.size() + b.size()) * changed <= wholeFileSteps) {
            return DiffUtils.diff(a, b); // Myers on the whole file costs little here: exactly its hunks
        }
        // Each run of touched lines is compared with up to SLACK unchanged lines on each side, so
        // that Myers places a change among equal lines (a blank line before or after an inserted
        // block) as it does on the whole file; runs closer than that are compared together, up to
        // CAP lines, where the window is cut in the middle of the unchanged lines between two runs.
        List<int[]> regions = new ArrayList<>();
        int[] w = null;
        for (int[] c : cores) {
            if (w == null) {
                int lead = Math.min(SLACK, Math.min(c[0], c[2]));
                w = new int[] {c[0] - lead, c[1], c[2] - lead, c[3]};
                continue;
            }
            int gap = c[0] - w[1];
            boolean far = gap > 2 * SLACK;
            if (far || (w[1] - w[0]) + (w[3] - w[2]) > CAP) {
                int tail = far ? SLACK : gap / 2;
                w[1] += tail;
                w[3] += tail;
                regions.add(w);
                int lead = far ? SLACK : gap - gap / 2;
                w = new int[] {c[0] - lead, c[1], c[2] - lead, c[3]};
            } else {
                w[1] = c[1];
                w[3] = c[3];
            }
        }
        int tail = Math.min(SLACK, Math.min(a.size() - w[1], b.size() - w[3]));
        w[1] += tail;
        w[3] += tail;
        regions.add(w);
        java.util.Map<String, Integer> lineIds = new java.util.HashMap<>();
        int[] ia = ids(a, lineIds);
        int[] ib = ids(b, lineIds);
        Patch<String> patch = new Patch<>();
        int na = 0;
        int nb = 0;
        for (int[] r : regions) {
            if (r[0] - na != r[2] - nb || r[0] > r[1] || r[2] > r[3]) {
                return null;
            }
            for (; na < r[0]; na++, nb++) {
                if (!a.get(na).equals(b.get(nb))) {
                    return null;
                }
            }
            for (AbstractDelta<String> d : myers(a.subList(r[0], r[1]), b.subList(r[2], r[3]), ia, r[0], ib, r[2])) {
                Chunk<String> src = new Chunk<>(d.getSource().getPosition() + r[0], d.getSource().getLines());
                Chunk<String> dst = new Chunk<>(d.getTarget().getPosition() + r[2], d.getTarget().getLines());
                patch.addDelta(switch (d.getType()) {
                    case DELETE -> new DeleteDelta<>(src, dst);
                    case INSERT -> new InsertDelta<>(src, dst);
                    default -> new ChangeDelta<>(src, dst);
                });
            }
            na = r[1];
            nb = r[3];
        }
        if (a.size() - na != b.size() - nb) {
            return null;
        }
        for (; na < a.size(); na++, nb++) {
            if (!a.get(na).equals(b.get(nb))) {
                return null;
            }
        }
        return patch;
    }

    /** Diagonals (summed over the steps) up to which {@link #myers} keeps its band; past it, Myers itself. */
    static final int BAND_CELLS = 4_000_000;

    /**
     * The deltas {@code DiffUtils.diff(a, b)} gives (java-diff-utils' greedy forward Myers, with
     * its ties), in time {@code D * a.size()} instead of {@code D * D}: a window around an
     * inserted block of thousands of lines (a generated module's state struct, clear and exec
     * functions: 73 old lines against 12 k new ones for 4000 types) had cost Myers the square of
     * the block.
     * <p>
     * Why it is the same. Myers keeps, at step d, the furthest point {@code x} on each diagonal
     * {@code k = x - y}, {@code -d <= k <= d}, and does not stop at the right edge: a point past
     * {@code x = a.size()} (call it off) never comes back, never reaches the end, and wins every
     * comparison with a point inside (its x is larger), and a point taken from it is off too. So
     * which off x a diagonal holds changes nothing that is kept: they are all one value here. A
     * diagonal's x grows by at least one every two steps (it is the larger of its neighbours' and
     * one more), so only about {@code 2 * a.size()} diagonals at the low end are inside at any
     * step; those are computed, the others are off. The path is then read back as
     * {@code buildRevision} reads it: one delta from each run of equal lines (or the start) to the
     * next run (or the end).
     */
    static List<AbstractDelta<String>> myers(List<String> a, List<String> b) {
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        return myers(a, b, ids(a, ids), 0, ids(b, ids), 0);
    }

    /** A number per line, the same for equal lines: the band compares ints, not strings. */
    private static int[] ids(List<String> lines, java.util.Map<String, Integer> ids) {
        int[] out = new int[lines.size()];
        for (int i = 0; i < out.length; i++) {
            Integer id = ids.putIfAbsent(lines.get(i), ids.size());
            out[i] = id != null ? id : ids.size() - 1;
        }
        return out;
    }

    /** The same, with the lines' numbers: {@code ia[fa + i]} for {@code a.get(i)}, {@code ib[fb + j]} for {@code b.get(j)}. */
    private static List<AbstractDelta<String>> myers(List<String> a, List<String> b, int[] ia, int fa, int[] ib, int fb) {
        int n = a.size();
        int m = b.size();
        int off = n + 1;
        int[] base = new int[n + m + 2]; // per step d: index of diagonal -d; then -d+2, ... up to hi[d]
        int[] hi = new int[n + m + 2];   // per step d: the highest diagonal inside
        // at least |m - n| + 1 steps of up to min(n, m) + 2 diagonals each
        int cells = (int) Math.min(BAND_CELLS, Math.max(1024L, (Math.abs(m - n) + 1L) * (Math.min(n, m) + 2L)));
        int[] mid = new int[cells];       // x after the step's move, before its equal lines
        int[] end = new int[cells];       // x after the equal lines; off when off
        boolean[] down = new boolean[cells]; // taken from diagonal k+1 (an inserted line), else k-1
        int used = 0;
        for (int d = 0; d <= n + m; d++) {
            base[d] = used;
            int top = d == 0 ? 0 : Math.min(d, hi[d - 1] + 1);
            int last = -d - 2;
            for (int k = -d; k <= top; k += 2) {
                if (used == mid.length) {
                    if (used >= BAND_CELLS) {
                        return DiffUtils.diff(a, b).getDeltas();
                    }
                    mid = java.util.Arrays.copyOf(mid, used * 2);
                    end = java.util.Arrays.copyOf(end, used * 2);
                    down = java.util.Arrays.copyOf(down, used * 2);
                }
                int x;
                boolean fromPlus;
                if (d == 0) {
                    x = 0;
                    fromPlus = true;
                } else {
                    int plus = x(base, hi, end, d - 1, k + 1, off);
                    int minus = k == -d ? 0 : x(base, hi, end, d - 1, k - 1, off);
                    fromPlus = k == -d || (k != d && minus < plus);
                    x = Math.min(off, fromPlus ? plus : minus + 1);
                }
                int e = x;
                if (x < off) {
                    for (int y = x - k; e < n && y < m && ia[fa + e] == ib[fb + y]; y++) {
                        e++;
                    }
                }
                mid[used] = x;
                end[used] = e;
                down[used] = fromPlus;
                used++;
                if (e < off) {
                    last = k;
                    if (e >= n && e - k >= m) {
                        return deltas(a, b, base, mid, end, down, d, k);
                    }
                }
            }
            hi[d] = last;
        }
        throw new IllegalStateException("no diff path"); // Myers always reaches the end by step n + m
    }

    /** The x of diagonal k after step d: off past the diagonals kept. */
    private static int x(int[] base, int[] hi, int[] end, int d, int k, int off) {
        return k < -d || k > hi[d] ? off : end[base[d] + (k + d) / 2];
    }

    /** The deltas of the path that ends on diagonal k at step d, in order. */
    private static List<AbstractDelta<String>> deltas(List<String> a, List<String> b, int[] base, int[] mid,
            int[] end, boolean[] down, int d, int k) {
        int[] mids = new int[d + 1];
        int[] ends = new int[d + 1];
        int[] ks = new int[d + 1];
        for (int s = d; s >= 0; s--) {
            int at = base[s] + (k + s) / 2;
            mids[s] = mid[at];
            ends[s] = end[at];
            ks[s] = k;
            k += down[at] ? 1 : -1;
        }
        List<AbstractDelta<String>> out = new ArrayList<>();
        int ai = ends[0]; // the end of the last run of equal lines (the start: 0, 0)
        int aj = ends[0];
        for (int s = 1; s <= d; s++) {
            if (ends[s] == mids[s] && s < d) {
                continue;
            }
            int i = mids[s];
            int j = mids[s] - ks[s];
            Chunk<String> src = new Chunk<>(ai, new ArrayList<>(a.subList(ai, i)));
            Chunk<String> dst = new Chunk<>(aj, new ArrayList<>(b.subList(aj, j)));
            out.add(ai == i ? new InsertDelta<>(src, dst) : aj == j ? new DeleteDelta<>(src, dst) : new ChangeDelta<>(src, dst));
            ai = ends[s];
            aj = ends[s] - ks[s];
        }
        return out;
    }

    private static int[] starts(List<String> lines) {
        int[] out = new int[lines.size()];
        int at = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = at;
            at += lines.get(i).length();
        }
        return out;
    }

    /** The index of the line holding offset {@code at} (the last line for the end of the text). */
    private static int lineOf(int[] starts, int at) {
        int i = java.util.Arrays.binarySearch(starts, at);
        return Math.max(0, i >= 0 ? i : -i - 2);
    }

    private static String format(String path, List<String> a, Patch<String> patch) {
        // a/ and b/ prefix a relative path, as git writes them: an absolute path loses its leading '/'
        String rel = path.startsWith("/") ? path.substring(1) : path;
        List<String> out = UnifiedDiffUtils.generateUnifiedDiff("a/" + rel, "b/" + rel, a, patch, 3);
        StringBuilder s = new StringBuilder();
        s.append("--- ").append(header("a/" + rel)).append('\n');
        s.append("+++ ").append(header("b/" + rel)).append('\n');
        for (String line : out.subList(2, out.size())) {
            s.append(line);
            if (line.startsWith("@@")) {
                s.append('\n');
            } else if (!line.endsWith("\n")) {
                s.append('\n').append(NO_NEWLINE).append('\n'); // the file's last line, without a line break
            }
        }
        return s.toString();
    }

    /** The lines of a text, each with its '\n' (the last one without, when the text has none). */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(s, i + 1));
                s = i + 1;
            }
        }
        if (s < text.length()) {
            out.add(text.substring(s));
        }
        return out;
    }

    /** A path for a {@code ---}/{@code +++} line: as it is, or quoted the way git quotes it. */
    static String header(String path) {
        boolean quote = false;
        for (int i = 0; i < path.length() && !quote; i++) {
            char c = path.charAt(i);
            quote = c < 0x20 || c == '"' || c == '\\' || c >= 0x7f;
        }
        if (!quote) {
            return path.indexOf(' ') >= 0 ? path + "\t" : path;
        }
        StringBuilder b = new StringBuilder("\"");
        for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            switch (c) {
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case 0x0b -> b.append("\\v");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        b.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
                                .append((char) ('0' + (c & 7)));
                    } else {
                        b.append((char) c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
