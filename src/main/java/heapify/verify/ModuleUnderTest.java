package heapify.verify;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * A single-file extension module to prove things about: its C source, module name, unittest
 * script, optional embedding snippet and the oldest CPython it targets.
 *
 * @param id           a short name for reports and work directories, such as {@code before/plain-type}
 * @param source       the module's C file
 * @param moduleName   the importable name ({@code PyInit_<moduleName>})
 * @param testScript   a unittest script that exits 0 on success; it imports the module by name
 * @param embedSnippet Python run by the embedding host in each cycle; null for the generic one
 * @param target       the oldest supported version, {@code "3.x"}
 * @param buildArgs    extra gcc arguments after the standard flags: {@code -I}/{@code -D} flags or
 *                     further C sources; {@code {include}} in an argument stands for the
 *                     interpreter's include directory (for {@code -I{include}/internal})
 * @param embedBaseline Python the embedding host runs for the baseline instead of importing the
 *                     snippet's declared dependencies (see {@link EmbedCycles}); null for those
 */
public record ModuleUnderTest(String id, Path source, String moduleName, Path testScript, Path embedSnippet,
                              String target, List<String> buildArgs, Path embedBaseline) {
    public ModuleUnderTest {
        Objects.requireNonNull(id);
        buildArgs = List.copyOf(buildArgs);
        Objects.requireNonNull(source);
        Objects.requireNonNull(moduleName);
        Objects.requireNonNull(testScript);
        Objects.requireNonNull(target);
        if (!moduleName.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a module name: " + moduleName);
        }
        if (!target.matches("3\\.\\d+")) {
            throw new IllegalArgumentException("target must be 3.x: " + target);
        }
    }

    /**
     * The unmigrated example in {@code exampleDir} (such as {@code examples/plain-type}): reads
     * {@code example.properties} ({@code module=}, {@code target=}); the source is
     * {@code <module>.c}, the script {@code test_<module>.py}, the snippet {@code embed_snippet.py}
     * if present.
     */
    public static ModuleUnderTest example(Path exampleDir) {
        Properties p = properties(exampleDir.resolve("example.properties"));
        String module = Objects.requireNonNull(p.getProperty("module"), "module= missing in " + exampleDir);
        String target = p.getProperty("target", "3.11");
        Path snippet = exampleDir.resolve("embed_snippet.py");
        return new ModuleUnderTest("before/" + exampleDir.getFileName(), exampleDir.resolve(module + ".c"), module,
                exampleDir.resolve("test_" + module + ".py"), Files.exists(snippet) ? snippet : null, target);
    }

    /**
     * The migrated (golden) version of the example in {@code exampleDir}: the same module, script and
     * snippet with source {@code goldenDir/<module>.c}, if that file exists.
     */
    public static Optional<ModuleUnderTest> golden(Path exampleDir, Path goldenDir) {
        ModuleUnderTest before = example(exampleDir);
        Path source = goldenDir.resolve(before.moduleName() + ".c");
        if (!Files.isRegularFile(source)) {
            return Optional.empty();
        }
        return Optional.of(before.withSource("after/" + exampleDir.getFileName(), source));
    }

    /** A module built with the standard flags only, whose baseline imports the snippet's dependencies. */
    public ModuleUnderTest(String id, Path source, String moduleName, Path testScript, Path embedSnippet,
                           String target) {
        this(id, source, moduleName, testScript, embedSnippet, target, List.of(), null);
    }

    /** The same module with another id and source (a migrated version, a hand port). */
    public ModuleUnderTest withSource(String newId, Path newSource) {
        return new ModuleUnderTest(newId, newSource, moduleName, testScript, embedSnippet, target, buildArgs,
                embedBaseline);
    }

    /** The same module built with {@code args} after the standard flags (see {@link #buildArgs()}). */
    public ModuleUnderTest withBuildArgs(List<String> args) {
        return new ModuleUnderTest(id, source, moduleName, testScript, embedSnippet, target, args, embedBaseline);
    }

    /** The same module with an explicit baseline snippet (see {@link #embedBaseline()}). */
    public ModuleUnderTest withEmbedBaseline(Path baseline) {
        return new ModuleUnderTest(id, source, moduleName, testScript, embedSnippet, target, buildArgs, baseline);
    }

    /** The id made safe as a relative directory path. */
    public String dirName() {
        return id.replaceAll("[^A-Za-z0-9._/-]", "_").replaceAll("\\.\\.", "_");
    }

    private static Properties properties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
