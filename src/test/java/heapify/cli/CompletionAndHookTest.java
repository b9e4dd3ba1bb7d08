package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code heapify completion}'s bash script, and the pre-commit hook definition at the repository root. */
class CompletionAndHookTest {
    @Test
    void completionScriptKnowsEveryCommandAndOption() throws Exception {
        // contract: exit 0, a bash script on stdout naming the subcommands and migrate's options, nothing on stderr
        TestModules.Run r = TestModules.run("completion");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        String s = r.out();
        assertTrue(s.startsWith("#!/usr/bin/env bash"), s.substring(0, Math.min(80, s.length())));
        assertTrue(s.contains("complete -F _complete_heapify"), "registers the function");
        for (String word : new String[] {"scan", "migrate", "verify", "--in-place", "--check", "--sarif", "--target"}) {
            assertTrue(s.contains(word), word);
        }
        Process bash = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
        bash.getOutputStream().write(r.outBytes());
        bash.getOutputStream().close();
        String said = new String(bash.getInputStream().readAllBytes());
        assertEquals(0, bash.waitFor(), "bash -n: " + said);
    }

    @Test
    void preCommitHookRunsMigrateCheckOnCFiles() throws Exception {
        // contract: one hook, heapify migrate --check, on .c files, run from PATH
        String yaml = Files.readString(Path.of(System.getProperty("heapify.root", "."), ".pre-commit-hooks.yaml"));
        assertTrue(yaml.contains("- id: heapify-check\n"), yaml);
        assertTrue(yaml.contains("\n  entry: heapify migrate --check\n"), yaml);
        assertTrue(yaml.contains("\n  language: system\n"), yaml);
        assertTrue(yaml.contains("\n  files: \\.c$\n"), yaml);
    }
}
