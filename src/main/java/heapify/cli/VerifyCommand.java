package heapify.cli;

import heapify.apply.FileMigrator;
import heapify.lex.Lexing;
import heapify.model.FileModel;
import heapify.model.FileModelBuilder;
import heapify.parse.IslandParser;
import heapify.render.Renderer;
import heapify.source.SourceReader;
import heapify.source.SourceText;
import heapify.transform.Options;
import heapify.verify.Check;
import heapify.verify.Interpreter;
import heapify.verify.MigrationFacts;
import heapify.verify.ModuleUnderTest;
import heapify.verify.ProofReport;
import heapify.verify.Prover;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code heapify verify FILE --test-script T}: builds a single-file module as it is and as heapify
 * migrates it, on each installed CPython from the target up, and checks what a correct migration
 * must show (design.md, "What done means"): no new warnings, the module's tests pass, no static
 * type left, own type objects per interpreter, own-GIL subinterpreters on 3.12+, clean embedding
 * cycles, no leak against a baseline, valgrind clean. Prints one block per interpreter to stdout.
 *
 * <p>{@code heapify verify --tree DIR --package TABLE:NAME} (or {@code --module}, {@code --sources},
 * {@code --cflags}, {@code --libs}, {@code --so-dest}, {@code --test-command} for a one-module
 * package) does the same for a package of several modules, each from several C files, with the
 * package's own test command ({@link PackageVerification}).
 */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Build a module before and after migration on real interpreters and check its tests, "
                + "isolation, embedding cycles and leaks.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the migrated module shows every fact", "1:a fact does not hold", "2:usage or I/O error"})
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "the module's C file (a single-file module)")
    Path file;

    @Option(names = "--test-script", paramLabel = "SCRIPT",
            description = "a unittest script that exits 0 on success; it imports the module by name")
    Path testScript;

    @Option(names = "--tree", paramLabel = "DIR",
            description = "a package: its unpacked source tree (copied, never changed); with --package or --module")
    Path tree;

    @Option(names = "--package", paramLabel = "TABLE:NAME",
            description = "the package NAME of a package table, such as corpus/public.tsv:audit")
    String packageRef;

    @Option(names = "--module", paramLabel = "NAME",
            description = "a one-module package: the module's import name, such as pkg._mod")
    String moduleName;

    @Option(names = "--sources", paramLabel = "FILES",
            description = "its C files, relative to the tree, space-separated (globs expand)")
    String sources;

    @Option(names = "--cflags", paramLabel = "FLAGS", defaultValue = "",
            description = "compiler flags before the sources (-I, -D), as bash words run in the tree")
    String cflags;

    @Option(names = "--libs", paramLabel = "FLAGS", defaultValue = "",
            description = "linker flags after the sources (-lfoo), as bash words")
    String libs;

    @Option(names = "--so-dest", paramLabel = "PATH",
            description = "where the .so goes, relative to the tree, without suffix (default: the module name "
                    + "with / for .)")
    String soDest;

    @Option(names = "--test-command", paramLabel = "CMD",
            description = "the package's tests: bash run in the tree with $PY, $T (the tree) and $PYMINOR set")
    String testCommand;

    @Option(names = "--json", description = "a package: print one JSON document instead of the tables")
    boolean json;

    @Option(names = "--embed-cycles", paramLabel = "N", defaultValue = "5",
            description = "a package: embedding cycles per module (default: ${DEFAULT-VALUE}; 0 for none)")
    int embedCycles;

    @Option(names = "--no-subfirst",
            description = "a package: do not run the tests again after a legacy subinterpreter imported the modules")
    boolean noSubfirst;

    @Option(names = "--cc", paramLabel = "CC", defaultValue = "gcc",
            description = "a package: the C compiler (default: ${DEFAULT-VALUE})")
    String cc;

    @Option(names = "--embed-snippet", paramLabel = "PY",
            description = "Python run in each embedding cycle (default: create and subclass each type)")
    Path embedSnippet;

    @Option(names = "--python", paramLabel = "3.X", split = ",",
            description = "only these interpreters (default: every installed one from --target up)")
    List<String> pythons = new ArrayList<>();

    @Mixin
    TargetOptions target;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "target/heapify-verify",
            description = "where builds and logs go (default: ${DEFAULT-VALUE})")
    Path work;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (tree != null || packageRef != null || moduleName != null) {
            return new PackageCommand(this).call(out, err);
        }
        if (file == null || testScript == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give FILE and --test-script, or --tree with --package or --module");
        }
        if (!Files.isRegularFile(testScript)) {
            err.println(testScript + ": error: no such file [unreadable-file]");
            return ExitCode.USAGE_OR_IO.code();
        }
        SourceReader.Result read = SourceReader.read(file);
        if (read instanceof SourceReader.Unreadable u) {
            err.println(u.diagnostic().format(null));
            return ExitCode.USAGE_OR_IO.code();
        }
        SourceText source = ((SourceReader.Read) read).source();
        FileModel model = FileModelBuilder.build(IslandParser.parse(Lexing.lex(source)));
        if (model.inits().isEmpty()) {
            err.println(file + ": error: no PyInit_ function; not a module [no-init-function]");
            return ExitCode.FINDINGS.code();
        }
        String module = model.inits().get(0).moduleName();
        FileMigrator.Result migrated = new FileMigrator(new Renderer(), new Options(target.minor()))
                .migrate(source, file.toString());
        migrated.formattedDiagnostics().forEach(err::println);
        if (migrated.hasErrors()) {
            return ExitCode.FINDINGS.code();
        }
        Path after = work.resolve("after-source").resolve(module + ".c").toAbsolutePath();
        try {
            Files.createDirectories(after.getParent());
            Files.write(after, source.encode(migrated.output()));
        } catch (IOException e) {
            err.println(after + ": error: cannot write: " + e.getMessage() + " [unwritable-file]");
            return ExitCode.USAGE_OR_IO.code();
        }
        ModuleUnderTest before = new ModuleUnderTest("before/" + module, file.toAbsolutePath(), module,
                testScript.toAbsolutePath(), embedSnippet == null ? null : embedSnippet.toAbsolutePath(),
                target.version());
        ModuleUnderTest migratedModule = before.withSource("after/" + module, after);
        Prover prover = new Prover(work.toAbsolutePath());
        List<Interpreter> interpreters = prover.interpreters().stream()
                .filter(py -> py.atLeast(target.version()))
                .filter(py -> pythons.isEmpty() || pythons.contains(py.majorMinor()))
                .toList();
        if (interpreters.isEmpty()) {
            err.println("heapify: error: no installed CPython from " + target.version() + " up" + (pythons.isEmpty() ? ""
                    : " among " + pythons) + " [no-interpreter]");
            return ExitCode.USAGE_OR_IO.code();
        }
        int violated = 0;
        for (Interpreter py : interpreters) {
            ProofReport b = prover.prove(before, py, Check.before());
            ProofReport a = prover.prove(migratedModule, py, Check.all());
            out.println("== " + py.label() + " before");
            b.summaryLines().forEach(l -> out.println("  " + l));
            out.println("== " + py.label() + " after");
            a.summaryLines().forEach(l -> out.println("  " + l));
            for (String v : MigrationFacts.after(a)) {
                out.println("  FAILED: " + v);
                violated++;
            }
            out.flush();
        }
        out.println("verify: " + interpreters.size() + " interpreter(s), " + violated + " fact(s) violated");
        out.flush();
        return violated == 0 ? ExitCode.OK.code() : ExitCode.FINDINGS.code();
    }
}
