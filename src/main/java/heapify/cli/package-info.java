/**
 * The command line: picocli commands ({@link heapify.cli.HeapifyCommand} and its subcommands),
 * printers for text and JSON, {@link heapify.cli.ExitCode}, the folder walk
 * ({@code SourceTree}) and where migrate may write ({@code WriteTargets}).
 *
 * <p>In: arguments and two writers. Out: the report or JSON on stdout, diagnostics on stderr, an
 * exit code (0 ok, 1 findings, 2 usage or I/O). Invariant: only {@link heapify.cli.Main#main}
 * calls {@code System.exit}; commands hold no static mutable state, so they run in-process in tests.
 */
package heapify.cli;
