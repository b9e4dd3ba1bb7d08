package heapify.lex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import heapify.lex.antlr.CLexer;
import heapify.source.LineMap;
import heapify.source.SourceReader;
import heapify.source.SourceText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lossless lexer, checked by token dumps in the format of ANTLR's runtime test descriptors,
 * {@code [@index,start:stop='text',<TYPE>,channel=n,line:column]} (stop inclusive, column 0-based,
 * channel printed only when not the default), with offsets in UTF-16 units.
 */
class LexerTest {
    @TempDir
    Path dir;

    static String dump(TokenList tokens) {
        LineMap lines = new LineMap(tokens.source().text());
        StringBuilder b = new StringBuilder();
        for (Token t : tokens.all()) {
            String text = t.text().replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
            b.append("[@").append(t.index()).append(',').append(t.start()).append(':').append(t.end() - 1)
                    .append("='").append(text).append("',<").append(CLexer.VOCABULARY.getSymbolicName(t.type()))
                    .append('>');
            if (t.channel() != 0) {
                b.append(",channel=").append(t.channel());
            }
            b.append(',').append(lines.line(t.start())).append(':').append(lines.column(t.start()) - 1)
                    .append("]\n");
        }
        return b.toString();
    }

    static TokenList lex(String text) {
        return Lexing.lex(SourceText.of(Path.of("t.c"), text));
    }

    @Test
    void declarationWithInitializer() {
        // contract: every character is in a token; whitespace, comments, directives on hidden channels
        assertEquals("""
                [@0,0:18='#include "Python.h"',<DIRECTIVE>,channel=3,1:0]
                [@1,19:19='\\n',<NEWLINE>,channel=1,1:19]
                [@2,20:25='static',<IDENTIFIER>,2:0]
                [@3,26:26=' ',<WS>,channel=1,2:6]
                [@4,27:29='int',<IDENTIFIER>,2:7]
                [@5,30:30=' ',<WS>,channel=1,2:10]
                [@6,31:31='x',<IDENTIFIER>,2:11]
                [@7,32:32='[',<LBRACKET>,2:12]
                [@8,33:33=']',<RBRACKET>,2:13]
                [@9,34:34=' ',<WS>,channel=1,2:14]
                [@10,35:35='=',<ASSIGN>,2:15]
                [@11,36:36=' ',<WS>,channel=1,2:16]
                [@12,37:37='{',<LBRACE>,2:17]
                [@13,38:41='0x1F',<NUMBER>,2:18]
                [@14,42:42=',',<COMMA>,2:22]
                [@15,43:43=' ',<WS>,channel=1,2:23]
                [@16,44:49='1.5e+3',<NUMBER>,2:24]
                [@17,50:50='}',<RBRACE>,2:30]
                [@18,51:51=';',<SEMI>,2:31]
                [@19,52:58='/* c */',<BLOCK_COMMENT>,channel=2,2:32]
                [@20,59:59=' ',<WS>,channel=1,2:39]
                [@21,60:66='// line',<LINE_COMMENT>,channel=2,2:40]
                [@22,67:67='\\n',<NEWLINE>,channel=1,2:47]
                [@23,68:68='x',<IDENTIFIER>,3:0]
                """,
                dump(lex("#include \"Python.h\"\nstatic int x[] = {0x1F, 1.5e+3};/* c */ // line\nx")));
    }

    @Test
    void stringsCharsAndOperators() {
        // contract: escapes stay inside literals; an unterminated string is a token, not an error
        assertEquals("""
                [@0,0:5='L"a\\\\"',<STRING>,1:0]
                [@1,6:6=' ',<WS>,channel=1,1:6]
                [@2,7:10=''\\''',<CHAR>,1:7]
                [@3,11:11=' ',<WS>,channel=1,1:11]
                [@4,12:13='->',<ARROW>,1:12]
                [@5,14:14=' ',<WS>,channel=1,1:14]
                [@6,15:17='<<=',<PUNCT>,1:15]
                [@7,18:18=' ',<WS>,channel=1,1:18]
                [@8,19:21='...',<ELLIPSIS>,1:19]
                [@9,22:22=' ',<WS>,channel=1,1:22]
                [@10,23:23='@',<OTHER>,1:23]
                [@11,24:24=' ',<WS>,channel=1,1:24]
                [@12,25:26='"x',<UNTERMINATED_STRING>,1:25]
                """,
                dump(lex("L\"a\\\\\" '\\'' -> <<= ... @ \"x")));
    }

    @Test
    void hashInsideALineIsNotADirective() {
        // contract: only a '#' first on its line (after blanks) starts a directive
        assertEquals("""
                [@0,0:1='  ',<WS>,channel=1,1:0]
                [@1,2:15='# define A(x) ',<DIRECTIVE>,channel=3,1:2]
                [@2,16:16='\\n',<NEWLINE>,channel=1,1:16]
                [@3,17:17='a',<IDENTIFIER>,2:0]
                [@4,18:18='#',<PUNCT>,2:1]
                [@5,19:19='b',<IDENTIFIER>,2:2]
                """, dump(lex("  # define A(x) \na#b")));
    }

