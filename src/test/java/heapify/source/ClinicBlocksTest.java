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
}
