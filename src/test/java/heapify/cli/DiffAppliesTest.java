package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diff {@code migrate} prints applies with GNU {@code patch} and with {@code git apply}, and
 * gives byte for byte the file {@code migrate --output} writes: for a Latin-1 file (the diff
 * carries the file's bytes, not UTF-8), a file without a final line break, a CRLF file, and a file
 * whose name has a line break (quoted as git quotes it).
 */
class DiffAppliesTest {
    @TempDir
    Path dir;

    @Test
    void latin1FileDiffCarriesTheFilesBytes() throws Exception {
        // contract: é stays the one byte 0xe9 in the diff; patch and git apply take it
        String text = TestModules.FOO.replace("#include \"Python.h\"\n", "#include \"Python.h\"\n/* caf\u00e9 */\n")
                .replace(".tp_name = \"foo.Foo\",", ".tp_name = \"foo.Foo\", /* na\u00efve */");
        byte[] diff = assertApplies("latin.c", text.getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(contains(diff, "/* na\u00efve */\n".getBytes(StandardCharsets.ISO_8859_1)), "a line in Latin-1");
        assertTrue(!contains(diff, "\u00ef".getBytes(StandardCharsets.UTF_8)), "no UTF-8 in a Latin-1 file's diff");
    }

    @Test
    void fileWithoutFinalNewlineStaysSoAndTheDiffSaysSo() throws Exception {
        // contract: the output keeps the missing line break; the diff marks the last line as diff(1) does
        String text = TestModules.FOO.stripTrailing();
        byte[] diff = assertApplies("nonl.c", text.getBytes(StandardCharsets.UTF_8));
        String d = new String(diff, StandardCharsets.UTF_8);
        assertTrue(d.endsWith("+    return PyModuleDef_Init(&foo_module);\n }\n\\ No newline at end of file\n"), d);
        byte[] written = Files.readAllBytes(dir.resolve("out/nonl.c"));
        assertEquals('}', written[written.length - 1], "no line break added at the end");
    }

    @Test
    void crlfFileDiffApplies() throws Exception {
        // contract: CRLF lines in, CRLF lines in the diff, CRLF lines out
        byte[] diff = assertApplies("crlf.c", TestModules.FOO.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        assertTrue(new String(diff, StandardCharsets.UTF_8).contains("+static PyType_Spec Foo_spec = {\r\n"));
    }

    @Test
    void lineBreakInAFileNameIsQuoted() throws Exception {
        // contract: "a/x\ny.c" with C escapes, as git writes it: one header line, and both tools apply it
        byte[] diff = assertApplies("x\ny.c", TestModules.FOO.getBytes(StandardCharsets.UTF_8));
        String first = new String(diff, StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("--- \"a/") && first.endsWith("/x\\ny.c\""), first);
    }

    /**
     * Migrates {@code name} (diff on stdout, then {@code --output}), applies the diff to a copy of
     * the original with patch and with git apply, and compares each with the written file.
     */
    private byte[] assertApplies(String name, byte[] original) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path file = src.resolve(name);
        Files.write(file, original);
        TestModules.Run diff = TestModules.run("migrate", file.toString());
        assertEquals(0, diff.code(), diff.err());
        Path out = dir.resolve("out");
        TestModules.Run copy = TestModules.run("migrate", "--output", out.toString(), file.toString());
        assertEquals(0, copy.code(), copy.err());
        byte[] expected = Files.readAllBytes(out.resolve(name));
        Path patchFile = dir.resolve("migration.diff");
        Files.write(patchFile, diff.outBytes());
        // the header names a/<path as shown>: strip every folder, the copy lies in the tool's folder
        String shown = MigrateCommand.display(file);
        String header = "a/" + (shown.startsWith("/") ? shown.substring(1) : shown);
        int strip = (int) header.chars().filter(c -> c == '/').count();

        Path viaPatch = Files.createDirectories(dir.resolve("patch"));
        Files.write(viaPatch.resolve(name), original);
        exec(viaPatch, patchFile, "patch", "-p" + strip, "--no-backup-if-mismatch", "--batch");
        assertArrayEquals(expected, Files.readAllBytes(viaPatch.resolve(name)), "patch result against --output");

        if (has("git")) {
            Path viaGit = Files.createDirectories(dir.resolve("git"));
            Files.write(viaGit.resolve(name), original);
            exec(viaGit, patchFile, "git", "apply", "-p" + strip, "--whitespace=nowarn", patchFile.toString());
            assertArrayEquals(expected, Files.readAllBytes(viaGit.resolve(name)), "git apply result against --output");
        }
        return diff.outBytes();
    }

    private static void exec(Path cwd, Path stdin, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CEILING_DIRECTORIES", cwd.getParent().toString()); // not inside a repository
        if (command[0].equals("patch")) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + output);
    }

    private static boolean has(String tool) {
        try {
            return new ProcessBuilder(tool, "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
