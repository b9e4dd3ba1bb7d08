package heapify.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClinicBlocksTest {
    /** Written by Tools/clinic/clinic.py of CPython 3.11.2 for this input (values as it printed them). */
    private static final String BLOCK = """
            /*[clinic input]
            module m
            class m.C "CObject *" "&C_Type"
            [clinic start generated code]*/
            /*[clinic end generated code: output=da39a3ee5e6b4b0d input=%s]*/
            """;

    @Test
    void readsInputOutputAndStoredChecksums() {
        String input = "module m\nclass m.C \"CObject *\" \"&C_Type\"\n";
        String text = BLOCK.formatted(ClinicBlocks.sha1(input, 16));
        List<ClinicBlocks.Block> blocks = ClinicBlocks.of(text);
        assertEquals(1, blocks.size());
        assertEquals(input, blocks.get(0).input());
        assertEquals("", blocks.get(0).output());
        assertEquals("da39a3ee5e6b4b0d", ClinicBlocks.sha1("", 16)); // SHA-1 of nothing, as clinic prints
        assertTrue(blocks.get(0).intact());
    }

    @Test
    void aChangedInputIsNoLongerIntact() {
        String text = BLOCK.formatted(ClinicBlocks.sha1("module m\nclass m.C \"CObject *\" \"&C_Type\"\n", 16));
        String edited = text.replace("\"&C_Type\"", "\"clinic_state()->C_Type\"");
        assertFalse(ClinicBlocks.of(edited).get(0).intact());
    }

    @Test
    void aBlockWithoutItsChecksumLineEndsTheScan() {
        assertEquals(List.of(), ClinicBlocks.of("/*[clinic input]\nmodule m\n[clinic start generated code]*/\n"));
    }

    /** The scan as it was before {@code /*[clinic input]} was looked up by indexOf: the oracle. */
    private static List<String> scannedAtEveryChar(String text) {
        java.util.regex.Pattern startP = java.util.regex.Pattern.compile(
                "(?m)^[ \\t]*/\\*\\[clinic input\\][ \\t]*\\r?$\\n?");
        java.util.regex.Pattern stopP = java.util.regex.Pattern.compile(
                "(?m)^\\[clinic start generated code\\]\\*/[ \\t]*\\r?$\\n?");
        java.util.regex.Pattern sumP = java.util.regex.Pattern.compile(
                "(?m)^[ \\t]*/\\*\\[clinic end generated code: output=([0-9a-f]+) input=([0-9a-f]+)\\]\\*/");
        List<String> out = new java.util.ArrayList<>();
        java.util.regex.Matcher start = startP.matcher(text);
        int from = 0;
        while (start.find(from)) {
            java.util.regex.Matcher stop = stopP.matcher(text);
            java.util.regex.Matcher sum = sumP.matcher(text);
            if (!stop.find(start.end()) || !sum.find(stop.end())) {
                break;
            }
            if ((start.find(stop.end()) ? start.start() : Integer.MAX_VALUE) < sum.start()) {
                break;
            }
            out.add(sum.start(1) + "-" + sum.end(2));
            from = sum.end();
        }
        return out;
    }

    @Test
    void blocksAreFoundAsByTheScanAtEveryChar() {
        String[] pieces = {"/*[clinic input]", "  /*[clinic input]", "\t/*[clinic input] ", "x /*[clinic input]",
            "\n", "\r\n", " ", "module m", "[clinic start generated code]*/",
            "/*[clinic end generated code: output=da39a3ee5e6b4b0d input=da39a3ee5e6b4b0d]*/", "int x;",
            "/*[clinic input]\nm\n[clinic start generated code]*/\n/*[clinic end generated code: output=ab input=cd]*/\n",
            " \t/*[clinic input]\n", "\n[clinic start generated code]*/\n", "\n/*[clinic end generated code: output=1 input=2]*/"};
        java.util.Random random = new java.util.Random(3);
        int blocks = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(14); k >= 0; k--) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = b.toString();
            List<String> want = scannedAtEveryChar(text);
            List<String> got = ClinicBlocks.of(text).stream()
                    .map(x -> x.checksums().start() + "-" + x.checksums().end()).toList();
            assertEquals(want, got, text);
            blocks += want.size();
        }
        assertTrue(blocks > 100, "texts with blocks: " + blocks);
    }
}
