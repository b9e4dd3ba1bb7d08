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

    @Test
    void aNewFileGetsTheModeOfNewFilesNotOfATemporaryFile() throws Exception {
        // contract: the umask decides, as for any new file (Files.createTempFile would give rw-------)
        Path plain = Files.createFile(dir.resolve("plain"));
        Path f = dir.resolve("new.c");
        AtomicWriter.write(f, "x".getBytes());
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f));
    }

    @Test
    void leftoversOfAnInterruptedWriteOfThisFileAreRemoved() throws Exception {
        // contract: .NAME.heapify-tmp-DIGITS of this target go; other files stay
        Path f = dir.resolve("m.c");
        for (String n : new String[] {".m.c.heapify-tmp-42", ".m.c.heapify-tmp-7", ".n.c.heapify-tmp-42",
                ".m.c.heapify-tmp-notdigits", "m.c.heapify-tmp-42"}) {
            Files.writeString(dir.resolve(n), "x");
        }
        AtomicWriter.write(f, "new".getBytes());
        try (var s = Files.list(dir)) {
            assertEquals(java.util.List.of(".m.c.heapify-tmp-notdigits", ".n.c.heapify-tmp-42", "m.c",
                    "m.c.heapify-tmp-42"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(".m.c.heapify-tmp-", AtomicWriter.tempPrefix(f));
    }
}
