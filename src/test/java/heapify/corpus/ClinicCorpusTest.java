package heapify.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.apply.FileMigrator;
import heapify.render.Renderer;
import heapify.source.SourceReader;
import heapify.source.SourceText;
import heapify.transform.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing heapify writes lands inside an Argument Clinic region (issue: a state struct inserted
 * between cmathmodule.c's {@code [clinic start generated code]} and {@code [clinic end generated
 * code]} broke clinic's checksum): the tree's own {@code Tools/clinic/clinic.py}, run over every
 * file heapify migrates in CPython 3.11.2's Modules/, succeeds and changes neither the file nor
 * its {@code clinic/*.c.h}: heapify's renaming of migrated types in class lines and headers, and
 * its checksums, are what clinic itself generates.
 */
class ClinicCorpusTest {
    @TempDir
    Path work;

    @Test
    void theTreesOwnClinicIsANoOpOnEveryMigratedFile() throws Exception {
        Path src = CpythonSource.root();
        Path python = pyenvPython311();
        FileMigrator migrator = new FileMigrator(Renderer.forWorkingTree(), Options.DEFAULT);
        List<String> problems = new ArrayList<>();
        int migrated = 0;
        int renamed = 0; // clinic headers heapify changed with their module
        for (Path file : CpythonSource.cFiles(src.resolve("Modules"))) {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            if (!file.toString().endsWith(".c") || !text.contains("[clinic input]")) {
                continue;
            }
            SourceText source = ((SourceReader.Read) SourceReader.read(file)).source();
            FileMigrator.Result r = migrator.migrate(source, CpythonSource.relative(src, file));
            if (!r.changed()) {
                continue;
            }
            migrated++;
            Path rel = src.relativize(file);
            Path copy = work.resolve(rel);
            Files.createDirectories(copy.getParent());
            Files.write(copy, source.encode(r.output()));
            Path clinicDir = file.getParent().resolve("clinic");
            if (Files.isDirectory(clinicDir)) {
                copyTree(clinicDir, copy.getParent().resolve("clinic"));
            }
            for (FileMigrator.Included inc : r.included()) {
                Files.write(copy.getParent().resolve(inc.name()), inc.source().encode(inc.output()));
            }
            Process p = new ProcessBuilder(python.toString(), src.resolve("Tools/clinic/clinic.py").toString(),
                    copy.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "clinic.py timed out on " + rel);
            if (p.exitValue() != 0) {
                problems.add(rel + ": clinic.py exit " + p.exitValue() + ": " + out.strip());
            } else if (!new String(Files.readAllBytes(copy), source.charset()).equals(r.output())) {
                problems.add(rel + ": clinic.py rewrote heapify's output");
            }
            if (Files.isDirectory(clinicDir)) {
                for (Path h : listFiles(clinicDir)) {
                    Path hc = copy.getParent().resolve("clinic").resolve(h.getFileName());
                    String expected = Files.readString(h, StandardCharsets.ISO_8859_1);
                    for (FileMigrator.Included inc : r.included()) {
                        if (file.getParent().resolve(inc.name()).equals(h)) {
                            expected = new String(inc.source().encode(inc.output()), StandardCharsets.ISO_8859_1);
                            renamed++;
                        }
                    }
                    if (!expected.equals(Files.readString(hc, StandardCharsets.ISO_8859_1))) {
                        problems.add(rel + ": clinic.py regenerated " + src.relativize(h));
                    }
                }
            }
        }
        System.out.printf("clinic corpus: %d migrated files with clinic input, %d clinic headers changed with "
                + "them, %d problems%n", migrated, renamed, problems.size());
        assertTrue(migrated >= 4, "migrated clinic files: " + migrated);
        assertTrue(renamed >= 2, "clinic headers changed (itertools, _collections): " + renamed);
        assertEquals(List.of(), problems);
    }

    private static Path pyenvPython311() {
        String root = System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv");
        try (Stream<Path> s = Files.list(Path.of(root, "versions"))) {
            Path dir = s.filter(p -> p.getFileName().toString().startsWith("3.11.")).max(Comparator.naturalOrder())
                    .orElseThrow(() -> new AssertionError("no pyenv 3.11 under " + root + " to run clinic.py"));
            return dir.resolve("bin/python3.11");
        } catch (java.io.IOException e) {
            throw new AssertionError("no pyenv versions under " + root, e);
        }
    }

    private static List<Path> listFiles(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to);
        for (Path f : listFiles(from)) {
            Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
