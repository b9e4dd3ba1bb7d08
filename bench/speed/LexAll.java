import heapify.lex.antlr.CLexer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * The baseline of bench/speed: a bare pass of heapify's ANTLR lexer (CLexer) over every .c file
 * below the folders given, one thread, nothing kept. Prints files, bytes and tokens on stderr.
 */
public final class LexAll {
    public static void main(String[] args) throws Exception {
        long files = 0, bytes = 0, tokens = 0;
        for (String a : args) {
            List<Path> all;
            try (Stream<Path> s = Files.walk(Path.of(a))) {
                all = s.filter(p -> p.toString().endsWith(".c") && Files.isRegularFile(p)).sorted().toList();
            }
            for (Path p : all) {
                byte[] b = Files.readAllBytes(p);
                CLexer lexer = new CLexer(CharStreams.fromString(new String(b, StandardCharsets.ISO_8859_1)));
                lexer.removeErrorListeners();
                for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
                    tokens++;
                }
                files++;
                bytes += b.length;
            }
        }
        System.err.println("lexed " + files + " files, " + bytes + " bytes, " + tokens + " tokens");
    }
}
