package heapify.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.cli.MigrateCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The build check of a module whose files migrate together (rule module-unit), through
 * {@code migrate}: a file is compiled with the shared header as the run changes it, and the
 * module's files are written together or not at all. Real gcc and pyenv's headers, as in
 * {@code MigrateBuildCheckTest}; a failing file is provoked through {@code --cflags}
 * ({@code -DCounter_Type_slots=} breaks only counter.c's migrated text).
 */
class ModuleUnitBuildCheckTest {
    @TempDir
    Path root;
    Path dir;
    StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createDirectories(root.resolve("in"));
        Files.writeString(dir.resolve("mod.h"), ModuleUnitStateTest.HEADER.replace(
                "extern PyTypeObject Counter_Type;\n", "extern PyTypeObject Box_Type;\nextern PyTypeObject Counter_Type;\n"));
        Files.writeString(dir.resolve("counter.c"), ModuleUnitStateTest.TYPE_FILE);
        Files.writeString(dir.resolve("mod.c"), ModuleUnitStateTest.INIT_FILE.replace(
                "    &Counter_Type,\n", "    &Box_Type,\n    &Counter_Type,\n"));
        Files.writeString(dir.resolve("box.c"), ModuleUnitStateTest.BOX_FILE);
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new MigrateCommand());
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void aFileThatReadsTheSharedHeadersNewAccessorIsCheckedWithTheMigratedHeader() throws Exception {
        // contract: box.c reads state->Counter_Type through find_mod_state_by_def, which only the
        // migrated mod.h declares: checked against the original header it failed and was not
        // written, while mod.c and mod.h were, and the tree did not build
        Path out = root.resolve("out");
        assertEquals(1, run("--no-progress", "--target", "3.11", "--output", out.toString(), dir.toString()));
        assertFalse(err.toString().contains("error:"), err.toString());
        assertTrue(Files.readString(out.resolve("box.c")).contains("find_mod_state_by_def(Py_TYPE(self))"));
        assertTrue(Files.readString(out.resolve("mod.h")).contains("find_mod_state_by_def(PyTypeObject *type)"));
        assertTrue(Files.readString(out.resolve("counter.c")).contains("Counter_Type_spec"));
    }

    @Test
    void aModulesFilesAreNotWrittenWhenOneOfThemDoesNotBuild() throws Exception {
        // contract: counter.c's migrated text fails; mod.c (whose header now declares the spec
        // instead of the type) and box.c are left as they were, each with the error that says why
        assertEquals(1, run("--no-progress", "--target", "3.11", "--in-place", "--cflags", "-DCounter_Type_slots=",
                dir.toString()));
        String counter = MigrateCommand.display(dir.resolve("counter.c"));
        String e = err.toString();
        assertTrue(e.contains(counter + ":"), e);
        assertTrue(e.contains("error: migrated output does not build:"), e);
        for (String f : new String[] {"box.c", "mod.c"}) {
            assertTrue(e.contains(MigrateCommand.display(dir.resolve(f)) + ": error: not written: '" + counter
                    + "', a file of the same module, does not build as migrated, and a module's files are written "
                    + "together or not at all [build-check-failed]\n"), e);
        }
        assertEquals(ModuleUnitStateTest.TYPE_FILE, Files.readString(dir.resolve("counter.c")));
        assertEquals(ModuleUnitStateTest.BOX_FILE, Files.readString(dir.resolve("box.c")));
        assertFalse(Files.readString(dir.resolve("mod.h")).contains("_spec"));
        assertFalse(Files.readString(dir.resolve("mod.c")).contains("_spec"));
    }
}
