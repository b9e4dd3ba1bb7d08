package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/migration-rules.md}, heapify's own rule book, stays in step with the code: it names
 * every transformer, links every rule page, and everything it names (classes as
 * {@code `transform.Foo`}, templates as {@code `foo.ftl`}, rule pages as {@code rules/<id>.md})
 * exists. Read the same way {@link RuleDocsTest} reads sources and pages: as files, from
 * {@code -Dheapify.root} (default the working folder).
 */
class RuleBookTest {
    private static final Path ROOT = Path.of(System.getProperty("heapify.root", "."));
    private static final Path BOOK = ROOT.resolve("docs/migration-rules.md");
    private static final Path MAIN = ROOT.resolve("src/main/java/heapify");

    /**
     * Classes of {@code heapify.transform} the book need not name: plumbing every transformer
     * shares, which implements no rule of its own (the interface, the plan and its edits, the
     * fragments and view records handed to templates, the text-position helper, the shared
     * context). {@code package-info} is not a class. Everything else there (each transformer,
     * each helper a transformer delegates a rule to, {@code Options}, {@code NameRegistry})
     * implements a rule or a contract clause and must be named.
     */
    static final Set<String> PLUMBING = Set.of("package-info", "Transformer", "MigrationPlan", "PlannedEdit",
            "Fragment", "Views", "SourceLayout", "MigrationContext");

    /** {@code `transform.ConvertTypeToSpec`}, optionally with a member: {@code `transform.TypeBlockers.blocker`}. */
    private static final Pattern CLASS_REF = Pattern.compile(
            "`(analysis|apply|cli|lex|model|parse|render|source|transform|verify)\\.([A-Z]\\w*)(?:\\.(\\w+))?`");
    /** {@code (rules/state-unreachable.md)} as a link target. */
    private static final Pattern RULE_LINK = Pattern.compile("\\]\\(rules/([^)#]+)\\)");
    /** {@code [`state-unreachable`](rules/state-unreachable.md)}: the text and the target. */
    private static final Pattern RULE_LINK_TEXT = Pattern.compile("\\[`([^`]+)`\\]\\(rules/([^)#]+)\\.md\\)");
    /** {@code `type-slots.ftl`}, {@code `lib/guards.ftl`}. */
    private static final Pattern TEMPLATE_REF = Pattern.compile("`([\\w./-]+\\.ftl)`");

    private static String book() {
        assertTrue(Files.isRegularFile(BOOK), "no " + BOOK.toAbsolutePath() + " (set -Dheapify.root)");
        return read(BOOK);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> javaFilesIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - ".java".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyTransformClassIsNamed() {
        String book = book();
        List<String> classes = javaFilesIn(MAIN.resolve("transform"));
        // a sanity floor: the package has a dozen transformers and helpers
        assertTrue(classes.size() >= 20, "only " + classes + " under " + MAIN.resolve("transform"));
        List<String> missing = new ArrayList<>();
        for (String c : classes) {
            if (!PLUMBING.contains(c) && !book.contains("`transform." + c + "`")
                    && !book.contains("`transform." + c + ".")) {
                missing.add(c);
            }
        }
        assertTrue(missing.isEmpty(), "docs/migration-rules.md does not name (as `transform.X`): " + missing
                + "; say which rule or contract clause each implements, or, for plumbing, add it to PLUMBING");
    }

    @Test
    void everyPlumbingEntryIsStillAClass() {
        // a class removed from transform must leave PLUMBING too, or the list goes stale
        Set<String> classes = new TreeSet<>(javaFilesIn(MAIN.resolve("transform")));
        Set<String> stale = new TreeSet<>(PLUMBING);
        stale.removeAll(classes);
        assertTrue(stale.isEmpty(), "PLUMBING names classes that no longer exist: " + stale);
    }

    @Test
    void everyClassItNamesExists() {
        Matcher m = CLASS_REF.matcher(book());
        List<String> problems = new ArrayList<>();
        int seen = 0;
        while (m.find()) {
            seen++;
            Path file = MAIN.resolve(m.group(1)).resolve(m.group(2) + ".java");
            if (!Files.isRegularFile(file)) {
                problems.add(m.group() + ": no " + ROOT.relativize(file));
            } else if (m.group(3) != null && !Pattern.compile("\\b" + m.group(3) + "\\b").matcher(read(file)).find()) {
                problems.add(m.group() + ": " + ROOT.relativize(file) + " has no '" + m.group(3) + "'");
            }
        }
        assertTrue(seen >= 20, "only " + seen + " class references found; has their spelling changed?");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyRulePageIsLinked() throws IOException {
        String book = book();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> s = Files.list(ROOT.resolve("docs/rules"))) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".md") && !n.equals("README.md"))
                    .sorted()
                    .filter(n -> !book.contains("](rules/" + n + ")"))
                    .forEach(missing::add);
        }
        assertTrue(missing.isEmpty(), "rule pages docs/migration-rules.md does not link: " + missing);
    }

    @Test
    void everyRuleLinkExistsAndShowsItsId() {
        String book = book();
        List<String> problems = new ArrayList<>();
        Matcher m = RULE_LINK.matcher(book);
        while (m.find()) {
            if (!Files.isRegularFile(ROOT.resolve("docs/rules").resolve(m.group(1)))) {
                problems.add("link to missing docs/rules/" + m.group(1));
            }
        }
        Matcher t = RULE_LINK_TEXT.matcher(book);
        while (t.find()) {
            if (!t.group(1).equals(t.group(2))) {
                problems.add("[`" + t.group(1) + "`] links to rules/" + t.group(2) + ".md");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyTemplateItNamesExists() {
        Matcher m = TEMPLATE_REF.matcher(book());
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            if (!Files.isRegularFile(ROOT.resolve("templates").resolve(m.group(1)))) {
                missing.add(m.group(1));
            }
        }
        assertTrue(missing.isEmpty(), "templates named in docs/migration-rules.md but not under templates/: " + missing);
    }

    @Test
    void contractClausesThenRulesOneToEleven() {
        List<String> headings = book().lines().filter(l -> l.startsWith("## Rule ") || l.matches("### [1-9]\\. .*"))
                .toList();
        List<String> want = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            want.add("### " + i + ".");
        }
        for (int i = 1; i <= 11; i++) {
            want.add("## Rule " + i + ":");
        }
        List<String> got = headings.stream().map(h -> h.startsWith("###") ? h.substring(0, h.indexOf('.') + 1)
                : h.indexOf(':') < 0 ? h : h.substring(0, h.indexOf(':') + 1)).toList();
        assertEquals(want, got, "the contract's six clauses first, then Rules 1-11, in order");
    }

    @Test
    void readmesLinkTheBook() {
        assertTrue(read(ROOT.resolve("README.md")).contains("](docs/migration-rules.md)"),
                "README.md does not link docs/migration-rules.md");
        assertTrue(read(ROOT.resolve("docs/rules/README.md")).contains("](../migration-rules.md)"),
                "docs/rules/README.md does not link ../migration-rules.md");
    }
}
