package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --jobs N} changes how fast, never what: stdout, stderr and exit code as with one job. */
class MigrateJobsTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new MigrateCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void twoJobsPrintWhatOneJobPrints() {
        Path examples = Path.of(System.getProperty("heapify.root", ".")).resolve("examples");
        Run one = run("--jobs", "1", examples.toString());
        Run two = run("--jobs", "2", examples.toString());
        Run three = run("--jobs", "3", examples.toString());
        assertFalse(one.out().isEmpty(), "the examples migrate: the diff is not empty");
        assertEquals(one, two);
        assertEquals(one, three);
    }

    @Test
    void jsonReportIsTheSameWithTwoJobs() {
        Path examples = Path.of(System.getProperty("heapify.root", ".")).resolve("examples");
        assertEquals(run("--json", "--jobs", "1", examples.toString()), run("--json", "--jobs", "2", examples.toString()));
    }

    @Test
    void zeroJobsIsAUsageError() {
        assertEquals(2, run("--jobs", "0", ".").code());
    }
}
