package heapify.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.analysis.IncludedState;
import heapify.lex.Lexing;
import heapify.lex.TokenList;
import heapify.model.FileModelBuilder;
import heapify.parse.IslandParser;
import heapify.parse.ParsedFile;
import heapify.source.SourceReader;
import heapify.source.SourceText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LocalIncludes#holdsNothing}: a header it passes gets the answer the full read gives. */
class HeaderPreCheckTest {
    private static final String TABLE = "static const unsigned char table[] = {\n    1, 2, 3,\n};\n";

    @TempDir
    Path dir;

    /** What the full read finds: the facts of IncludedState and the includes to follow. */
    private static String fullRead(Path p) {
        SourceText text = ((SourceReader.Read) SourceReader.read(p)).source();
        TokenList toks = Lexing.lex(text);
        ParsedFile parsed = IslandParser.parse(toks);
        if (!parsed.parsed()) {
            return "unparsed";
        }
        IncludedState s = IncludedState.of(p.getFileName().toString(), FileModelBuilder.build(parsed));
        boolean includes = toks.directiveTokens().stream()
                .anyMatch(t -> t.isDirective() && t.text().matches("(?s)\\s*#\\s*include.*"));
        return s.staticTypes() + " " + s.globals() + " " + s.functions() + " " + s.initMacros() + " "
                + s.capsuleMacros() + " " + s.capsuleImport() + " includes=" + includes;
    }

    private static final String NOTHING = "[] [] [] [] [] false includes=false";

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aTableOfConstantsIsGivenTheEmptyAnswerTheFullReadGives() throws Exception {
        Path h = write("t.h", "/* tables */\n#define N 3\n" + TABLE + "static const char *names[] = {\"a\"};\n");
        assertTrue(LocalIncludes.holdsNothing(Files.readString(h)));
        assertEquals(NOTHING, fullRead(h));
        Path m = write("m.c", "#include \"t.h\"\n");
        assertEquals(List.of(), LocalIncludes.of(m, Lexing.lex(((SourceReader.Read) SourceReader.read(m)).source())));
    }

    @Test
    void aHeaderWithAFactIsStillReadInFull() throws Exception {
        String[] withFacts = {
            TABLE + "static int counter;\n", // a writable static global
            TABLE + "static\nint counter;\n",
            TABLE + "static/**/int counter;\n",
            TABLE + "int helper(void);\n", // a prototype
            TABLE + "static PyTypeObject Foo_Type = {\n    .tp_name = \"m.Foo\",\n};\n",
            TABLE + "#include \"more.h\"\n", // an include to follow
            TABLE + "#define GET PyCapsule_Import\n",
            TABLE + "static \\\nint counter;\n", // a line splice
        };
        for (String text : withFacts) {
            assertFalse(LocalIncludes.holdsNothing(text), text);
        }
        Path h = write("s.h", withFacts[0]);
        Path m = write("m.c", "#include \"s.h\"\n");
        List<IncludedState> states = LocalIncludes.of(m, Lexing.lex(((SourceReader.Read) SourceReader.read(m)).source()));
        assertEquals(1, states.size());
        assertEquals(List.of("counter"), states.get(0).globals());
    }

    /** Over CPython's Modules/ headers: every one the pre-check passes has nothing in a full read. */
    @Test
    void everyCpythonHeaderItPassesHasNothingInAFullRead() throws Exception {
        Path modules = heapify.corpus.CpythonSource.root().resolve("Modules"); // obtained when missing
        List<Path> headers;
        try (Stream<Path> s = Files.walk(modules)) {
            headers = s.filter(p -> p.toString().endsWith(".h") && Files.isRegularFile(p)).sorted().toList();
        }
        int passed = 0;
        for (Path p : headers) {
            if (SourceReader.read(p) instanceof SourceReader.Read r && LocalIncludes.holdsNothing(r.source().text())) {
                passed++;
                String full = fullRead(p);
                assertTrue(full.equals(NOTHING) || full.equals("unparsed"), p + ": " + full);
            }
        }
        // unicodename_db.h and the CJK mappings at least: the check is not vacuous
        assertTrue(passed >= 5, "passed " + passed);
        assertTrue(LocalIncludes.holdsNothing(Files.readString(modules.resolve("unicodename_db.h"),
                java.nio.charset.StandardCharsets.ISO_8859_1)));
    }
}
