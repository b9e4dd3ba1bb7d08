package heapify.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import heapify.analysis.ScanFileReport;
import heapify.analysis.ScanReport;
import heapify.analysis.ScanRunner;
import heapify.analysis.ScanType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scan finds exactly the {@code PyTypeObject} definitions with initializers of CPython 3.11.2's
 * Modules/ (static, non-static and Py_EXPORTED_SYMBOL), each with its tp_name.
 *
 * <p>The expected list {@code src/test/resources/corpus/expected-types-3.11.2.tsv} (file, C name,
 * tp_name as written with whitespace collapsed) was made without heapify, by
 * {@code src/test/resources/corpus/make-expected-types.py}: a Python regex over the tree with
 * comments and literals blanked. Regenerate it with
 * {@code python3 src/test/resources/corpus/make-expected-types.py <Python-3.11.2> >
 * src/test/resources/corpus/expected-types-3.11.2.tsv}.
 */
@Tag("corpus")
class ScanModulesTypesTest {
    @Test
    void findsEveryTypeObjectDefinitionWithItsTpName() throws IOException {
        // contract: the sets (file, C name, tp_name) are equal: nothing missed, nothing invented
        Path root = CpythonSource.root();
        Set<String> expected = new TreeSet<>();
        try (InputStream in = getClass().getResourceAsStream("/corpus/expected-types-3.11.2.tsv")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .forEach(expected::add);
        }
        ScanReport report = ScanRunner.scan(CpythonSource.cFiles(root.resolve("Modules")),
                Runtime.getRuntime().availableProcessors());
        Set<String> actual = new TreeSet<>();
        for (ScanFileReport f : report.files()) {
            for (ScanType t : f.types()) {
                actual.add(CpythonSource.relative(root, f.file()) + "\t" + t.cName() + "\t"
                        + String.join(" ", t.tpName().split("\\s+")));
            }
        }
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        System.out.println("types found: " + actual.size() + " (expected " + expected.size() + ")");
        missing.forEach(m -> System.out.println("missing: " + m));
        extra.forEach(m -> System.out.println("extra:   " + m));
        assertEquals(117, expected.size(), "the expected list itself changed");
        assertEquals(expected, actual);
    }
}
