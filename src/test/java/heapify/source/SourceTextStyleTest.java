package heapify.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A text's line ending and indent unit, asked again and again for different texts in turn (the
 * answer for the text asked last is remembered): each answer is that of its own text.
 */
class SourceTextStyleTest {
    @Test
    void eachTextGetsItsOwnAnswerWhateverWasAskedBefore() {
        String crlfTabs = "int f(void)\r\n{\r\n\treturn 0;\r\n}\r\n";
        String lfTwo = "int f(void)\n{\n  int x = 0;\n  return x;\n}\n";
        String lfFour = "int f(void)\n{\n    return 0;\n}\n";
        for (int round = 0; round < 2; round++) {
            assertEquals("\r\n", SourceText.dominantLineEnding(crlfTabs));
            assertEquals("\t", SourceText.indentUnit(crlfTabs));
            assertEquals("\n", SourceText.dominantLineEnding(lfTwo));
            assertEquals("  ", SourceText.indentUnit(lfTwo));
            assertEquals("  ", SourceText.indentUnit(lfTwo));
            assertEquals("    ", SourceText.indentUnit(lfFour));
            assertEquals("\n", SourceText.dominantLineEnding(lfFour));
        }
        // an equal text built anew, and a different one of the same length
        String again = new StringBuilder(crlfTabs).toString();
        assertEquals("\r\n", SourceText.dominantLineEnding(again));
        assertEquals("\t", SourceText.indentUnit(again));
        String other = crlfTabs.replace("\r\n", "\n\n").replace('\t', ' ');
        assertEquals("\n", SourceText.dominantLineEnding(other));
        assertEquals("    ", SourceText.indentUnit(other));
    }
}
