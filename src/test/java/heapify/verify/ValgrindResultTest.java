package heapify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading memcheck's XML: which leak records are the module's, which errors are invalid reads. */
class ValgrindResultTest {
    private static final String SO = "/w/target/verify/x/hp_plain.so";

    private static String leak(String kind, int blocks, String... frames) {
        StringBuilder s = new StringBuilder("<error><unique>0x1</unique><tid>1</tid><kind>").append(kind)
                .append("</kind><xwhat><text>t</text><leakedbytes>").append(blocks * 8).append("</leakedbytes>")
                .append("<leakedblocks>").append(blocks).append("</leakedblocks></xwhat><stack>");
        for (String f : frames) {
            String[] objFn = f.split("!");
            s.append("<frame><ip>0x0</ip><obj>").append(objFn[0]).append("</obj><fn>").append(objFn[1])
                    .append("</fn></frame>");
        }
        return s.append("</stack></error>").toString();
    }

    @Test
    void countsOnlyModuleAllocatedNonInternedBlocksNotAllocatedByItsImports() {
        String xml = "<?xml version=\"1.0\"?><valgrindoutput><protocolversion>4</protocolversion>"
                + "<error><unique>0x9</unique><tid>1</tid><kind>InvalidRead</kind><what>w</what>"
                + "<stack><frame><ip>0x0</ip><obj>/lib/libpython.so</obj><fn>f</fn></frame></stack></error>"
                + "<error><unique>0xa</unique><tid>1</tid><kind>UninitValue</kind><what>w</what></error>"
                + leak("Leak_PossiblyLost", 1, "/vg/preload.so!malloc", "/lib/libpython.so!PyType_Ready",
                SO + "!PyInit_hp_plain", "/lib/libpython.so!PyImport_ImportModuleLevelObject")
                + leak("Leak_StillReachable", 2, "/vg/preload.so!malloc", "/lib/libpython.so!PyUnicode_InternFromString",
                SO + "!PyInit_hp_plain")
                + leak("Leak_DefinitelyLost", 3, "/vg/preload.so!malloc", "/lib/libpython.so!PyUnicode_New",
                "/lib/libpython.so!PyDict_SetItemString", SO + "!hp_plain_exec")
                + leak("Leak_DefinitelyLost", 5, "/vg/preload.so!malloc", "/lib/libpython.so!Py_Initialize")
                + leak("Leak_StillReachable", 7, "/vg/preload.so!malloc", "/lib/libpython.so!PyType_Ready",
                "/dyn/_datetime.so!PyInit__datetime", "/lib/libpython.so!PyImport_ImportModule",
                SO + "!hp_plain_exec", "/lib/libpython.so!PyImport_ImportModuleLevelObject")
                + "</valgrindoutput>";
        ProcessResult p = new ProcessResult(List.of("valgrind"), 0, false, Path.of("/n.out"), Path.of("/n.err"),
                Duration.ZERO);
        ValgrindResult r = ValgrindResult.parse(xml, List.of(SO), 2, true, p);
        assertEquals(1, r.moduleHeldBlocks());
        assertEquals(8, r.moduleHeldBytes());
        assertEquals(5, r.internedBlocks());
        assertEquals(7, r.importedBlocks());
        assertEquals(1, r.invalidReads());
        assertEquals(1, r.errorKinds().get("UninitValue"));
        assertEquals(1, r.moduleLeakStacks().size());
    }
}
