package heapify.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary folders heapify makes to run clinic or a compiler in, and how they go away. */
public final class TemporaryFolder {
    private TemporaryFolder() {
    }

    /** Deletes {@code dir} (null or missing: nothing) and everything under it, as far as it can. */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is not worth failing the migration for
        }
    }
}
