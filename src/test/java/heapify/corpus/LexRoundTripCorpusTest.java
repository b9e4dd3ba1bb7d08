package heapify.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.lex.Lexing;
import heapify.lex.TokenList;
import heapify.source.SourceReader;
import heapify.source.SourceText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lexes every .c and .h file of CPython 3.11.2's Modules/, Objects/, Python/, Parser/ and
 * Include/ and checks that the token texts, re-encoded with the file's charset, give back the
 * file's bytes exactly.
 */
@Tag("corpus")
class LexRoundTripCorpusTest {
    @Test
    void everyFileRoundTripsByteIdentical() throws Exception {
        // contract: lexing loses, adds or changes no byte of any real CPython source file
        Path root = CpythonSource.root();
        List<String> failures = new ArrayList<>();
        int count = 0;
        for (String dir : List.of("Modules", "Objects", "Python", "Parser", "Include")) {
            for (Path file : CpythonSource.cFiles(root.resolve(dir))) {
                count++;
                byte[] bytes = Files.readAllBytes(file);
                try {
                    if (!(SourceReader.read(file) instanceof SourceReader.Read read)) {
                        failures.add(CpythonSource.relative(root, file) + ": not read");
                        continue;
                    }
                    SourceText source = read.source();
                    TokenList tokens = Lexing.lex(source);
                    if (!Arrays.equals(bytes, source.encode(tokens.reassemble()))) {
                        failures.add(CpythonSource.relative(root, file) + ": bytes differ");
                    }
                    if (!tokens.directiveTokens().equals(tokens.all().stream().filter(t -> t.isDirective()).toList())) {
                        failures.add(CpythonSource.relative(root, file) + ": directive index differs");
                    }
                } catch (RuntimeException e) {
                    failures.add(CpythonSource.relative(root, file) + ": " + e);
                }
            }
        }
        System.out.println("lexed " + count + " files, " + failures.size() + " failures");
        failures.forEach(System.out::println);
        assertTrue(count >= 700, "expected the whole tree (727 files in 3.11.2), got " + count);
        assertEquals(List.of(), failures);
    }
}
