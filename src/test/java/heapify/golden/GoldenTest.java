package heapify.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import heapify.apply.FileMigrator;
import heapify.lex.Lexing;
import heapify.render.Renderer;
import heapify.source.SourceReader;
import heapify.source.SourceText;
import heapify.transform.Options;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per example module: {@code examples/NAME/} (with {@code example.properties} naming
 * the module and target) against {@code golden/NAME/} (the expected output, diff and
 * diagnostics), after google-java-format's FormatterIntegrationTest. Goldens are rewritten only
 * with {@code -Dheapify.updateGolden=true}, and such a run fails every case it rewrote: the files
 * are then reviewed and the test rerun without the flag, so an update run is never green.
 */
class GoldenTest {
    private static final Path ROOT = Path.of(System.getProperty("heapify.root", "."));
    private static final Path EXAMPLES = ROOT.resolve("examples");
    private static final Path GOLDEN = ROOT.resolve("golden");
    private static final boolean UPDATE = Boolean.getBoolean("heapify.updateGolden");

    static Stream<String> cases() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (Path dir : new Path[] {EXAMPLES, GOLDEN}) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
                }
            }
        }
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void migratesLikeTheGolden(String name) throws IOException {
        Path example = EXAMPLES.resolve(name);
        Path golden = GOLDEN.resolve(name);
        if (!Files.isDirectory(example)) {
            fail("golden/" + name + " has no example");
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(example.resolve("example.properties"))) {
            props.load(in);
        }
        String module = props.getProperty("module");
        int target = Integer.parseInt(props.getProperty("target", "3.11").split("\\.")[1]);
        String file = module + ".c";
        SourceText source = ((SourceReader.Read) SourceReader.read(example.resolve(file))).source();
        FileMigrator migrator = new FileMigrator(Renderer.forWorkingTree(), new Options(target));

        // 1. round trip
        assertEquals(source.text(), Lexing.lex(source).reassemble(), "lexing must lose nothing");

        FileMigrator.Result r = migrator.migrate(source, file);
        String diagnostics = String.join("\n", r.formattedDiagnostics()) + (r.diagnostics().isEmpty() ? "" : "\n");
        if (UPDATE) {
            Files.createDirectories(golden);
            Files.write(golden.resolve(file), source.encode(r.output()));
            Files.writeString(golden.resolve(file + ".diff"), r.diff(), source.charset());
            Files.writeString(golden.resolve("diagnostics.txt"), diagnostics, StandardCharsets.UTF_8);
        } else {
            if (!Files.isDirectory(golden)) {
                fail("examples/" + name + " has no golden (run with -Dheapify.updateGolden=true and review it)");
            }
            // 2. output and diff byte-equal
            assertEquals(Files.readString(golden.resolve(file), source.charset()), r.output(), "output of " + name);
            assertEquals(Files.readString(golden.resolve(file + ".diff"), source.charset()), r.diff(),
                    "diff of " + name);
            // 3. diagnostics, always
            assertEquals(Files.readString(golden.resolve("diagnostics.txt")), diagnostics, "diagnostics of " + name);
        }
        // 4. idempotence
        SourceText again = new SourceText(source.path(), r.output(), source.charset());
        FileMigrator.Result second = migrator.migrate(again, file);
        assertEquals(r.output(), second.output(), "a second run must change nothing");
        assertTrue(!second.hasErrors(), "a second run reports no error: " + second.formattedDiagnostics());
        assertEquals(findings(r), findings(second), "a second run reports what the first left (contract clause 4)");
        // 5. CRLF in, CRLF out
        String crlfIn = source.text().replace("\r\n", "\n").replace("\n", "\r\n");
        FileMigrator.Result crlf = migrator.migrate(new SourceText(source.path(), crlfIn, source.charset()), file);
        assertEquals(r.output().replace("\r\n", "\n").replace("\n", "\r\n"), crlf.output(), "CRLF copy of " + name);
        assertTrue(r.changed() || r.diagnostics().size() > 0, "an example teaches something");
        if (UPDATE) {
            // comparing the files just written with themselves would be green by construction
            fail("golden updated: review the diff and rerun without -Dheapify.updateGolden");
        }
    }

    /** Warnings and errors by rule id and message: what was left as it was, positions aside. */
    private static java.util.List<String> findings(FileMigrator.Result r) {
        return r.diagnostics().stream().filter(d -> d.severity() != heapify.source.Severity.NOTE)
                .map(d -> d.severity() + " " + d.message() + " [" + d.ruleId() + "]").toList();
    }
}
