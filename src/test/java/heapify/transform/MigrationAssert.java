package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import heapify.apply.FileMigrator;
import heapify.render.Renderer;
import heapify.source.SourceText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Before/after assertions on inline C (Error Prone's inlined tests, OpenRewrite's rewriteRun):
 * the output byte for byte and the full, ordered list of diagnostics in gcc's shape, the file
 * shown as {@code m.c}.
 */
final class MigrationAssert {
    private static final Renderer RENDERER =
            new Renderer(Path.of(System.getProperty("heapify.root", "."), "templates"));

    private MigrationAssert() {
    }

    static FileMigrator.Result migrate(Path file, String c, int target) {
        return new FileMigrator(RENDERER, new Options(target)).migrate(SourceText.of(file, c), "m.c");
    }

    /** {@code before} migrates to exactly {@code after} with exactly these diagnostics. */
    static void assertMigrates(String before, String after, String... diagnostics) {
        assertMigrates(Path.of("m.c"), before, after, diagnostics);
    }

    /** The same for a file on disk at {@code file} (its local includes are read from beside it). */
    static void assertMigrates(Path file, String before, String after, String... diagnostics) {
        write(file, before);
        FileMigrator.Result r = migrate(file, before, 11);
        assertEquals(after, r.output());
        assertEquals(List.of(diagnostics), r.formattedDiagnostics());
    }

    /** The file stays byte-identical and these are all the diagnostics. */
    static void assertUnchanged(String before, String... diagnostics) {
        assertMigrates(before, before, diagnostics);
        assertRerunReportsTheSame(before, diagnostics);
    }

    /**
     * Migrating heapify's own output changes nothing and reports exactly {@code remaining}: what
     * is still left as it was, derived from the code (clause 4), never from TODO text.
     */
    static void assertRerunReportsTheSame(String output, String... remaining) {
        assertRerunReportsTheSame(Path.of("m.c"), output, remaining);
    }

    static void assertRerunReportsTheSame(Path file, String output, String... remaining) {
        write(file, output);
        FileMigrator.Result r = migrate(file, output, 11);
        assertEquals(output, r.output(), "a second run changes nothing");
        assertEquals(List.of(remaining), r.formattedDiagnostics());
    }

    private static void write(Path file, String text) {
        if (file.getParent() == null) {
            return; // an inline case: nothing beside it to include
        }
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
