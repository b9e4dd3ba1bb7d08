package heapify.source;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Why an I/O operation failed, in the words of {@code strerror} ("permission denied", "no such
 * file or directory"). Java's {@code AccessDeniedException} and friends carry only the path in
 * their message, so printing {@code e.getMessage()} gave "cannot write: .x.c.123.heapify.tmp" and no reason.
 */
public final class IoReason {
    private IoReason() {
    }

    /** The reason alone, lowercase, without the path. */
    public static String of(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "file exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof FileSystemLoopException) {
            return "symbolic link loop";
        }
        if (e instanceof NotLinkException) {
            return "not a symbolic link";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return lower(f.getReason()); // the OS's text: "Read-only file system", "No space left on device"
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? lower(e.getClass().getSimpleName()) : lower(m);
    }

    /**
     * The reason, and the path the failure was about when it is not {@code subject} itself, as in
     * "not a directory: 'out'" for a write of {@code out/x.c} where {@code out} is a file.
     */
    public static String of(IOException e, Path subject) {
        String why = of(e);
        if (e instanceof FileSystemException f && f.getFile() != null && subject != null) {
            Path failed = Path.of(f.getFile()).toAbsolutePath().normalize();
            if (!failed.equals(subject.toAbsolutePath().normalize())) {
                Path cwd = Path.of("").toAbsolutePath();
                return why + ": '" + (failed.startsWith(cwd) ? cwd.relativize(failed) : failed) + "'";
            }
        }
        return why;
    }

    private static String lower(String s) {
        String t = s.strip();
        return t.isEmpty() ? t : t.substring(0, 1).toLowerCase(Locale.ROOT) + t.substring(1);
    }
}
