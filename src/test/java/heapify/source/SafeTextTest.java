package heapify.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void controlCharactersBecomeEscapes() {
        // contract: C0 controls but tab, DEL and C1 controls as \xNN; bidi overrides as \\uNNNN
        assertEquals("a\\x1b[31mb\\x0a\tc\\x7f\\x9b\\u202e", SafeText.of("a\u001b[31mb\n\tc\u007f\u009b\u202e"));
        String plain = "caf\u00e9 'Foo_Type' \t";
        assertSame(plain, SafeText.of(plain), "nothing to escape: the same string");
    }

    @Test
    void diagnosticsEscapeTheirFileNameAndMessage() {
        // contract: one line, whatever the name or the quoted source holds
        Diagnostic d = Diagnostic.ofFile(Severity.ERROR, "x-y", Path.of("a\nb.c"), "'\u001b]0;t\u0007'");
        assertEquals("a\\x0ab.c: error: '\\x1b]0;t\\x07' [x-y]", d.format(null));
    }
}
