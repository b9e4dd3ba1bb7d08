package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heapify verify} run in-process: bad input fast, a real proof in the slow tier. */
class VerifyCommandTest {
    @TempDir
    Path dir;

    private static final Path EXAMPLE = Path.of(System.getProperty("heapify.root", "."), "examples/plain-type");

    @Test
    void missingTestScriptIsAnIoError() {
        // contract: a missing script is named on one line, exit 2, nothing run
        ScanCommandTest.Run r = ScanCommandTest.run("verify", EXAMPLE.resolve("hp_plain.c").toString(),
                "--test-script", dir.resolve("nope.py").toString(), "--work", dir.toString());
        assertEquals(2, r.code());
        assertEquals(dir.resolve("nope.py") + ": error: no such file [unreadable-file]\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void fileWithoutInitFunctionIsAFinding() throws Exception {
        // contract: a C file that is no module is reported, not built
        Path c = dir.resolve("lib.c");
        java.nio.file.Files.writeString(c, "static int f(void) { return 0; }\n");
        ScanCommandTest.Run r = ScanCommandTest.run("verify", c.toString(), "--test-script",
                EXAMPLE.resolve("test_hp_plain.py").toString(), "--work", dir.toString());
        assertEquals(1, r.code());
        assertEquals(c + ": error: no PyInit_ function; not a module [no-init-function]\n", r.err());
    }

    @Test
    @Tag("slow")
    void plainTypeIsProvenOnTwelve() {
        // contract: the migrated example shows every fact on 3.12 (own-GIL subinterpreter included)
        ScanCommandTest.Run r = ScanCommandTest.run("verify", EXAMPLE.resolve("hp_plain.c").toString(),
                "--test-script", EXAMPLE.resolve("test_hp_plain.py").toString(), "--python", "3.12",
                "--work", dir.toString());
        System.out.println(r.out());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("verify: 1 interpreter(s), 0 fact(s) violated"), r.out());
        assertTrue(r.out().contains("== 3.12"), r.out());
    }
}
