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

    /**
     * More files than the pipeline's window of files ahead (twice the jobs): the large file first,
     * so the small ones after it finish while it is still migrated, and the output keeps the order.
     */
    @Test
    void manyFilesAheadOfALargeOneComeOutInFileOrder(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path examples = Path.of(System.getProperty("heapify.root", ".")).resolve("examples");
        String plain = java.nio.file.Files.readString(examples.resolve("plain-type/hp_plain.c"));
        // a00.c is the plain example followed by 200 copies of its type, renamed: many times the work of the others
        StringBuilder large = new StringBuilder(plain);
        String type = plain.substring(plain.indexOf("static PyTypeObject"), plain.indexOf("};", plain.indexOf("static PyTypeObject")) + 2);
        for (int i = 0; i < 200; i++) {
            large.append('\n').append(type.replace("Box_Type", "Box" + i + "_Type"));
        }
        java.nio.file.Files.writeString(dir.resolve("a00.c"), large);
        for (int i = 1; i <= 24; i++) {
            java.nio.file.Files.writeString(dir.resolve(String.format("a%02d.c", i)), plain.replace("hp_plain", "hp_plain" + i));
        }
        Run one = run("--jobs", "1", dir.toString());
        Run three = run("--jobs", "3", dir.toString());
        assertFalse(one.out().isEmpty(), "the copies migrate: the diff is not empty");
        assertEquals(one, three);
        int last = -1;
        for (int i = 1; i <= 24; i++) {
            int at = three.out().indexOf(String.format("a%02d.c", i));
            org.junit.jupiter.api.Assertions.assertTrue(at > last, "a" + i + ".c after the file before it");
            last = at;
        }
    }

    @Test
    void zeroJobsIsAUsageError() {
        assertEquals(2, run("--jobs", "0", ".").code());
    }
}
