package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule python2-entry-point for a platform no Python 3 runs on ({@code model.PythonTwoBranch#deadPlatformOnly}):
 * pygame's {@code time.c} chooses its init head by {@code #ifdef __SYMBIAN32__} /
 * {@code PYGAME_EXPORT void initpygame_time(void)} / {@code #else} / {@code MODINIT_DEFINE(time)} /
 * {@code #endif}. The Symbian head goes with its conditional, and the macro head is read as rule
 * init-macro reads it. Any other platform test keeps the file, with a diagnostic naming both heads.
 * Examples reduced from the idiom, not the package's code.
 */
class DeadPlatformInitHeadTest {
    private static final String MACRO_HEAD = "MODINIT_DEFINE(m)\n{";
    private static final String SYMBIAN_HEAD = "PYGAME_EXPORT\nvoid\ninitm(void)\n";

    private static final String INIT_MACRO = "m.c:18:1: note: 'MODINIT_DEFINE(m)' is read as 'PyInit_m(void)', as "
            + "the macro's definition in the file or a local include writes it [init-macro]";
    private static final String DROPPED = "m.c:18:1: note: the Symbian entry point 'initm' and its #if are dropped: "
            + "no Python 3 runs on Symbian, and a module of heap types builds on Python 3 only [python2-entry-point]";

    @TempDir
    Path dir;

    @BeforeEach
    void header() throws IOException {
        Files.writeString(dir.resolve("compat.h"), InitMacroTest.HEADER);
    }

    private static String before(String head) {
        return InitMacroTest.BEFORE.replace(MACRO_HEAD, head + "{");
    }

    private static String kept(String live) {
        return "m.c:9:1: warning: type 'Foo_Type' left static: the file creates its module, but its init head "
                + "'MODINIT_DEFINE(...)' is chosen by #if against another ('PYGAME_EXPORT void initm(void)" + live
                + "'), which heapify separates only when that other is a Python 2 or a Symbian head alone in its "
                + "branch and the macro's use is all of the live head; file left unchanged [no-init-function]";
    }

    @Test
    void symbianHeadGoesAndTheMacroHeadBecomesExec() {
        Path file = dir.resolve("m.c");
        String before = before("#ifdef __SYMBIAN32__\n" + SYMBIAN_HEAD + "#else\nMODINIT_DEFINE(m)\n#endif\n");
        assertMigrates(file, before, InitMacroTest.AFTER, INIT_MACRO, DROPPED);
        assertRerunReportsTheSame(file, InitMacroTest.AFTER);
    }

    @Test
    void negatedTestReadsTheSame() {
        String before = before("#if !defined(__SYMBIAN32__)\nMODINIT_DEFINE(m)\n#else\n" + SYMBIAN_HEAD + "#endif\n");
        assertMigrates(dir.resolve("m.c"), before, InitMacroTest.AFTER,
                INIT_MACRO, DROPPED);
    }

    @Test
    void symbianHeadBesidePyInitGoesToo() {
        String before = before("#ifdef __SYMBIAN32__\n" + SYMBIAN_HEAD
                + "#else\nPyMODINIT_FUNC\nPyInit_m(void)\n#endif\n");
        assertMigrates(dir.resolve("m.c"), before, InitMacroTest.AFTER, DROPPED);
    }

    @Test
    void anotherPlatformKeepsTheFile() {
        String before = before("#ifdef __riscos__\n" + SYMBIAN_HEAD + "#else\nMODINIT_DEFINE(m)\n#endif\n");
        assertMigrates(dir.resolve("m.c"), before, before,
                kept(""));
    }

    @Test
    void symbianBranchHoldingMoreThanTheHeadKeepsTheFile() {
        String before = before("#ifdef __SYMBIAN32__\nstatic int symbian_only;\n" + SYMBIAN_HEAD
                + "#else\nMODINIT_DEFINE(m)\n#endif\n");
        assertMigrates(dir.resolve("m.c"), before, before, kept(""));
    }

    @Test
    void macroHeadBesideMoreLiveHeadKeepsTheFile() {
        String before = before("#ifdef __SYMBIAN32__\n" + SYMBIAN_HEAD + "#else\nstatic MODINIT_DEFINE(m)\n#endif\n");
        assertMigrates(dir.resolve("m.c"), before, before, kept(" static"));
    }
}
