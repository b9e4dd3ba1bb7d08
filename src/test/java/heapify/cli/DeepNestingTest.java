package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.apply.FileMigrator;
import heapify.cli.TestModules.Run;
import heapify.render.Renderer;
import heapify.source.SourceText;
import heapify.transform.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Valid C nested 100 000 levels deep (blocks, parentheses, else-if arms) gives a result or a
 * diagnostic, never a StackOverflowError, through {@link FileMigrator#migrate} and through
 * {@code heapify scan} (issue #11, item 5).
 */
class DeepNestingTest {
    private static final int DEEP = 100_000;

    @TempDir
    Path dir;

    /** The module with a dealloc whose body is {@code DEEP} nested blocks. */
    private static String nestedBlocksInDealloc() {
        String dealloc = "static void\nFoo_dealloc(PyObject *self)\n{\n" + "{".repeat(DEEP)
                + "Py_TYPE(self)->tp_free(self);" + "}".repeat(DEEP) + "\n}\n\n";
        return TestModules.FOO.replace("static PyTypeObject Foo_Type = {", dealloc + "static PyTypeObject Foo_Type = {")
                .replace("    .tp_new = PyType_GenericNew,\n",
                        "    .tp_new = PyType_GenericNew,\n    .tp_dealloc = Foo_dealloc,\n");
    }

    /** The module whose PyInit has an if with {@code DEEP} else-if arms. */
    private static String elseIfArmsInInit() {
        StringBuilder arms = new StringBuilder("    int x = 0;\n    if (x == 0) {}\n");
        for (int i = 1; i < DEEP; i++) {
            arms.append("    else if (x == ").append(i).append(") {}\n");
        }
        return TestModules.FOO.replace("    PyObject *m;\n", "    PyObject *m;\n" + arms);
    }

    /** The module whose PyInit computes an expression in {@code DEEP} nested parentheses. */
    private static String nestedParenthesesInInit() {
        return TestModules.FOO.replace("    PyObject *m;\n",
                "    PyObject *m;\n    int y = " + "(".repeat(DEEP) + "1" + ")".repeat(DEEP) + ";\n");
    }

    private static FileMigrator.Result migrate(String text) {
        return new FileMigrator(new Renderer(), Options.DEFAULT)
                .migrate(SourceText.of(Path.of("deep.c"), text), "deep.c");
    }

    @Test
    void nestedBlocksInADeallocAreADiagnostic() throws IOException {
        // contract: brackets deeper than clang's 256: one error, the file unchanged, in migrate and scan
        String text = nestedBlocksInDealloc();
        String error = "deep.c:10:256: error: brackets nest deeper than 256 levels (clang's default -fbracket-depth);"
                + " file not parsed [nesting-too-deep]";
        FileMigrator.Result r = migrate(text);
        assertEquals(java.util.List.of(error), r.formattedDiagnostics());
        assertFalse(r.changed());
        Run scan = scan("deep.c", text);
        assertEquals(1, scan.code());
        assertEquals(dir.resolve(error) + "\n", scan.err());
    }

    @Test
    void elseIfArmsInInitAreADiagnosticInMigrateAndScannedInScan() throws IOException {
        // contract: statements deeper than 256 levels: an error in migrate; scan does not split statements
        String text = elseIfArmsInInit();
        FileMigrator.Result r = migrate(text);
        assertEquals(java.util.List.of("deep.c:280:24: error: statements nest deeper than 256 levels (blocks, if,"
                + " loops and else-if arms count one each); file left unchanged [nesting-too-deep]"),
                r.formattedDiagnostics());
        assertFalse(r.changed());
        Run scan = scan("deep.c", text);
        assertEquals(0, scan.code(), scan.err());
        assertEquals("", scan.err());
        assertTrue(scan.out().contains("PyInit_foo: single-phase"), scan.out());
    }

    @Test
    void nestedParenthesesInInitAreADiagnostic() throws IOException {
        String text = nestedParenthesesInInit();
        String error = "deep.c:25:268: error: brackets nest deeper than 256 levels (clang's default -fbracket-depth);"
                + " file not parsed [nesting-too-deep]";
        assertEquals(java.util.List.of(error), migrate(text).formattedDiagnostics());
        Run scan = scan("deep.c", text);
        assertEquals(1, scan.code());
        assertEquals(dir.resolve(error) + "\n", scan.err());
    }

    @Test
    void deepButAllowedNestingStillMigrates() {
        // contract: 200 else-if arms are within the limit; the module is migrated
        StringBuilder arms = new StringBuilder("    int x = 0;\n    if (x == 0) {}\n");
        for (int i = 1; i < 200; i++) {
            arms.append("    else if (x == ").append(i).append(") {}\n");
        }
        FileMigrator.Result r = migrate(TestModules.FOO.replace("    PyObject *m;\n", "    PyObject *m;\n" + arms));
        assertEquals(java.util.List.of(), r.formattedDiagnostics());
        assertTrue(r.output().contains("PyModuleDef_Init(&foo_module)"));
    }

    @Test
    void longListsAreNoDeeperThanTheirBrackets() throws IOException {
        // contract: a kwlist of 50 000 names and a tp_name of 100 000 characters: no regex recursion per
        // element or character (both overflowed the stack), a migration and a scan as for short ones
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            names.append("\"a").append(i).append("\", ");
        }
        String function = "static PyObject *\nfoo_f(PyObject *self, PyObject *args)\n{\n"
                + "    static char *kwlist[] = {" + names + "NULL};\n    return NULL;\n}\n\n";
        String text = TestModules.FOO.replace("static PyTypeObject Foo_Type = {", function
                + "static PyTypeObject Foo_Type = {").replace("\"foo.Foo\"", "\"foo." + "F".repeat(100_000) + "\"");
        FileMigrator.Result r = migrate(text);
        assertEquals(java.util.List.of(), r.formattedDiagnostics());
        assertTrue(r.output().contains("PyModuleDef_Init(&foo_module)"));
        Run scan = scan("long.c", text);
        assertEquals(0, scan.code(), scan.err());
        assertEquals("", scan.err());
    }

    private Run scan(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return TestModules.run("scan", f.toString());
    }
}
