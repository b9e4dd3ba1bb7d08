package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.cli.TestModules.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which of several blockers of one type {@code migrate} reports does not vary between runs
 * (issue #11, item 7): the first in the initializer.
 */
class BlockerOrderTest {
    @TempDir
    Path dir;

    private static final String MODULE = TestModules.FOO;

    private static Run run(String... args) {
        return TestModules.run(args);
    }

    private Path write(String name, String text) throws IOException {
        return TestModules.write(dir, name, text);
    }

    @Test
    void ofTwoBlockersTheFirstInTheInitializerIsReported() throws IOException {
        // contract: the order of the type's fields, not a hash order that changes between runs
        String both = MODULE.replace("    .tp_new = PyType_GenericNew,\n",
                "    .tp_new = PyType_GenericNew,\n    .tp_as_number = &missing_as_number,\n"
                        + "    .tp_dict = some_dict,\n");
        Path x = write("x.c", both);
        Run r = run("migrate", "--check", x.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith(x + ":7:1: warning: 'tp_as_number' of 'Foo_Type' is '&missing_as_number', not a"
                + " table in this file; left static [unknown-slot-macro]\n"), r.err());
        Files.writeString(x, both.replace("    .tp_as_number = &missing_as_number,\n    .tp_dict = some_dict,\n",
                "    .tp_dict = some_dict,\n    .tp_as_number = &missing_as_number,\n"));
        Run swapped = run("migrate", "--check", x.toString());
        assertTrue(swapped.err().startsWith(x + ":7:1: warning: type 'Foo_Type' sets 'tp_dict', which a heap type"
                + " cannot; left static [type-internal-field-set]\n"), swapped.err());
    }
}
