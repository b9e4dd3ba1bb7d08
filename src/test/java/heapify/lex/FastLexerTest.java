package heapify.lex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import heapify.source.SourceText;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written lexer makes the tokens ANTLR's CLexer makes (types, channels, texts, offsets,
 * diagnostics), on the grammar's corner cases and on random texts over the characters its rules
 * turn on; where it gives up, {@link Lexing} asks ANTLR.
 */
class FastLexerTest {
    private static void same(String text) {
        SourceText src = SourceText.of(Path.of("t.c"), text);
        TokenList expected = Lexing.antlr(src);
        TokenList actual = Lexing.lex(src);
        assertEquals(LexerTest.dump(expected), LexerTest.dump(actual), () -> "lexing " + escaped(text));
        assertEquals(java.util.Arrays.toString(expected.code()), java.util.Arrays.toString(actual.code()));
        assertEquals(expected.diagnostics().toString(), actual.diagnostics().toString());
    }

    private static String escaped(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    @Test
    void cornerCasesOfEveryRule() {
        List<String> cases = List.of(
                "", "#", "##", "a ## b", "x # y\n#", "  \t#define X 1 \\\n  2\n", "#if A /* c */ B\nint x;",
                "#define A \\\r\n b\r\n", "#x \\\r y\n", "#x \\", "#x /* never closed\n", "#x /*/ y */\n",
                "a\n  # include \"f.h\"\n", "\f#x\n", "/**/", "/*/ */", "/* a\n b */x", "// a \\\n b\nc",
                "// a \\\r\n b\r\nc", "// a \\\r b", "a/b/=c", "\"s\\\"t\"", "\"a\\\nb\"", "\"a\\\r\nb\"",
                "\"a\\\rb\"", "\"open\nx", "\"end\\", "'a'", "''", "'\\''", "'ab", "'\\\n'", "don't do it\n",
                "L\"w\"", "u8\"x\"", "u8'x'", "u'x'", "U\"x\"", "L'", "u8", "u8x", "Lx'a'", "uu\"s\"",
                "1e+5 0x1p-3 1.2.3 .5e-x 08abc 1E", "... .. . .5 a.b", "a->b a-->b a-=b a-b",
                "a<<=b>>=c<<d>>e<=f>=g<h>i", "a++ +=b +c ||d |=e |f &&g &=h &i", "a==b=c!=d!e *=f *g",
                "a%=b%c^=d^e~f?g:h", "{}()[];,", "@$`\u00e9\0\u000b\f\t ", "\\\nx\\y\\\r\nz\\\r",
                "\r\r\n\n\n\r", "x\\");
        for (String c : cases) {
            same(c);
        }
    }

    @Test
    void givesUpWhereAntlrDecides() {
        assertNull(FastLexer.lex("/* never closed"));
        assertNull(FastLexer.lex("#define X /* runs\n past */ 1\n"));
        assertNull(FastLexer.lex("a \ud83d\ude00 b"));
        assertNotNull(FastLexer.lex("#define X /* closed */ 1\n"));
        same("/* never closed");
        same("#define X /* runs\n past */ 1\nint y;");
        same("a \ud83d\ude00 b");
    }

    @Test
    void randomTextsOverTheRulesCharacters() {
        String alphabet = "#/*\\\n\r \t\"'uUL8xe+-.0123<>=&|!%^~?:{}()[];,@\u00e9";
        Random random = new Random(12);
        for (int k = 0; k < 20000; k++) {
            int len = random.nextInt(24);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < len; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            same(b.toString());
        }
    }
}
