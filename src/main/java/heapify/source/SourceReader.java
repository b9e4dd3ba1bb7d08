package heapify.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a C file as bytes and decodes it losslessly: UTF-8 when the bytes are valid UTF-8,
 * otherwise ISO-8859-1 (every byte one char, so encoding gives the same bytes back).
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

    public static Result read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return unreadable(path, "no such file");
        } catch (AccessDeniedException e) {
            return unreadable(path, "permission denied");
        } catch (IOException e) {
            return unreadable(path, "cannot read: " + e.getMessage());
        }
        for (byte b : bytes) {
            if (b == 0) {
                return new Unreadable(Diagnostic.ofFile(Severity.ERROR, "binary-file", path,
                        "file contains NUL bytes; not a C source file"));
            }
        }
        return new Read(decode(path, bytes));
    }

    public static SourceText decode(Path path, byte[] bytes) {
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

    private static Result unreadable(Path path, String why) {
        return new Unreadable(Diagnostic.ofFile(Severity.ERROR, "unreadable-file", path, why));
    }
}
