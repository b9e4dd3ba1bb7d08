package heapify.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.source.ClinicBlocks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * heapify reads clinic's checksums as clinic computes them: every block of every file in CPython
 * 3.11.2's Modules/ and Modules/clinic/ (written by that tree's clinic) is intact by
 * {@link ClinicBlocks.Block#intact()}.
 */
class ClinicChecksumCorpusTest {
    @Test
    void everyBlockClinicWroteIsIntact() throws Exception {
        Path modules = CpythonSource.root().resolve("Modules");
        List<String> broken = new ArrayList<>();
        int blocks = 0;
        try (Stream<Path> s = Files.walk(modules)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h")).sorted().toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                for (ClinicBlocks.Block b : ClinicBlocks.of(text)) {
                    blocks++;
                    if (!b.intact()) {
                        broken.add(modules.relativize(f) + ": output=" + b.outputSum() + " input=" + b.inputSum());
                    }
                }
            }
        }
        System.out.printf("clinic checksums: %d blocks read, %d not intact%n", blocks, broken.size());
        assertTrue(blocks > 1000, "blocks: " + blocks);
        assertEquals(List.of(), broken);
    }
}
