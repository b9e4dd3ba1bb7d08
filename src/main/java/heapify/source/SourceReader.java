package heapify.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a C file as bytes and decodes it losslessly: UTF-8 when the bytes are valid UTF-8,
 * otherwise ISO-8859-1 (every byte one char, so encoding gives the same bytes back). A file that
 * is missing, not a regular file, unreadable, larger than {@link #MAX_BYTES} or binary (NUL bytes)
 * gives a diagnostic instead; {@code scan} and {@code migrate} both count that as an I/O error (exit 2).
 */
public final class SourceReader {
    private SourceReader() {
    }

    /** The result of reading: the text, or a diagnostic saying why there is none. */
    public sealed interface Result permits Read, Unreadable {
    }

    public record Read(SourceText source) implements Result {
    }

    public record Unreadable(Diagnostic diagnostic) implements Result {
    }

    /** The largest file heapify reads: 64 MiB, far above any hand-written or generated C module. */
    public static final long MAX_BYTES = 64L << 20;

    /**
     * Reads the file at {@code path}. Only a regular file is opened (a FIFO without a writer would
     * block forever, a device such as {@code /dev/zero} never ends), and at most
     * {@link #MAX_BYTES} + 1 bytes are read, so a file that grows while it is read is refused too.
     */
    public static Result read(Path path) {
        return read(path, MAX_BYTES);
    }

    /** As {@link #read(Path)}, with another size limit (for tests). */
    public static Result read(Path path, long maxBytes) {
        if (!Files.exists(path)) {
            return unreadable(path, Files.isSymbolicLink(path) ? "broken symbolic link" : "no such file or directory");
        }
        if (!Files.isRegularFile(path)) {
            return unreadable(path, Files.isDirectory(path) ? "is a directory" : "not a regular file");
        }
        byte[] bytes;
        try {
            if (Files.size(path) > maxBytes) {
                return tooLarge(path, maxBytes);
            }
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            }
        } catch (IOException e) {
            return unreadable(path, "cannot read: " + IoReason.of(e, path));
        }
        if (bytes.length > maxBytes) {
            return tooLarge(path, maxBytes);
        }
        for (byte b : bytes) {
            if (b == 0) {
                return new Unreadable(Diagnostic.ofFile(Severity.ERROR, "binary-file", path,
                        "file contains NUL bytes; not a C source file"));
            }
        }
        return new Read(decode(path, bytes));
    }

    private static Result tooLarge(Path path, long maxBytes) {
        String limit = maxBytes % (1 << 20) == 0 ? (maxBytes >> 20) + " MiB" : maxBytes + " bytes";
        return new Unreadable(Diagnostic.ofFile(Severity.ERROR, "file-too-large", path,
                "file is larger than " + limit + "; not read"));
    }

    public static SourceText decode(Path path, byte[] bytes) {
        if (ascii(bytes)) {
            // the same text as UTF-8 decoding gives, without the decoder's char buffer and its copy
            // back to one byte per char (4 % of a whole-tree run's samples); most C files are ASCII
            return new SourceText(path, new String(bytes, StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return new SourceText(path, text, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            return new SourceText(path, new String(bytes, StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static Result unreadable(Path path, String why) {
        return new Unreadable(Diagnostic.ofFile(Severity.ERROR, "unreadable-file", path, why));
    }
}
