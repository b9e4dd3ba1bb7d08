package heapify.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.apply.FileMigrator;
import heapify.render.Renderer;
import heapify.source.Diagnostic;
import heapify.source.Severity;
import heapify.source.SourceReader;
import heapify.source.SourceText;
import heapify.transform.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract's clause 4 on CPython 3.11.2's whole {@code Modules/} tree: migrating heapify's
 * own output changes nothing and reports, file by file, exactly the warnings and errors of the
 * first run (positions aside, since the file changed), derived from the code and never from its
 * TODO text; and what stays static keeps being reported, so {@code --check} keeps failing.
 */
class RerunCorpusTest {
    @org.junit.jupiter.api.io.TempDir
    Path work;

    @Test
    void aSecondRunChangesNothingAndReportsWhatRemains() throws Exception {
        Path root = CpythonSource.root();
        FileMigrator migrator = new FileMigrator(Renderer.forWorkingTree(), Options.DEFAULT);
        int files = 0;
        int changed = 0;
        int stillReported = 0;
        List<String> problems = new ArrayList<>();
        // the tree's clinic, for the copies
        Path clinic = Files.createDirectories(work.resolve("Tools/clinic"));
        try (var s = Files.list(root.resolve("Tools/clinic"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".py")).toList()) {
                Files.copy(p, clinic.resolve(p.getFileName()));
            }
        }
        for (Path file : CpythonSource.cFiles(root.resolve("Modules"))) {
            String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!file.toString().endsWith(".c") || !(text.contains("PyInit_") || text.contains("PyTypeObject"))) {
                continue;
            }
            files++;
            String shown = CpythonSource.relative(root, file);
            SourceText source = ((SourceReader.Read) SourceReader.read(file)).source();
            FileMigrator.Result first = migrator.migrate(source, shown);
            Path again = file;
            if (!first.included().isEmpty()) {
                // the second run reads the clinic output the first one wrote, beside its output
                again = work.resolve(root.relativize(file));
                Files.createDirectories(again.getParent());
                Files.write(again, source.encode(first.output()));
                for (FileMigrator.Included inc : first.included()) {
                    Path h = again.getParent().resolve(inc.name());
                    Files.createDirectories(h.getParent());
                    Files.write(h, inc.source().encode(inc.output()));
                }
            }
            FileMigrator.Result second = migrator.migrate(
                    new SourceText(again, first.output(), source.charset()), shown);
            if (!second.included().isEmpty()) {
                problems.add(shown + ": the second run changed " + second.included().get(0).name());
            }
            if (first.changed()) {
                changed++;
            }
            if (!second.output().equals(first.output())) {
                problems.add(shown + ": the second run changed the file");
            }
            List<String> before = findings(first);
            List<String> after = findings(second);
            if (!before.equals(after)) {
                problems.add(shown + ": first run " + before + ", second run " + after);
            }
            if (!after.isEmpty()) {
                stillReported++;
            }
        }
        System.out.printf("rerun corpus: %d files, %d migrated, %d with findings on both runs, %d problems%n",
                files, changed, stillReported, problems.size());
        assertTrue(files > 100 && changed > 5, files + " files, " + changed + " changed");
        assertEquals(List.of(), problems);
    }

    /** Warnings and errors as rule id and message, in order: what was left and why. */
    private static List<String> findings(FileMigrator.Result r) {
        List<String> out = new ArrayList<>();
        for (Diagnostic d : r.diagnostics()) {
            if (d.severity() != Severity.NOTE) {
                out.add(d.severity() + " " + d.message() + " [" + d.ruleId() + "]");
            }
        }
        return out;
    }
}
