package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which .c files of a folder are modules: the byte search of {@link SourceTree#modules}. */
class SourceTreeScanTest {
    @TempDir
    Path dir;

    private static boolean has(String text, String word) {
        return SourceTree.contains(text.getBytes(StandardCharsets.ISO_8859_1), word.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void findsTheWordAnywhereAndOnlyWhole() {
        assertTrue(has("PyInit_", "PyInit_"));
        assertTrue(has("x PyInit_x", "PyInit_"));
        assertTrue(has("PyInitPyInit_", "PyInit_")); // a false start right before it
        assertTrue(has("PyInit_ at the start", "PyInit_"));
        assertFalse(has("PyInit", "PyInit_"));
        assertFalse(has("Py", "PyInit_"));
        assertFalse(has("", "PyInit_"));
        assertFalse(has("PyTypeObjec", "PyTypeObject"));
    }

    @Test
    void aModuleMentionsPyInitOrPyTypeObject() throws Exception {
        Files.writeString(dir.resolve("a.c"), "PyMODINIT_FUNC PyInit_a(void) {}\n");
        Files.writeString(dir.resolve("b.c"), "static PyTypeObject B_Type;\n");
        Files.writeString(dir.resolve("c.c"), "int c(void) { return 0; } /* PyInit */\n");
        Files.write(dir.resolve("d.c"), "/* caf\u00e9 */ PyInit_d\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of(dir.resolve("a.c"), dir.resolve("b.c"), dir.resolve("d.c")), SourceTree.modules(dir));
    }
}
