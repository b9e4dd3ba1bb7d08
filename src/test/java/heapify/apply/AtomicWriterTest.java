package heapify.apply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriterTest {
    @TempDir
    Path dir;

    @Test
    void replacesContentAndKeepsTheMode() throws Exception {
        // contract: rewrite through temp file + rename; the old file's permissions survive
        Path f = dir.resolve("m.c");
        Files.writeString(f, "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-x---"));
        AtomicWriter.write(f, "new".getBytes());
        assertArrayEquals("new".getBytes(), Files.readAllBytes(f));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temp file left behind");
        }
    }

    @Test
    void createsMissingFolders() throws Exception {
        Path f = dir.resolve("out/sub/m.c");
        AtomicWriter.write(f, "x".getBytes());
        assertArrayEquals("x".getBytes(), Files.readAllBytes(f));
    }
}
