package heapify.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code heapify} command with its subcommands {@code scan}, {@code migrate}, {@code verify} and {@code completion}.
 */
@Command(name = "heapify", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Migrates CPython C extension modules from static types to heap types.",
        subcommands = {ScanCommand.class, MigrateCommand.class, VerifyCommand.class, CompletionCommand.class},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:ok", "1:findings: changes under --check, errors, or a module not completely migrated", "2:usage or I/O error"})
public final class HeapifyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
