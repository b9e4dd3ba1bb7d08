package heapify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example set's shape, without running an interpreter: every required feature is present,
 * module names are unique {@code hp_*}, every file an example needs exists, every type name is
 * dotted, and the styles heapify must read (positional, designated, #if inside an initializer,
 * tabs, CRLF, K&R braces) each occur.
 */
class ExamplesLayoutTest {
    private static final Pattern TP_NAME = Pattern.compile("\"(hp_[a-z0-9_]+)\\.([A-Za-z_]+)\",\\s*/\\*\\s*tp_name"
            + "|\\.tp_name\\s*=\\s*\"(hp_[a-z0-9_]+)\\.([A-Za-z_]+)\"");
    /** A tp_name with no dot (rule type-name-without-dot): only the example {@code dotless-name} has one. */
    private static final Pattern DOTLESS_TP_NAME = Pattern.compile("\"[A-Za-z_]+\",\\s*/\\*\\s*tp_name");

    private static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
    }

    @Test
    void everyExampleIsComplete() throws IOException {
        List<Path> dirs = VerifyTestSupport.exampleDirs();
        List<String> names = dirs.stream().map(d -> d.getFileName().toString()).toList();
        assertTrue(names.containsAll(VerifyTestSupport.REQUIRED_EXAMPLES), names.toString());
        Set<String> modules = new HashSet<>();
        int target39 = 0;
        for (Path dir : dirs) {
            ModuleUnderTest m = ModuleUnderTest.example(dir);
            assertTrue(dir.getFileName().toString().matches("[a-z0-9]+(-[a-z0-9]+)*"), "kebab-case: " + dir);
            assertTrue(m.moduleName().startsWith("hp_") && modules.add(m.moduleName()), "unique hp_ name: " + dir);
            assertTrue(Files.isRegularFile(m.source()) && Files.isRegularFile(m.testScript()), dir.toString());
            assertTrue(List.of("3.9", "3.11").contains(m.target()), dir + " target " + m.target());
            target39 += m.target().equals("3.9") ? 1 : 0;
            String c = read(m.source());
            assertTrue(c.contains("PyModule_Create(") && c.contains("PyInit_" + m.moduleName() + "(void)"),
                    "single-phase init: " + dir);
            assertTrue(c.contains("-1,") || c.contains(".m_size = -1"), "m_size -1: " + dir);
            int types = count(c, "static PyTypeObject \\w+ = \\{");
            // NULL, or a metatype of the module (metaclass-left)
            assertEquals(types, count(c, "PyVarObject_HEAD_INIT\\((NULL|&\\w+), 0\\)"), "head init per type: " + dir);
            String expect = VerifyTestSupport.expect(dir);
            assertTrue(List.of("migrated", "unchanged").contains(expect), dir + " expect=" + expect);
            Matcher tn = TP_NAME.matcher(c);
            int named = 0;
            while (tn.find()) {
                String mod = tn.group(1) != null ? tn.group(1) : tn.group(3);
                assertEquals(m.moduleName(), mod, "tp_name module part: " + dir);
                named++;
            }
            if (dir.getFileName().toString().equals("dotless-name")) {
                named += count(c, DOTLESS_TP_NAME.pattern());
            }
            assertEquals(types, named, "dotted tp_name per type: " + dir);
            String test = read(m.testScript());
            assertTrue(test.contains("import unittest") && test.contains("unittest.main()"), dir.toString());
        }
        assertEquals(1, target39, "exactly one example targets 3.9");
    }

    @Test
    void stylesAreCovered() throws IOException {
        Path ex = VerifyTestSupport.root().resolve("examples");
        String crlf = read(ex.resolve("no-tp-new/hp_notnew.c"));
        assertTrue(crlf.contains("\r\n") && !crlf.replace("\r\n", "").contains("\n"), "no-tp-new is all CRLF");
        assertTrue(read(ex.resolve("module-globals/hp_globals.c")).contains("\n\tif ("), "tab-indented file");
        assertTrue(read(ex.resolve("buffer-protocol/hp_buffer.c")).contains(") {\n    static char *kwlist"),
                "K&R braces");
        assertTrue(read(ex.resolve("plain-type/hp_plain.c")).contains("/*tp_dealloc*/"), "positional, commented");
        assertTrue(read(ex.resolve("gc-type/hp_gc.c")).contains(".tp_traverse ="), "designated");
        String withIf = read(ex.resolve("helper-needs-state/hp_helper.c"));
        int init = withIf.indexOf("static PyTypeObject Pair_Type = {");
        int ifAt = withIf.indexOf("#if PY_VERSION_HEX >= 0x030A0000", init);
        assertTrue(init >= 0 && ifAt > init && ifAt < withIf.indexOf("};", init), "#if inside an initializer");
        String attrs = read(ex.resolve("no-tp-new/.gitattributes"));
        assertTrue(attrs.contains("* -text"), "the CRLF example is kept byte-exact by git");
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
