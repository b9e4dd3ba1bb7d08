package heapify.apply;

import heapify.source.IoReason;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Writes a file through a temporary file in the same folder and an atomic rename, so a reader
 * sees the old or the new content and never a half-written file; the old file's mode is kept,
 * and a new file gets the mode the umask gives it.
 *
 * <p>The temporary file is named {@code .NAME.heapify-tmp-DIGITS} next to {@code NAME}. A run
 * killed between writing it and the rename leaves it behind; the next write of {@code NAME}
 * removes every such leftover first, so they never pile up, and the name says where one came from.
 */
public final class AtomicWriter {
    private static final String TMP = ".heapify-tmp-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicWriter() {
    }

    /** The prefix of the temporary files for {@code target}: {@code .NAME.heapify-tmp-}. */
    static String tempPrefix(Path target) {
        return "." + target.getFileName() + TMP;
    }

    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.getParent() != null ? target.getParent() : target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        removeLeftovers(dir, tempPrefix(target));
        Set<PosixFilePermission> mode = null;
        if (Files.exists(target)) {
            try {
                mode = Files.getPosixFilePermissions(target);
            } catch (UnsupportedOperationException e) {
                mode = null;
            }
        }
        Path tmp = null;
        try {
            tmp = create(dir, tempPrefix(target));
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                out.write(content);
            }
            if (mode != null) {
                Files.setPosixFilePermissions(tmp, mode);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileSystemException e) {
            // the temporary file is ours, not the user's: report the failure as one on the target
            if (e.getFile() != null && e.getFile().contains(TMP)) {
                throw new FileSystemException(target.toString(), null, IoReason.of(e));
            }
            throw e;
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** A new, empty temporary file (created as new files are, so the umask applies). */
    private static Path create(Path dir, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong()));
            try {
                Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** Deletes the regular files {@code prefix + digits} in {@code dir}: temporary files of an interrupted write. */
    private static void removeLeftovers(Path dir, String prefix) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.length() > prefix.length()
                    && n.substring(prefix.length()).chars().allMatch(Character::isDigit);
        })) {
            for (Path p : s) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
