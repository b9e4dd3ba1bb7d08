package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import heapify.cli.TestModules.Run;
import heapify.source.SourceReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input that never ends or never comes (issue #11, item 5) is refused without being read, by
 * {@code migrate} and {@code scan} alike: a device such as {@code /dev/zero}, a FIFO without a
 * writer, a file over the size limit.
 */
class UnboundedInputTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void deviceIsRefusedWithoutReading() {
        // contract: /dev/zero is not a regular file: refused at once, no out-of-memory
        assumeTrue(Files.exists(Path.of("/dev/zero")));
        String expected = "/dev/zero: error: not a regular file [unreadable-file]\n";
        Run m = TestModules.run("migrate", "/dev/zero");
        assertEquals(2, m.code());
        assertEquals(expected, m.err());
        Run s = TestModules.run("scan", "/dev/zero");
        assertEquals(2, s.code());
        assertEquals(expected, s.err());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void fifoIsRefusedByMigrateWithoutBlocking() throws Exception {
        // contract: a FIFO without a writer is never opened
        Path fifo = dir.resolve("pipe.c");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo not available");
        Run r = TestModules.run("migrate", fifo.toString());
        assertEquals(2, r.code());
        assertEquals(fifo + ": error: not a regular file [unreadable-file]\n", r.err());
    }

    @Test
    void fileOverTheSizeLimitIsRefusedUnread() throws IOException {
        // contract: over 64 MiB: refused by its size (a sparse file: nothing is allocated or read)
        Path big = dir.resolve("big.c");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(SourceReader.MAX_BYTES + 1);
        }
        String expected = big + ": error: file is larger than 64 MiB; not read [file-too-large]\n";
        Run m = TestModules.run("migrate", big.toString());
        assertEquals(2, m.code());
        assertEquals(expected, m.err());
        Run s = TestModules.run("scan", big.toString());
        assertEquals(2, s.code());
        assertEquals(expected, s.err());
        Run inFolder = TestModules.run("migrate", dir.toString());
        assertEquals(2, inFolder.code(), "a folder's .c file over the limit is named, not read to look for PyInit_");
        assertEquals(expected, inFolder.err());
    }

    @Test
    void aFileThatGrowsPastTheLimitWhileReadIsRefused() throws IOException {
        // contract: at most limit + 1 bytes are read, whatever the size said before
        Path f = dir.resolve("grown.c");
        Files.writeString(f, "int x;\nint y;\n");
        SourceReader.Result r = SourceReader.read(f, 8);
        assertEquals("file is larger than 8 bytes; not read",
                ((SourceReader.Unreadable) r).diagnostic().message());
    }
}
