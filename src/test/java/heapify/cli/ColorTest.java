package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate --color}: ANSI colours on the diff's lines only when asked for (or on a terminal). */
class ColorTest {
    @TempDir
    Path dir;

    @Test
    void alwaysColoursAddedRemovedAndHeaderLines() throws Exception {
        // contract: + green, - red, @@ cyan, ---/+++ bold; stripping the escapes gives the plain diff
        Path c = TestModules.write(dir, "foo.c", TestModules.FOO);
        TestModules.Run plain = TestModules.run("migrate", c.toString());
        TestModules.Run coloured = TestModules.run("migrate", "--color=always", c.toString());
        assertEquals(0, coloured.code(), coloured.err());
        String s = coloured.out();
        assertTrue(s.startsWith("\u001b[1m--- "), s);
        assertTrue(s.contains("\n\u001b[36m@@ "), s);
        assertTrue(s.contains("\n\u001b[32m+static PyType_Spec Foo_spec = {\u001b[m\n"), s);
        assertTrue(s.contains("\n\u001b[31m-static PyTypeObject Foo_Type = {\u001b[m\n"), s);
        assertEquals(plain.out(), s.replaceAll("\u001b\\[[0-9;]*m", ""));
        assertEquals(plain.err(), coloured.err());
    }

    @Test
    void neverAndAutoOffATerminalPrintThePlainDiff() throws Exception {
        // contract: under the test runner there is no console, so auto prints what never prints
        Path c = TestModules.write(dir, "foo.c", TestModules.FOO);
        TestModules.Run plain = TestModules.run("migrate", c.toString());
        assertArrayEquals(plain.outBytes(), TestModules.run("migrate", "--color=never", c.toString()).outBytes());
        assertArrayEquals(plain.outBytes(), TestModules.run("migrate", "--color=auto", c.toString()).outBytes());
        assertTrue(!plain.out().contains("\u001b"));
    }

    @Test
    void crlfLinesResetBeforeTheirLineEnding() {
        // contract: the reset goes before \r\n, so a CRLF diff keeps its line endings
        assertEquals("\u001b[32m+a\u001b[m\r\n \r\n", ColorOptions.colour("+a\r\n \r\n"));
    }

    @Test
    void anUnknownWhenIsAUsageError() {
        // contract: exit 2 and a message naming the three values
        TestModules.Run r = TestModules.run("migrate", "--color=sometimes", "x.c");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--color takes never, always or auto, not 'sometimes'"), r.err());
    }
}
