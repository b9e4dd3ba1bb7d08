package heapify.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The regex searches of {@link ModuleUnits} tried only where their words are
 * ({@link SourceWords#lineMatches}, {@link ModuleUnits#definesInit}) find what the plain
 * {@code find()} loops found, on texts made of the pieces that matter (line breaks of every kind,
 * blanks, form feeds, the words the patterns need).
 */
class SourceWordsTest {
    private static final String[] PIECES = {
        "PyInit_m", "PyInit_", "PyMODINIT_FUNC", "PyMODINIT_FUNCX", " ", "\t", "\n", "\r", "\r\n", "\f", "\u000b",
        "\u0085", "\u2028", "(void)", "(", ")", "{", "extern ", "extern", "PyTypeObject", "PyTypeObject ", " X",
        "Foo_Type", "=", ";", "static ", "Py_EXPORTED_SYMBOL ", "x", "/* PyTypeObject */",
        "PyTypeObject X =", "extern PyTypeObject X;", "Py_EXPORTED_SYMBOL PyTypeObject Y = ", "PyInit_m(void) {",
        "PyMODINIT_FUNC\nPyInit_m(void)\n{", "static PyTypeObject Z\t= {", "\n", "\n",
    };
    private static final List<Pattern> LINE_PATTERNS = List.of(
            Pattern.compile("(?m)^[ \\t]*extern[ \\t]+(?:Py_EXPORTED_SYMBOL[ \\t]+)?PyTypeObject[ \\t]+(\\w+)[ \\t]*;"),
            Pattern.compile("(?m)^(?:Py_EXPORTED_SYMBOL[ \\t]+)?PyTypeObject[ \\t]+(\\w+)[ \\t]*="),
            Pattern.compile("(?m)^[ \\t]*(?:static[ \\t]+)?PyTypeObject[ \\t]+(\\w+)[ \\t]*="));
    private static final Pattern INIT =
            Pattern.compile("(?m)^[ \\t]*(?:PyMODINIT_FUNC\\s+)?PyInit_\\w+\\s*\\(\\s*(?:void)?\\s*\\)\\s*\\{");

    private static List<String> all(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        for (Matcher m = p.matcher(text); m.find(); ) {
            out.add(m.start() + ":" + m.group() + ":" + m.group(1));
        }
        return out;
    }

    private static List<String> lines(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        for (MatchResult m : SourceWords.lineMatches(p, text, "PyTypeObject")) {
            out.add(m.start() + ":" + m.group() + ":" + m.group(1));
        }
        return out;
    }

    @Test
    void lineMatchesFindWhatFindFinds() {
        Random random = new Random(12);
        int found = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(12); k >= 0; k--) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String text = b.toString();
            for (Pattern p : LINE_PATTERNS) {
                List<String> want = all(p, text);
                assertEquals(want, lines(p, text), text);
                found += want.size();
            }
            boolean init = INIT.matcher(text).find();
            assertEquals(init, ModuleUnits.definesInit(text), text);
            found += init ? 1 : 0;
        }
        assertTrue(found > 1000, "the texts match often enough to compare: " + found);
    }

    @Test
    void theCasesThatDecide() {
        String defs = "static PyTypeObject A = {0};\r\nPyTypeObject B =\n  PyTypeObject C = 1;\rPyTypeObject D = 2;";
        assertEquals(List.of("30:PyTypeObject B =:B", "69:PyTypeObject D =:D"), lines(LINE_PATTERNS.get(1), defs));
        assertEquals(all(LINE_PATTERNS.get(2), defs), lines(LINE_PATTERNS.get(2), defs));
        assertEquals(4, lines(LINE_PATTERNS.get(2), defs).size());
        assertTrue(ModuleUnits.definesInit("PyMODINIT_FUNC\n\fPyInit_m(void)\n{"), "white space spans lines");
        assertTrue(ModuleUnits.definesInit("x;\n  PyInit_m (void) {"));
        assertEquals(false, ModuleUnits.definesInit("x; PyInit_m(void) {"), "not at a line start");
        assertEquals(false, ModuleUnits.definesInit("\f PyInit_m(void) {"), "a form feed is no blank");
        assertEquals(false, ModuleUnits.definesInit("PyObject *PyInit_m(void);"));
    }
}
