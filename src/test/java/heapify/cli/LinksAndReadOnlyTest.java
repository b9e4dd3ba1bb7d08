package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.cli.TestModules.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symbolic links and read-only files under {@code migrate --in-place} (issue #11, item 2): a link is
 * written at its target when the target lies under a path given, folders behind links are walked,
 * and a read-only file is rewritten only with {@code --force-read-only}.
 */
class LinksAndReadOnlyTest {
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
    void inPlaceWritesALinkedFileAtItsTargetWhenTheTargetIsUnderAnArgument() throws IOException {
        // contract: the link stays a link, the real file is migrated, and only once
        Path real = write("tree/real.c", MODULE);
        Path link = Files.createSymbolicLink(dir.resolve("tree/link.c"), Path.of("real.c"));
        Run r = run("migrate", "--in-place", dir.resolve("tree").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link), "still a link");
        assertTrue(Files.readString(real).contains("PyModuleDef_Init(&foo_module)"));
        assertEquals("", r.err(), "one real file, migrated once, under its own name");
    }

    @Test
    void inPlaceRefusesALinkWhoseTargetIsOutsideThePathsGiven() throws IOException {
        // contract: a link out of the tree is not followed for writing: exit 2, both files as they were
        Path outside = write("elsewhere/real.c", MODULE);
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("tree")).resolve("link.c"), outside);
        Run r = run("migrate", "--in-place", dir.resolve("tree").toString());
        assertEquals(2, r.code());
        assertEquals(link + ": error: resolves through a symbolic link to '" + outside + "', outside the paths"
                + " given; not written (name the target to migrate it) [unwritable-file]\n", r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(MODULE, Files.readString(outside));
        Run named = run("migrate", "--in-place", link.toString());
        assertEquals(2, named.code(), "a link named on the command line: its target is not under it either");
        Run target = run("migrate", "--in-place", dir.resolve("tree").toString(), dir.resolve("elsewhere").toString());
        assertEquals(0, target.code(), target.err());
        assertTrue(Files.readString(outside).contains("PyModuleDef_Init(&foo_module)"), "target's folder given");
    }

    @Test
    void linkedFolderArgumentIsWalked() throws IOException {
        // contract: a symbolic link to a folder, given as argument, is walked like the folder
        write("real/m.c", MODULE);
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        Run r = run("migrate", "--check", link.toString());
        assertEquals(1, r.code());
        assertEquals(link.resolve("m.c") + ": would be migrated\n", r.err());
        Run in = run("migrate", "--in-place", link.toString());
        assertEquals(0, in.code(), in.err());
        assertTrue(Files.readString(dir.resolve("real/m.c")).contains("PyModuleDef_Init(&foo_module)"));
    }

    @Test
    void scanWalksALinkedFolderArgumentToo() throws IOException {
        // contract: scan lists the files behind a link to a folder, as migrate does
        write("real/m.c", "static int counter;\n");
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        Run r = run("scan", link.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith(link.resolve("m.c") + ":\n"), r.out());
    }

    @Test
    void linkedFolderInsideTheTreeFollowsTheSameRule() throws IOException {
        // contract: files reached through a linked sub-folder are written only inside the paths given
        Path outside = write("vendor/v.c", MODULE);
        Files.createDirectories(dir.resolve("tree"));
        Files.createSymbolicLink(dir.resolve("tree/vendor"), dir.resolve("vendor"));
        Run r = run("migrate", "--in-place", dir.resolve("tree").toString());
        assertEquals(2, r.code());
        assertEquals(dir.resolve("tree/vendor/v.c") + ": error: resolves through a symbolic link to '" + outside
                + "', outside the paths given; not written (name the target to migrate it) [unwritable-file]\n",
                r.err());
        assertEquals(MODULE, Files.readString(outside));
    }

    @Test
    void readOnlyFileIsNotRewrittenUnlessForced() throws IOException {
        // contract: a rename would replace it silently; --force-read-only does, and keeps the mode
        Path ro = write("ro.c", MODULE);
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r--r--r--"));
        Run r = run("migrate", "--in-place", ro.toString());
        assertEquals(2, r.code());
        assertEquals(ro + ": error: file is read-only; not rewritten (--force-read-only rewrites it)"
                + " [unwritable-file]\n", r.err());
        assertEquals(MODULE, Files.readString(ro));
        Run forced = run("migrate", "--in-place", "--force-read-only", ro.toString());
        assertEquals(0, forced.code(), forced.err());
        assertTrue(Files.readString(ro).contains("PyModuleDef_Init(&foo_module)"));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(ro)));
    }
}