    @Test
    void directiveContinuesOverBackslashNewlineAndComments() {
        assertEquals("""
                [@0,0:28='#define X 1 \\\\n  + 2 /* a\\nb */',<DIRECTIVE>,channel=3,1:0]
                [@1,29:29='\\n',<NEWLINE>,channel=1,3:4]
                [@2,30:30='y',<IDENTIFIER>,4:0]
                """,
                dump(lex("#define X 1 \\\n  + 2 /* a\nb */\ny")));
    }

    @Test
    void unterminatedStringsAndCharsAreDiagnosedAndACleanFileIsNot() {
        TokenList t = lex("a = \"x;\nb = 'y;\nc = \"ok\";\n");
        assertEquals(List.of("unterminated-string", "unterminated-char"),
                t.diagnostics().stream().map(d -> d.ruleId()).toList());
        assertEquals(List.of(), lex("a = \"x\"; b = 'y'; /* c */\n").diagnostics());
    }

    @Test
    void theDirectiveIndexListsEveryDirectiveInOrderOnBothLexers() {
        String c = "#include \"a.h\"\nint x;\n  # define A(x) \\\n  (x)\nint y; /* # no */\n#endif\n";
        for (TokenList t : List.of(lex(c), Lexing.antlr(SourceText.of(Path.of("m.c"), c)),
                lex(c + "/* unterminated"))) {
            assertEquals(t.all().stream().filter(Token::isDirective).toList(), t.directiveTokens());
            assertEquals(3, t.directiveTokens().size());
        }
    }

    @Test
    void unterminatedCommentRunsToTheEnd() {
        TokenList t = lex("a /* b\nc */ d /* e\nf");
        assertEquals("""
                [@0,0:0='a',<IDENTIFIER>,1:0]
                [@1,1:1=' ',<WS>,channel=1,1:1]
                [@2,2:10='/* b\\nc */',<BLOCK_COMMENT>,channel=2,1:2]
                [@3,11:11=' ',<WS>,channel=1,2:4]
                [@4,12:12='d',<IDENTIFIER>,2:5]
                [@5,13:13=' ',<WS>,channel=1,2:6]
                [@6,14:19='/* e\\nf',<UNTERMINATED_COMMENT>,channel=2,2:7]
                """, dump(t));
        assertEquals(1, t.diagnostics().size());
        assertEquals("unterminated-comment", t.diagnostics().get(0).ruleId());
    }

    @Test
    void nonBmpCharacterInACommentKeepsUtf16Offsets() {
        // contract: offsets count UTF-16 units (ANTLR counts code points); U+1F600 is 2 units
        String text = "/* \uD83D\uDE00 */ int x;";
        TokenList t = lex(text);
        assertEquals("""
                [@0,0:7='/* \uD83D\uDE00 */',<BLOCK_COMMENT>,channel=2,1:0]
                [@1,8:8=' ',<WS>,channel=1,1:8]
                [@2,9:11='int',<IDENTIFIER>,1:9]
                [@3,12:12=' ',<WS>,channel=1,1:12]
                [@4,13:13='x',<IDENTIFIER>,1:13]
                [@5,14:14=';',<SEMI>,1:14]
                """, dump(t));
        assertEquals(text, t.reassemble());
        assertEquals("x", text.substring(t.get(4).start(), t.get(4).end()));
    }

    @Test
    void codeIndexesListTheDefaultChannelTokens() {
        TokenList t = lex("a /*c*/ b\n#if X\nc");
        assertArrayEquals(new int[] {0, 4, 8}, t.code());
        assertEquals(List.of("a", "b", "c"), java.util.Arrays.stream(t.code()).mapToObj(i -> t.get(i).text()).toList());
    }

    private void assertFileRoundTrips(byte[] bytes, java.nio.charset.Charset expected) throws IOException {
        Path f = dir.resolve("f.c");
        Files.write(f, bytes);
        SourceText source = ((SourceReader.Read) SourceReader.read(f)).source();
        assertEquals(expected, source.charset());
        assertArrayEquals(bytes, source.encode(Lexing.lex(source).reassemble()));
    }

    @Test
    void crlfFileRoundTripsByteIdentical() throws IOException {
        assertFileRoundTrips("#define A 1\r\nstatic int x; /* a\r\n b */\r\n// c\\\r\nd\r\n"
                .getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        TokenList t = lex("a\r\nb\rc\n");
        assertEquals("[@1,1:2='\\r\\n',<NEWLINE>,channel=1,1:1]", dump(t).lines().toList().get(1));
    }

    @Test
    void utf8BomFileRoundTripsByteIdentical() throws IOException {
        byte[] body = "int \u00e9t\u00e9; /* \u2603 */\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        assertFileRoundTrips(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void iso88591FileRoundTripsByteIdentical() throws IOException {
        // 0xE9 alone is not valid UTF-8: read as ISO-8859-1, every byte one char
        byte[] bytes = "/* caf\u00e9 \u00ff */ int x;\n".getBytes(StandardCharsets.ISO_8859_1);
        assertFileRoundTrips(bytes, StandardCharsets.ISO_8859_1);
    }
}
