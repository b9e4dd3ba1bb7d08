package heapify.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link IncludedState#namesCapsuleImport}: the same answers as the whole-text regex it replaced. */
class IncludedStateTest {
    private static final Pattern OLD = Pattern.compile("(?s).*\\bPyCapsule_(Import|GetPointer)\\b.*");

    @Test
    void findsTheCapsuleCallsAsWordsOnly() {
        String[] texts = {
            "", "PyCapsule_Import", "x = PyCapsule_Import(\"m.c\", 0);\n", "PyCapsule_GetPointer(o, n)",
            "PyCapsule_New(p, n, NULL)", "MyPyCapsule_Import(x)", "PyCapsule_Imported", "PyCapsule_Import_x",
            "/* PyCapsule_\n */ PyCapsule_GetPointer", "PyCapsule_ PyCapsule_Imp", "a\nb\nPyCapsule_Import\n",
            "_PyCapsule_GetPointer", "PyCapsule_GetPointer2", "\u00e9PyCapsule_Import", "PyCapsule_Import\u00e9",
            "PyCapsule_Import\u0301", "\u2026 PyCapsule_Import \u2026",
        };
        int found = 0;
        for (String t : texts) {
            boolean want = OLD.matcher(t).matches();
            assertEquals(want, IncludedState.namesCapsuleImport(t), t);
            found += want ? 1 : 0;
        }
        assertEquals(6, found); // the cases cover both answers
    }
}
