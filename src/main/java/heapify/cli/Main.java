package heapify.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point: runs {@link HeapifyCommand}. The only place that calls {@code System.exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // stdout takes text (UTF-8) and, for migrate's diffs, each file's bytes in its own charset
        PrintWriter out = new BytesPrintWriter(new java.io.BufferedOutputStream(System.out, 1 << 16),
                StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line with the given streams and returns the exit code (for in-process tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(out, err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new HeapifyCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(t -> ExitCode.USAGE_OR_IO.code());
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("heapify: error: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.USAGE_OR_IO.code();
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            // a bug: one line, no stack trace for the user
            c.getErr().println("heapify: internal error: " + ex);
            return ExitCode.USAGE_OR_IO.code();
        });
        return cl;
    }
}
