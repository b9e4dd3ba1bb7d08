package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every rule id the main sources can emit has a page {@code docs/rules/<id>.md}, no page is left
 * for an id the code no longer emits, and {@code docs/rules/README.md}'s table lists exactly the
 * emitted ids. Ids are found by reading the sources, the same way a maintainer greps for them.
 */
class RuleDocsTest {
    private static final String ID = "([a-z0-9][a-z0-9.]*(?:-[a-z0-9.]+)+)";
    /** {@code ctx.diagnose(Severity.WARNING, "id", ...)}, also with a qualified Severity. */
    private static final Pattern DIAGNOSE = Pattern.compile(
            "\\bdiagnose\\(\\s*(?:[\\w.]+\\.)?Severity\\.(\\w+)\\s*,\\s*\"" + ID + "\"");
    /** {@code Diagnostic.at(Severity.ERROR, "id", ...)} and {@code Diagnostic.ofFile(...)}. */
    private static final Pattern DIAGNOSTIC = Pattern.compile(
            "\\bDiagnostic\\.(?:at|ofFile)\\(\\s*(?:[\\w.]+\\.)?Severity\\.(\\w+)\\s*,\\s*\"" + ID + "\"");
    /** {@code new ScanBlocker("id", ...)}: scan's blockers, which carry no severity. */
    private static final Pattern BLOCKER = Pattern.compile("\\bnew\\s+ScanBlocker\\(\\s*\"" + ID + "\"");
    /** A printed message ending in {@code " [id]"}, as the CLI writes to stderr. */
    private static final Pattern PRINTED = Pattern.compile("\\s\\[" + ID + "\\]\"");
    /** ConvertTypeToSpec's {@code "id|message"} strings, split into rule id and message before diagnose. */
    private static final Pattern PIPED = Pattern.compile("\"" + ID + "\\|");
    /** A README table row: {@code | [`id`](id.md) | severity | what |}. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*\\[`([^`]+)`\\]\\(([^)]+)\\)\\s*\\|");

    private static final Path ROOT = Path.of(System.getProperty("heapify.root", "."));
    private static final Path RULES = ROOT.resolve("docs/rules");

    /** Rule id to the severities the code gives it directly (empty when it cannot be read off). */
    static Map<String, Set<String>> emittedIds(Path mainSources) {
        Map<String, Set<String>> ids = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(mainSources)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path f : files) {
            String text;
            try {
                text = withoutComments(Files.readString(f, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Pattern p : List.of(DIAGNOSE, DIAGNOSTIC)) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    ids.computeIfAbsent(m.group(2), k -> new TreeSet<>()).add(m.group(1).toLowerCase(Locale.ROOT));
                }
            }
            for (Pattern p : List.of(BLOCKER, PRINTED, PIPED)) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    ids.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                }
            }
        }
        return ids;
    }

    /**
     * The source with comments blanked (string, char and text-block literals kept), so that
     * javadoc such as {@code "rule-id|message"} is not taken for an id.
     */
    static String withoutComments(String src) {
        StringBuilder b = new StringBuilder(src.length());
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                b.append(src, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != c && src.charAt(j) != '\n') {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j + 1, n);
                b.append(src, i, j);
                i = j;
            } else if (src.startsWith("//", i)) {
                int end = src.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                b.append(' ');
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    private static Map<String, Set<String>> emitted() {
        Path main = ROOT.resolve("src/main/java");
        assertTrue(Files.isDirectory(main), "no sources at " + main.toAbsolutePath() + " (set -Dheapify.root)");
        Map<String, Set<String>> ids = emittedIds(main);
        // a sanity floor: if the patterns stop matching, every other check would pass vacuously
        assertTrue(ids.size() >= 20, "only " + ids.keySet() + " found; have the emitting calls changed shape?");
        return ids;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyEmittedIdHasAPageWithItsTitleAndSeverity() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : emitted().entrySet()) {
            Path page = RULES.resolve(e.getKey() + ".md");
            if (!Files.isRegularFile(page)) {
                problems.add(e.getKey() + ": no page " + ROOT.relativize(page));
                continue;
            }
            List<String> lines = lines(page);
            if (lines.isEmpty() || !lines.get(0).equals("# " + e.getKey())) {
                problems.add(page.getFileName() + ": first line is not '# " + e.getKey() + "'");
            }
            String severity = lines.stream().filter(l -> l.startsWith("**Severity:**")).findFirst().orElse("");
            if (severity.isEmpty()) {
                problems.add(page.getFileName() + ": no '**Severity:**' line");
            }
            for (String s : e.getValue()) {
                if (!severity.contains(s)) {
                    problems.add(page.getFileName() + ": the code emits it as " + s + ", the page says '" + severity + "'");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void noPageForAnIdTheCodeDoesNotEmit() throws IOException {
        Set<String> ids = emitted().keySet();
        List<String> stale = new ArrayList<>();
        try (Stream<Path> s = Files.list(RULES)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".md") && !n.equals("README.md"))
                    .map(n -> n.substring(0, n.length() - ".md".length()))
                    .filter(id -> !ids.contains(id))
                    .sorted()
                    .forEach(stale::add);
        }
        assertTrue(stale.isEmpty(), "pages for ids no source emits: " + stale);
    }

    @Test
    void readmeTableListsExactlyTheEmittedIds() {
        List<String> rows = new ArrayList<>();
        for (String l : lines(RULES.resolve("README.md"))) {
            Matcher m = ROW.matcher(l);
            if (m.find()) {
                assertEquals(m.group(1) + ".md", m.group(2), "row links elsewhere: " + l);
                rows.add(m.group(1));
            }
        }
        assertEquals(rows.size(), new TreeSet<>(rows).size(), "duplicate rows: " + rows);
        assertEquals(emitted().keySet(), new TreeSet<>(rows), "README.md's table against the ids the code emits");
    }

    @Test
    void theCollectorFindsEachShapeOfEmission() {
        // guards the patterns themselves: each kind of call site the project uses is recognised
        Map<String, Set<String>> ids = emitted();
        assertEquals(Set.of("warning"), ids.get("dealloc-without-free"));        // ctx.diagnose(Severity.X, ...)
        assertEquals(Set.of("warning"), ids.get("module-state-exists"));          // heapify.source.Severity.X
        assertEquals(Set.of("error"), ids.get("binary-file"));                  // Diagnostic.ofFile
        assertTrue(ids.containsKey("no-init-function"), ids.keySet().toString()); // new ScanBlocker
        assertTrue(ids.containsKey("no-c-files"), ids.keySet().toString());       // printed " [id]"
        assertTrue(ids.containsKey("unknown-slot-macro"), ids.keySet().toString()); // "id|message"
        assertFalse(ids.containsKey("rule-id"), "javadoc placeholder taken for an id");
    }
}
