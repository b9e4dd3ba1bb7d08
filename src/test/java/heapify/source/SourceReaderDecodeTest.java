package heapify.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Decoding is lossless whatever the bytes: ASCII (read without the UTF-8 decoder) and UTF-8 as
 * UTF-8, anything else as ISO-8859-1, and each encodes back to the bytes it was read from.
 */
class SourceReaderDecodeTest {
    private static SourceText decodeRoundTrip(byte[] bytes) {
        SourceText t = SourceReader.decode(Path.of("m.c"), bytes);
        assertArrayEquals(bytes, t.encode(t.text()));
        return t;
    }

    @Test
    void asciiIsUtf8WithOneCharPerByte() {
        byte[] bytes = "static int x;\r\n\t/* \u007f */\n".getBytes(StandardCharsets.US_ASCII);
        SourceText t = decodeRoundTrip(bytes);
        assertEquals(StandardCharsets.UTF_8, t.charset());
        assertEquals("static int x;\r\n\t/* \u007f */\n", t.text());
        assertEquals("", decodeRoundTrip(new byte[0]).text());
    }

    @Test
    void utf8AndItsByteOrderMarkAreDecoded() {
        String text = "\ufeff/* \u00e9t\u00e9 \u2014 \u03c0 */\nint x;\n";
        SourceText t = decodeRoundTrip(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(StandardCharsets.UTF_8, t.charset());
        assertEquals(text, t.text());
    }

    @Test
    void bytesThatAreNoUtf8AreLatin1() {
        byte[] bytes = {'/', '*', ' ', (byte) 0xe9, ' ', '*', '/', '\n'};
        SourceText t = decodeRoundTrip(bytes);
        assertEquals(StandardCharsets.ISO_8859_1, t.charset());
        assertEquals("/* \u00e9 */\n", t.text());
    }
}
