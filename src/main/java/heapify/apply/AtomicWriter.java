package heapify.apply;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Writes a file through a temporary file in the same folder and an atomic rename, so a reader
 * sees the old or the new content and never a half-written file; the old file's mode is kept.
 */
public final class AtomicWriter {
    private AtomicWriter() {
    }

    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Set<PosixFilePermission> mode = null;
        if (Files.exists(target)) {
            try {
                mode = Files.getPosixFilePermissions(target);
            } catch (UnsupportedOperationException e) {
                mode = null;
            }
        }
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".heapify.tmp");
        try {
            Files.write(tmp, content);
            if (mode != null) {
                Files.setPosixFilePermissions(tmp, mode);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
