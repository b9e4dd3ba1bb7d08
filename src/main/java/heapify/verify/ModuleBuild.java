package heapify.verify;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of compiling one module for one interpreter.
 *
 * @param sharedObject the built {@code <module>.so} (absent when {@code compiled} is false)
 * @param compiled     true if gcc exited 0 and wrote the file
 * @param warnings     the number of {@code : warning:} lines gcc printed
 * @param warningLines those lines, for the report
 * @param process      the gcc run, with its output files
 */
public record ModuleBuild(Path sharedObject, boolean compiled, int warnings, List<String> warningLines,
                          ProcessResult process) {
    /** True if the module compiled without a single warning. */
    public boolean clean() {
        return compiled && warnings == 0;
    }

    /** The directory to put on {@code PYTHONPATH} so that the module is importable. */
    public Path moduleDir() {
        return sharedObject.getParent();
    }

    /** Lines of gcc output that are warnings ({@code file:line:col: warning: ...}). */
    public static List<String> warningLines(String gccOutput) {
        return gccOutput.lines().filter(l -> l.contains(": warning:")).toList();
    }
}
