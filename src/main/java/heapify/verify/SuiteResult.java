package heapify.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outcome of a package's own test command: its exit status and the pass, fail and skip counts
 * read from the summaries it printed, summed when it printed several (mercurial runs two suites).
 *
 * <p>The summaries read, one per line:
 * <ul>
 *   <li>pytest's {@code 211 passed, 42 skipped in 3.21s} (with or without {@code =====} around it);
 *       {@code failed} and {@code error} count as failed, {@code xfailed} as skipped, {@code xpassed}
 *       as passed, {@code deselected} not at all;</li>
 *   <li>unittest's {@code Ran 145 tests in 37.1s} with the {@code OK (skipped=4)} or
 *       {@code FAILED (failures=1, errors=2, skipped=4)} after it;</li>
 *   <li>mercurial's run-tests.py: {@code # Ran 17 tests, 0 skipped, 0 failed.};</li>
 *   <li>a plain {@code N passed, N failed, N skipped} at the start of a line or after {@code ": "},
 *       as pygame's and rpm's runners (and corpus commands) print.</li>
 * </ul>
 *
 * @param exitCode the command's exit status; -1 when it was killed on timeout
 * @param counted  true if at least one summary was found; else the counts are -1
 * @param passed   tests passed
 * @param failed   tests failed or in error
 * @param skipped  tests skipped (and expected failures)
 * @param summaries the summary lines the counts come from
 * @param process  the run, with its output files
 */
public record SuiteResult(int exitCode, boolean counted, int passed, int failed, int skipped, List<String> summaries,
                          ProcessResult process) {
    private static final String WORD = "passed|failed|skipped|errors?|xfailed|xpassed|deselected|warnings?";
    private static final String LIST = "\\d+ (?:" + WORD + ")(?:, \\d+ (?:" + WORD + "))*";
    private static final Pattern PYTEST = Pattern.compile("^=* ?(" + LIST + ") in [0-9.]+s(?: \\([^)]*\\))? ?=*$");
    private static final Pattern PLAIN = Pattern.compile("(?:^|: )(" + LIST + ")(?::.*)?$");
    private static final Pattern COUNT = Pattern.compile("(\\d+) (" + WORD + ")");
    private static final Pattern HG = Pattern.compile("^# Ran (\\d+) tests, (\\d+) skipped, (\\d+) failed\\.$");
    private static final Pattern RAN = Pattern.compile("^Ran (\\d+) tests? in ");
    private static final Pattern UNITTEST_END = Pattern.compile("^(OK|FAILED)(?: \\((.*)\\))?$");
    private static final Pattern KV = Pattern.compile("(failures|errors|skipped|expected failures|unexpected successes)=(\\d+)");

    public SuiteResult {
        summaries = List.copyOf(summaries);
    }

    /** True if the command exited 0. */
    public boolean ok() {
        return exitCode == 0;
    }

    /** {@code p/f/s}, or {@code exit N} when nothing was counted. */
    public String pfs() {
        return counted ? passed + "/" + failed + "/" + skipped : "exit " + exitCode + ", no summary";
    }

    /** Reads the counts from the command's output. */
    public static SuiteResult of(ProcessResult process) {
        return parse(process.exitCode(), process.stdoutText() + "\n" + process.stderrText(), process);
    }

    /** Reads the counts from {@code output}; {@code process} may be null in tests. */
    public static SuiteResult parse(int exitCode, String output, ProcessResult process) {
        int p = 0;
        int f = 0;
        int s = 0;
        List<String> found = new ArrayList<>();
        int ran = -1;
        for (String raw : output.split("\n")) {
            String line = raw.strip();
            Matcher m;
            if ((m = HG.matcher(line)).matches()) {
                int n = Integer.parseInt(m.group(1));
                int sk = Integer.parseInt(m.group(2));
                int fl = Integer.parseInt(m.group(3));
                p += Math.max(0, n - sk - fl);
                s += sk;
                f += fl;
                found.add(line);
            } else if ((m = RAN.matcher(line)).find()) {
                ran = Integer.parseInt(m.group(1));
            } else if (ran >= 0 && (m = UNITTEST_END.matcher(line)).matches()) {
                int fl = 0;
                int sk = 0;
                int xf = 0;
                int xp = 0;
                Matcher kv = KV.matcher(m.group(2) == null ? "" : m.group(2));
                while (kv.find()) {
                    int n = Integer.parseInt(kv.group(2));
                    switch (kv.group(1)) {
                        case "failures", "errors" -> fl += n;
                        case "skipped" -> sk += n;
                        case "expected failures" -> xf += n;
                        default -> xp += n;
                    }
                }
                p += Math.max(0, ran - fl - sk - xf - xp) + xp;
                f += fl;
                s += sk + xf;
                found.add("Ran " + ran + " tests: " + line);
                ran = -1;
            } else if ((m = PYTEST.matcher(line)).matches() || (m = PLAIN.matcher(line)).find()) {
                Matcher c = COUNT.matcher(m.group(1));
                while (c.find()) {
                    int n = Integer.parseInt(c.group(1));
                    switch (c.group(2)) {
                        case "passed", "xpassed" -> p += n;
                        case "failed", "error", "errors" -> f += n;
                        case "skipped", "xfailed" -> s += n;
                        default -> { /* deselected, warnings: not tests that ran */ }
                    }
                }
                found.add(line);
            }
        }
        boolean counted = !found.isEmpty();
        return new SuiteResult(exitCode, counted, counted ? p : -1, counted ? f : -1, counted ? s : -1, found, process);
    }
}
