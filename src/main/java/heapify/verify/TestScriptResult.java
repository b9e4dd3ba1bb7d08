package heapify.verify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outcome of running a module's unittest script with one interpreter.
 *
 * @param passed   true if the script exited 0 (unittest's "OK")
 * @param testsRun the number from unittest's {@code Ran N tests} line, -1 if absent
 * @param skipped  the number of skipped tests reported ({@code skipped=N}), 0 if none
 * @param process  the python run, with its output files
 */
public record TestScriptResult(boolean passed, int testsRun, int skipped, ProcessResult process) {
    private static final Pattern RAN = Pattern.compile("(?m)^Ran (\\d+) tests? in ");
    private static final Pattern SKIPPED = Pattern.compile("skipped=(\\d+)");

    /** Reads the unittest summary from the script's output. */
    public static TestScriptResult of(ProcessResult process) {
        String out = process.stdoutText() + process.stderrText();
        Matcher ran = RAN.matcher(out);
        Matcher skipped = SKIPPED.matcher(out);
        return new TestScriptResult(process.ok(), ran.find() ? Integer.parseInt(ran.group(1)) : -1,
                skipped.find() ? Integer.parseInt(skipped.group(1)) : 0, process);
    }
}
