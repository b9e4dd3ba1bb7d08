package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded, bounded fuzzing of {@code migrate} through the in-process CLI. Mutants of the examples
 * (and, when CPython's source is already cached, of two small modules of it) come from byte,
 * token and line mutations and from structure-aware ones (deep nesting, long {@code else if}
 * chains, duplicated functions and type initializers, truncation, NUL, invalid UTF-8, CRLF, no
 * final newline). For each mutant: no internal error or stack trace on stderr, exit code 0, 1 or
 * 2, at most {@link #PER_FILE_SECONDS} per run, the diff applies with GNU {@code patch} (every
 * changed mutant) and {@code git apply} (every {@link #GIT_SAMPLE}th) to give exactly the file
 * {@code --output} writes, migrating that output again prints no diff, and two runs print the same
 * bytes on stdout and stderr (every {@link #SAME_SAMPLE}th mutant, to stay fast on two busy cores).
 * An {@code [internal-error]} diagnostic (the runner caught a transform exception: no crash, but a
 * defect) is counted, printed and kept; {@code -Dfuzz.strict=true} fails on it.
 *
 * <p>{@code -Dfuzz.iterations=N} (default 3000), {@code -Dfuzz.seed=S} (default 11) and
 * {@code -Dfuzz.sameSample=K} (default 4) set the run; a failing mutant is kept under {@code target/fuzz-failures/} with what failed.
 */
class FuzzTest {
    static final int PER_FILE_SECONDS = 20;
    static final int GIT_SAMPLE = 10;
    static final int BATCH = 150;
    /** Every how-manieth mutant is migrated a second time to compare the bytes printed. */
    static final int SAME_SAMPLE = Integer.getInteger("fuzz.sameSample", 4);

    @TempDir
    Path dir;

    private final Map<String, Integer> counts = new TreeMap<>();
    private final Map<String, String> internalErrors = java.util.Collections.synchronizedMap(new TreeMap<>());
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Failure kind to the mutants that failed that way. */
    private final Map<String, java.util.Set<String>> failed = new TreeMap<>();
    static final int THREADS = Math.min(2, Runtime.getRuntime().availableProcessors());
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "fuzz-run");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.atomic.AtomicLong slowestMillis = new java.util.concurrent.atomic.AtomicLong();

    record Mutant(String name, String how, byte[] bytes) {
    }

    record Outcome(int code, byte[] out, String err) {
    }

    @Test
    void mutantsNeverCrashAndTheirDiffsApply() throws Exception {
        // contract: every mutant gives exit 0/1/2, no stack trace, an applying diff, idempotent and deterministic output
        int iterations = Integer.getInteger("fuzz.iterations", 3000);
        long seed = Long.getLong("fuzz.seed", 11);
        List<byte[]> seeds = seeds();
        Random random = new Random(seed);
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        List<Mutant> mutants = new ArrayList<>();
        for (int i = 0; i < iterations; i++) { // generated up front: the same mutants whatever the threads do
            byte[] bytes = seeds.get(random.nextInt(seeds.size()));
            StringBuilder how = new StringBuilder();
            int ops = 1 + random.nextInt(3);
            for (int k = 0; k < ops; k++) {
                String[] op = new String[1];
                bytes = mutate(bytes, random, op);
                how.append(k == 0 ? "" : "+").append(op[0]);
                counts.merge(op[0].replaceAll("\\(.*", ""), 1, Integer::sum);
            }
            mutants.add(new Mutant(String.format("m%05d.c", i), how.toString(), bytes));
        }
        long start = System.nanoTime();
        List<Future<Outcome>> firsts = new ArrayList<>();
        for (Mutant m : mutants) {
            firsts.add(pool.submit(() -> check(m, in, out)));
        }
        List<Mutant> changed = new ArrayList<>();
        Map<Integer, Integer> exits = new TreeMap<>();
        for (int i = 0; i < mutants.size(); i++) {
            Outcome first;
            try {
                first = firsts.get(i).get(10L * PER_FILE_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail(mutants.get(i), "hangs: no result after " + 10 * PER_FILE_SECONDS + " s");
                continue;
            }
            if (first != null) {
                exits.merge(first.code(), 1, Integer::sum);
                if (first.out().length > 0 && Files.exists(out.resolve(mutants.get(i).name()))) {
                    changed.add(mutants.get(i));
                }
            }
        }
        pool.shutdownNow();
        int viaGit = applyAll(changed, out);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        System.out.printf("fuzz: seed %d, %d mutants from %d seeds on %d threads, %d with a diff (all through patch, "
                        + "%d through git apply), exit codes %s, slowest run %d ms, %d s in all%nfuzz: mutations %s%n",
                seed, iterations, seeds.size(), THREADS, changed.size(), viaGit, exits, slowestMillis.get(), seconds,
                counts);
        System.out.printf("fuzz: %d mutant(s) with an internal-error diagnostic (transform defects, kept in "
                + "target/fuzz-failures)%n", internalErrors.size());
        internalErrors.values().forEach(e -> System.out.println("fuzz:   " + e));
        long twice = mutants.stream().filter(m -> index(m) % SAME_SAMPLE == 0).count();
        StringBuilder kinds = new StringBuilder();
        for (String k : List.of("crashes", "hangs", "diffs that fail to apply", "nondeterministic", "reruns that change",
                "bad exit codes")) {
            kinds.append(kinds.length() == 0 ? "" : ", ").append(failed.getOrDefault(k, java.util.Set.of()).size())
                    .append(' ').append(k);
        }
        System.out.printf("fuzz: %s (mutants: %d through patch, %d run twice for determinism, %d rerun on their output)%n",
                kinds, changed.size(), twice, changed.size());
        assertTrue(failures.isEmpty(), failures.size() + " failing mutant(s), kept in target/fuzz-failures:\n"
                + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    /**
     * Migrates one mutant twice (same bytes on both streams), and when it printed a diff, with
     * {@code --output} and then that output again (no diff). Returns the first run, null if it crashed.
     */
    private Outcome check(Mutant m, Path in, Path out) throws IOException {
        Path file = in.resolve(m.name());
        Files.write(file, m.bytes());
        Outcome first = run(m, "migrate", file.toString());
        if (first == null) {
            return null;
        }
        Outcome second = index(m) % SAME_SAMPLE == 0 ? run(m, "migrate", file.toString()) : first;
        if (second != null && (!Arrays.equals(first.out(), second.out()) || !first.err().equals(second.err()))) {
            fail(m, "two runs printed different bytes");
        }
        if (first.out().length == 0) {
            return first;
        }
        Files.write(dir.resolve(m.name() + ".diff"), first.out());
        Outcome copy = run(m, "migrate", "--no-build-check", "--output", out.toString(), file.toString());
        Path written = out.resolve(m.name());
        if (copy == null) {
            return first;
        }
        if (!Files.exists(written)) {
            fail(m, "a diff was printed but --output wrote nothing (exit " + copy.code() + "): " + copy.err());
            return first;
        }
        Outcome again = run(m, "migrate", written.toString());
        if (again != null && again.out().length != 0) {
            fail(m, "migrating the output again changes it:\n" + new String(again.out(), StandardCharsets.UTF_8));
        }
        return first;
    }

    // ---- the seeds

    private static List<byte[]> seeds() throws IOException {
        Path root = Path.of(System.getProperty("heapify.root", ".")).toAbsolutePath();
        List<byte[]> seeds = new ArrayList<>();
        try (Stream<Path> s = Files.list(root.resolve("examples"))) {
            for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> c = Files.list(d)) {
                    for (Path f : c.filter(f -> f.toString().endsWith(".c")).sorted().toList()) {
                        seeds.add(Files.readAllBytes(f));
                    }
                }
            }
        }
        // a few small CPython modules when the corpus is already there (never fetched for this test)
        String cache = System.getenv("HEAPIFY_CPYTHON_CACHE");
        Path modules = (cache != null && !cache.isEmpty() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "heapify", "cpython"))
                .resolve("Python-3.11.2/Modules");
        for (String name : List.of("xxsubtype.c", "xxlimited_35.c")) {
            if (Files.isRegularFile(modules.resolve(name))) {
                seeds.add(Files.readAllBytes(modules.resolve(name)));
            }
        }
        assertTrue(seeds.size() >= 10, "seeds: " + seeds.size());
        return seeds;
    }

    // ---- mutations

    private static final Pattern TOKEN = Pattern.compile(
            "[A-Za-z_][A-Za-z_0-9]*|[0-9][0-9A-Za-z_.]*|\"(?:[^\"\\\\\\n]|\\\\.)*+\"|'(?:[^'\\\\\\n]|\\\\.)*+'"
                    + "|/\\*|\\*/|//|\\s+|.", Pattern.DOTALL);
    private static final String[] POOL = {"{", "}", "(", ")", "[", "]", ";", ",", "\"", "'", "/*", "*/", "//",
        "#if 0\n", "#endif\n", "#else\n", "#define X {\n", "\\\n", "static", "PyTypeObject", "PyObject *", "NULL",
        "0", "Py_TPFLAGS_HAVE_GC", "Py_TPFLAGS_BASETYPE", "PyVarObject_HEAD_INIT(NULL, 0)", ".tp_name =",
        "PyMODINIT_FUNC", "PyInit_x(void)", "PyModule_Create(&m)", "return", "=", "&", "*", "\u00e9", "\ud83d\ude00",
        "\t", "\n", "\r", "\f", "PyType_Ready(&", "Py_INCREF(", "};"};

    private static byte[] mutate(byte[] b, Random r, String[] op) {
        int kind = r.nextInt(20);
        switch (kind) {
            case 0 -> { // flip a byte
                op[0] = "byte-flip";
                if (b.length == 0) {
                    return b;
                }
                byte[] c = b.clone();
                c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
                return c;
            }
            case 1 -> { // insert a random printable or control byte
                op[0] = "byte-insert";
                int at = r.nextInt(b.length + 1);
                return splice(b, at, at, new byte[] {(byte) (r.nextBoolean() ? 32 + r.nextInt(95) : r.nextInt(32))});
            }
            case 2 -> { // delete a byte range
                op[0] = "byte-delete";
                int at = r.nextInt(b.length + 1);
                return splice(b, at, Math.min(b.length, at + 1 + r.nextInt(16)), new byte[0]);
            }
            case 3, 4, 5 -> {
                List<String> t = tokens(b);
                if (t.isEmpty()) {
                    op[0] = "token-none";
                    return b;
                }
                int i = r.nextInt(t.size());
                switch (r.nextInt(4)) {
                    case 0 -> {
                        op[0] = "token-delete";
                        t.remove(i);
                    }
                    case 1 -> {
                        op[0] = "token-duplicate";
                        t.add(i, t.get(i));
                    }
                    case 2 -> {
                        op[0] = "token-swap";
                        int j = r.nextInt(t.size());
                        String x = t.get(i);
                        t.set(i, t.get(j));
                        t.set(j, x);
                    }
                    default -> {
                        op[0] = "token-replace";
                        t.set(i, POOL[r.nextInt(POOL.length)]);
                    }
                }
                return String.join("", t).getBytes(StandardCharsets.UTF_8);
            }
            case 6, 7 -> {
                List<String> lines = lines(b);
                if (lines.isEmpty()) {
                    op[0] = "line-none";
                    return b;
                }
                int i = r.nextInt(lines.size());
                switch (r.nextInt(4)) {
                    case 0 -> {
                        op[0] = "line-delete";
                        lines.remove(i);
                    }
                    case 1 -> {
                        op[0] = "line-duplicate";
                        lines.add(i, lines.get(i));
                    }
                    case 2 -> {
                        op[0] = "line-swap";
                        int j = r.nextInt(lines.size());
                        String x = lines.get(i);
                        lines.set(i, lines.get(j));
                        lines.set(j, x);
                    }
                    default -> {
                        op[0] = "line-move";
                        String x = lines.remove(i);
                        lines.add(r.nextInt(lines.size() + 1), x);
                    }
                }
                return String.join("", lines).getBytes(StandardCharsets.ISO_8859_1);
            }
            case 8 -> {
                int depth = List.of(10, 100, 255, 256, 257, 300, 600).get(r.nextInt(7));
                op[0] = "deep-nesting(" + depth + ")";
                String kindOf = List.of("brace", "paren", "if", "bracket").get(r.nextInt(4));
                String open = switch (kindOf) {
                    case "brace" -> "{";
                    case "paren" -> "(";
                    case "bracket" -> "a[";
                    default -> "if (x) {";
                };
                String close = switch (kindOf) {
                    case "brace" -> "}";
                    case "paren" -> ")";
                    case "bracket" -> "]";
                    default -> "}";
                };
                String body = kindOf.equals("paren") || kindOf.equals("bracket")
                        ? "    int y = " + open.repeat(depth) + "1" + close.repeat(depth) + ";\n"
                        : "    " + open.repeat(depth) + "Py_INCREF(x);" + close.repeat(depth) + "\n";
                return insertFunction(b, r, "static int\nnest_fn(PyObject *x)\n{\n" + body + "    return 0;\n}\n");
            }
            case 9 -> {
                int n = List.of(20, 100, 400).get(r.nextInt(3));
                op[0] = "else-if-chain(" + n + ")";
                StringBuilder s = new StringBuilder("static int\nchain_fn(int x)\n{\n    if (x == 0) {\n        return 0;\n    }");
                for (int i = 1; i < n; i++) {
                    s.append(" else if (x == ").append(i).append(") {\n        return ").append(i).append(";\n    }");
                }
                s.append(" else {\n        return -1;\n    }\n}\n");
                return insertFunction(b, r, s.toString());
            }
            case 10 -> {
                op[0] = "duplicate-function";
                return duplicate(b, r, Pattern.compile("(?m)^(static [^;{]*\\([^;{]*\\)\\s*\\{.*?^\\}\\s*\\n)",
                        Pattern.DOTALL));
            }
            case 11 -> {
                op[0] = "duplicate-type";
                return duplicate(b, r, Pattern.compile("(?m)^(static PyTypeObject \\w+ = \\{.*?^\\};\\s*\\n)",
                        Pattern.DOTALL));
            }
            case 12 -> {
                op[0] = "truncate";
                return Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
            }
            case 13 -> {
                op[0] = "nul";
                int at = r.nextInt(b.length + 1);
                return splice(b, at, at, new byte[] {0});
            }
            case 14 -> {
                op[0] = "invalid-utf8";
                byte[][] bad = {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0,
                    (byte) 0x80}, {(byte) 0xe9}, {(byte) 0xf0, (byte) 0x9f}};
                int at = r.nextInt(b.length + 1);
                return splice(b, at, at, bad[r.nextInt(bad.length)]);
            }
            case 15 -> {
                op[0] = "crlf";
                String s = new String(b, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
                if (r.nextBoolean()) {
                    s = s.replace("\n", "\r\n");
                } else { // mixed: some lines only
                    StringBuilder m = new StringBuilder();
                    for (String l : s.split("(?<=\n)")) {
                        m.append(r.nextInt(3) == 0 && l.endsWith("\n") ? l.substring(0, l.length() - 1) + "\r\n" : l);
                    }
                    s = m.toString();
                }
                return s.getBytes(StandardCharsets.ISO_8859_1);
            }
            case 16 -> {
                op[0] = "no-final-newline";
                int end = b.length;
                while (end > 0 && (b[end - 1] == '\n' || b[end - 1] == '\r')) {
                    end--;
                }
                return Arrays.copyOf(b, end);
            }
            case 17 -> {
                op[0] = "latin1";
                String s = new String(b, StandardCharsets.UTF_8);
                int at = r.nextInt(s.length() + 1);
                return (s.substring(0, at) + "/* caf\u00e9 */" + s.substring(at)).getBytes(StandardCharsets.ISO_8859_1);
            }
            case 18 -> {
                op[0] = "cr-only";
                return new String(b, StandardCharsets.ISO_8859_1).replace("\n", "\r").getBytes(StandardCharsets.ISO_8859_1);
            }
            default -> {
                op[0] = "unterminated";
                String[] open = {"/*", "\"", "'", "#if 1\n", "{", "(", "R\"(", "\\"};
                int at = r.nextInt(b.length + 1);
                return splice(b, at, at, open[r.nextInt(open.length)].getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static List<String> tokens(byte[] b) {
        List<String> t = new ArrayList<>();
        Matcher m = TOKEN.matcher(new String(b, StandardCharsets.UTF_8));
        while (m.find()) {
            t.add(m.group());
        }
        return t;
    }

    private static List<String> lines(byte[] b) {
        return new ArrayList<>(Arrays.asList(new String(b, StandardCharsets.ISO_8859_1).split("(?<=\n)")));
    }

    /** Puts a function before a random line that starts a top-level declaration (or at the end). */
    private static byte[] insertFunction(byte[] b, Random r, String function) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        List<Integer> starts = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^static ").matcher(s);
        while (m.find()) {
            starts.add(m.start());
        }
        int at = starts.isEmpty() ? s.length() : starts.get(r.nextInt(starts.size()));
        return (s.substring(0, at) + function + s.substring(at)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] duplicate(byte[] b, Random r, Pattern p) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        List<int[]> found = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find()) {
            found.add(new int[] {m.start(1), m.end(1)});
        }
        if (found.isEmpty()) {
            return b;
        }
        int[] f = found.get(r.nextInt(found.size()));
        String copy = s.substring(f[0], f[1]);
        return (s.substring(0, f[1]) + copy + s.substring(f[1])).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] with) {
        byte[] c = new byte[b.length - (to - from) + with.length];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(with, 0, c, from, with.length);
        System.arraycopy(b, to, c, from + with.length, b.length - to);
        return c;
    }

    // ---- running and checking

    /** One in-process run; null (and a failure) when it crashed, a failure when it took too long. */
    private Outcome run(Mutant m, String... args) {
        long t0 = System.nanoTime();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter sw = new StringWriter();
        Outcome o;
        try {
            int code = Main.run(args, new BytesPrintWriter(bytes, StandardCharsets.UTF_8), new PrintWriter(sw));
            o = new Outcome(code, bytes.toByteArray(), sw.toString());
        } catch (RuntimeException | Error e) {
            fail(m, String.join(" ", args) + ": " + e);
            return null;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        slowestMillis.accumulateAndGet(millis, Math::max);
        if (millis > 1000L * PER_FILE_SECONDS) {
            fail(m, String.join(" ", args) + ": " + millis + " ms, more than " + PER_FILE_SECONDS + " s");
        }
        String err = o.err();
        if (err.contains("[internal-error]") && !err.contains("\tat ") && !err.contains("internal error:")) {
            // caught by the runner and reported as one diagnostic, not a crash: a transform defect, kept and
            // counted; -Dfuzz.strict=true fails on it
            internalErrors.putIfAbsent(m.name(), m.name() + " [" + m.how() + "]: " + err.lines().filter(l -> l.contains("[internal-error]"))
                    .findFirst().orElse(""));
            keep(m, "internal-error", err);
            if (Boolean.getBoolean("fuzz.strict")) {
                fail(m, String.join(" ", args) + ": internal-error diagnostic:\n" + err);
            }
            return o;
        }
        if (err.contains("internal error") || err.contains("\tat ") || err.contains("Exception in")
                || err.contains("java.lang.") || err.contains("StackOverflowError")) {
            fail(m, String.join(" ", args) + ": stack trace or internal error on stderr:\n" + err);
            return null;
        }
        if (o.code() < 0 || o.code() > 2) {
            fail(m, String.join(" ", args) + ": exit code " + o.code());
        }
        return o;
    }

    /**
     * Applies every changed mutant's diff with GNU patch, and every {@link #GIT_SAMPLE}th with git
     * apply, in batches of {@link #BATCH} files per tool run; a failing batch is retried file by file
     * to name the mutant. Returns how many went through git apply.
     */
    private int applyAll(List<Mutant> changed, Path out) throws Exception {
        boolean git = has("git");
        int viaGit = 0;
        for (int from = 0; from < changed.size(); from += BATCH) {
            List<Mutant> batch = changed.subList(from, Math.min(changed.size(), from + BATCH));
            if (!applies(batch, out, "patch", from)) {
                for (Mutant m : batch) {
                    applies(List.of(m), out, "patch", from);
                }
            }
            if (git) {
                List<Mutant> sample = new ArrayList<>();
                for (int i = 0; i < batch.size(); i += GIT_SAMPLE) {
                    sample.add(batch.get(i));
                }
                viaGit += sample.size();
                if (!applies(sample, out, "git", from)) {
                    for (Mutant m : sample) {
                        applies(List.of(m), out, "git", from);
                    }
                }
            }
        }
        return viaGit;
    }

    private boolean applies(List<Mutant> batch, Path out, String tool, int n) throws Exception {
        Path work = Files.createDirectories(dir.resolve(tool + "-" + n + "-" + batch.size() + "-" + batch.get(0).name()));
        ByteArrayOutputStream diff = new ByteArrayOutputStream();
        for (Mutant m : batch) {
            Files.write(work.resolve(m.name()), m.bytes());
            diff.write(Files.readAllBytes(dir.resolve(m.name() + ".diff")));
        }
        Path patchFile = work.resolve("all.diff.txt");
        Files.write(patchFile, diff.toByteArray());
        String shown = MigrateCommand.display(dir.resolve("in").resolve(batch.get(0).name()));
        String header = "a/" + (shown.startsWith("/") ? shown.substring(1) : shown);
        int strip = (int) header.chars().filter(c -> c == '/').count();
        List<String> command = tool.equals("patch")
                ? List.of("patch", "-p" + strip, "--no-backup-if-mismatch", "--batch", "--quiet", "-i", patchFile.toString())
                : List.of("git", "apply", "-p" + strip, "--whitespace=nowarn", patchFile.toString());
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CEILING_DIRECTORIES", dir.toString());
        Process p = pb.start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ok = p.waitFor() == 0;
        for (Mutant m : batch) {
            if (ok && !Arrays.equals(Files.readAllBytes(out.resolve(m.name())), Files.readAllBytes(work.resolve(m.name())))) {
                ok = false;
                if (batch.size() == 1) {
                    fail(m, tool + ": the patched file differs from the --output file");
                }
            }
        }
        if (!ok && batch.size() == 1 && !said.isEmpty()) {
            fail(batch.get(0), tool + " does not apply the diff: " + said);
        }
        return ok;
    }

    private synchronized void fail(Mutant m, String what) {
        failures.add(m.name() + " [" + m.how() + "]: " + what);
        failed.computeIfAbsent(kind(what), k -> new java.util.TreeSet<>()).add(m.name());
        keep(m, "", what);
    }

    /** What kind of failure a message of {@link #fail} describes, for the printed counts. */
    static String kind(String what) {
        if (what.contains("hangs:") || what.contains(" ms, more than ")) {
            return "hangs";
        }
        if (what.contains("different bytes")) {
            return "nondeterministic";
        }
        if (what.contains("does not apply") || what.contains("differs from the --output") || what.contains("wrote nothing")) {
            return "diffs that fail to apply";
        }
        if (what.contains("changes it")) {
            return "reruns that change";
        }
        if (what.contains(": exit code ")) {
            return "bad exit codes";
        }
        return "crashes";
    }

    /** Keeps a mutant and what happened under target/fuzz-failures/ to reproduce it. */
    private synchronized void keep(Mutant m, String prefix, String what) {
        try {
            Path keep = Files.createDirectories(Path.of(System.getProperty("heapify.root", "."), "target", "fuzz-failures"));
            String name = prefix.isEmpty() ? m.name() : prefix + "-" + m.name();
            Files.write(keep.resolve(name), m.bytes());
            Files.writeString(keep.resolve(name + ".txt"), m.how() + "\n" + what + "\n");
        } catch (IOException e) {
            failures.add("cannot keep " + m.name() + ": " + e);
        }
    }

    private static int index(Mutant m) {
        return Integer.parseInt(m.name().substring(1, 6));
    }

    private static boolean has(String tool) {
        try {
            return new ProcessBuilder(tool, "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
