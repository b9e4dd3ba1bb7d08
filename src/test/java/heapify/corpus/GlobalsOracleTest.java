package heapify.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.analysis.ScanAnalyzer;
import heapify.analysis.ScanFileReport;
import heapify.analysis.ScanGlobal;
import heapify.model.GlobalCategory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Oracle for globals: CPython 3.11.2's {@code Tools/c-analyzer/cpython/globals-to-fix.tsv}, the
 * global state CPython itself still had to make per-module. For the source files of the 14
 * modules of the shared harness corpus ({@code ../shared/harness/stdlib/corpus.tsv}, column
 * {@code sources}) and the Argument Clinic headers they {@code #include}, scan must report every
 * entry of that list (matched by file, function ({@code -}: file level) and name), with a category
 * that agrees with the list's section.
 *
 * <p>Sections map to categories as follows: static types, non-static types, structseq types and
 * heap types → type; exception types → exception; {@code _Py_IDENTIFIER},
 * {@code _Py_static_string} and {@code _PyArg_Parser} → safe; the other sections of the "global
 * objects" blocks (manually cached, other - during module init, initialized once, state) →
 * cached-object; modules → module-def; every section of the "global non-objects" blocks → c-state.
 *
 * <p>Documented disagreements ({@link #EXCEPTIONS}), each with the reason the list and scan differ.
 */
@Tag("corpus")
class GlobalsOracleTest {
    /** "file function name" → why scan's category differs from the list's section, deliberately. */
    private static final Map<String, String> EXCEPTIONS = Map.of(
            "Modules/_asynciomodule.c - fi_freelist_len",
            "a Py_ssize_t (c-state); the list files it under objects/state beside the free list it counts",
            "Modules/_zoneinfo.c - ZONEINFO_STRONG_CACHE_MAX_SIZE",
            "a 'static const size_t' never written (safe to keep); the list files it under non-objects/state",
            "Modules/_io/bufferedio.c _PyIO_trap_eintr eintr_int",
            "a 'static PyObject *' holding an int object (cached-object); the list files it under non-objects");

    private static final Pattern CLINIC_INCLUDE = Pattern.compile("(?m)^\\s*#\\s*include\\s+\"(clinic/[^\"]+)\"");

    record Entry(String file, String function, String name, String section, GlobalCategory expected) {
        String key() {
            return file + " " + function + " " + name;
        }
    }

    @Test
    void scanReportsTheGlobalsCpythonListsWithAgreeingCategories() throws IOException {
        // contract: recall >= 98 % over the list's entries for the corpus files, and every found
        // entry's category agrees with its section (or is a documented exception)
        Path root = CpythonSource.root();
        List<String> files = corpusFiles(root);
        List<Entry> entries = oracle(root.resolve("Tools/c-analyzer/cpython/globals-to-fix.tsv")).stream()
                .filter(e -> files.contains(e.file())).toList();
        // The list is older than the 3.11.2 sources in places: _pickle.c moved from _Py_IDENTIFIER to
        // _Py_ID, _datetimemodule.c's CAPI became heap memory, ... An entry whose name is nowhere in
        // its file (as an identifier, or as the argument of _Py_IDENTIFIER/_Py_static_string) cannot
        // be found by anyone; it is listed as stale and left out of the recall's denominator.
        Map<String, String> texts = new HashMap<>();
        for (String f : files) {
            texts.put(f, Files.readString(root.resolve(f), StandardCharsets.ISO_8859_1));
        }
        List<Entry> stale = entries.stream().filter(e -> !mentioned(texts.get(e.file()), e.name())).toList();
        List<Entry> all = entries;
        entries = entries.stream().filter(e -> !stale.contains(e)).toList();
        Map<String, ScanGlobal> found = new HashMap<>();
        for (String f : files) {
            ScanFileReport report = ScanAnalyzer.scan(root.resolve(f));
            for (ScanGlobal g : report.globals()) {
                found.putIfAbsent(f + " " + (g.function().isEmpty() ? "-" : g.function()) + " " + g.name(), g);
            }
        }
        List<String> misses = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        int agreeing = 0;
        for (Entry e : entries) {
            ScanGlobal g = found.get(e.key());
            if (g == null) {
                misses.add(e.key() + " [" + e.section() + "]");
            } else if (g.category() == e.expected() || EXCEPTIONS.containsKey(e.key())) {
                agreeing++;
            } else {
                disagreements.add(e.key() + ": scan says " + g.category().label() + ", list section '"
                        + e.section() + "' means " + e.expected().label());
            }
        }
        int hits = entries.size() - misses.size();
        double recall = entries.isEmpty() ? 0 : (double) hits / entries.size();
        System.out.printf("globals oracle: %d files, %d entries (%d stale, not in the 3.11.2 sources), %d found,"
                + " recall %.4f of present entries (%.4f of all), category agreement %d/%d"
                + " (%d documented exceptions)%n", files.size(), all.size(), stale.size(), hits, recall,
                (double) hits / all.size(), agreeing, hits, EXCEPTIONS.size());
        stale.forEach(e -> System.out.println("stale:  " + e.key() + " [" + e.section() + "]"));
        misses.forEach(m -> System.out.println("missed: " + m));
        disagreements.forEach(d -> System.out.println("category: " + d));
        EXCEPTIONS.forEach((k, why) -> System.out.println("exception: " + k + ": " + why));
        assertTrue(entries.size() > 200, "too few oracle entries: " + entries.size());
        assertTrue(recall >= 0.98, "recall " + recall + " < 0.98; missed: " + misses);
        assertEquals(List.of(), disagreements);
        for (String k : EXCEPTIONS.keySet()) {
            assertTrue(entries.stream().anyMatch(e -> e.key().equals(k)), "stale exception: " + k);
        }
    }

    /** True when the global's name occurs in the text as an identifier (PyId_x: also as _Py_IDENTIFIER(x)). */
    static boolean mentioned(String text, String name) {
        if (Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(text).find()) {
            return true;
        }
        return name.startsWith("PyId_") && Pattern.compile("_Py_IDENTIFIER\\s*\\(\\s*"
                + Pattern.quote(name.substring(5)) + "\\s*\\)").matcher(text).find();
    }

    /** The corpus's source files plus the clinic headers they include, relative to the root. */
    static List<String> corpusFiles(Path root) throws IOException {
        Path corpus = CpythonSource.sharedDir().resolve("harness/stdlib/corpus.tsv");
        TreeSet<String> files = new TreeSet<>();
        int sourcesColumn = -1;
        for (String line : Files.readAllLines(corpus, StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (sourcesColumn < 0) {
                sourcesColumn = List.of(cols).indexOf("sources");
                continue;
            }
            for (String src : cols[sourcesColumn].trim().split("\\s+")) {
                files.add(src);
                String text = Files.readString(root.resolve(src), StandardCharsets.ISO_8859_1);
                Matcher m = CLINIC_INCLUDE.matcher(text);
                while (m.find()) {
                    Path header = root.resolve(src).resolveSibling(m.group(1)).normalize();
                    if (Files.isRegularFile(header)) {
                        files.add(CpythonSource.relative(root, header));
                    }
                }
            }
        }
        return new ArrayList<>(files);
    }

    /** Parses globals-to-fix.tsv, giving each entry the category its section stands for. */
    static List<Entry> oracle(Path tsv) throws IOException {
        List<Entry> out = new ArrayList<>();
        boolean objects = true;
        String block = "";
        String section = "";
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            if (line.startsWith("#")) {
                String h = line.substring(1).strip();
                if (h.isEmpty() || h.startsWith("-") || h.startsWith("XXX") || h.contains("\t")
                        || h.startsWith("These are") || h.startsWith("???")) {
                    continue;
                }
                if (h.startsWith("#")) {
                    continue; // a '####' rule line
                }
                if (h.startsWith("global objects") || h.startsWith("global non-objects")) {
                    objects = h.startsWith("global objects");
                    block = h;
                    section = "";
                    continue;
                }
                section = h;
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length < 3 || !cols[0].contains("/")) {
                continue;
            }
            out.add(new Entry(cols[0], cols[1], cols[2], block + " / " + section, category(objects, section)));
        }
        return out;
    }

    static GlobalCategory category(boolean objects, String section) {
        if (!objects) {
            return GlobalCategory.C_STATE;
        }
        if (section.contains("types")) {
            return section.startsWith("exception") ? GlobalCategory.EXCEPTION : GlobalCategory.TYPE;
        }
        if (section.startsWith("_Py_IDENTIFIER") || section.startsWith("_Py_static_string")
                || section.startsWith("_PyArg_Parser")) {
            return GlobalCategory.SAFE;
        }
        if (section.equals("modules")) {
            return GlobalCategory.MODULE_DEF;
        }
        return GlobalCategory.CACHED_OBJECT;
    }
}
