package heapify.verify;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One installed CPython that modules can be built against and run with.
 *
 * @param version    full version, such as {@code 3.11.7}
 * @param debug      true for a {@code Py_DEBUG} build (Debian's {@code python3.11-dbg})
 * @param prefix     {@code sys.prefix}; used as {@code PYTHONHOME} by the embedding hosts
 * @param includeDir directory holding {@code Python.h}
 * @param libDir     directory holding the shared libpython
 * @param libName    the libpython name for {@code -l}, such as {@code python3.11d}
 * @param executable the python executable
 */
public record Interpreter(String version, boolean debug, Path prefix, Path includeDir, Path libDir,
                          String libName, Path executable) {
    public Interpreter {
        Objects.requireNonNull(version);
        Objects.requireNonNull(prefix);
        Objects.requireNonNull(includeDir);
        Objects.requireNonNull(libDir);
        Objects.requireNonNull(libName);
        Objects.requireNonNull(executable);
        if (!version.matches("3\\.\\d+\\.\\d+.*")) {
            throw new IllegalArgumentException("not a CPython 3 version: " + version);
        }
    }

    /** The minor version: 11 for 3.11.7. */
    public int minor() {
        return Integer.parseInt(version.split("\\.")[1]);
    }

    /** {@code "3.11"}. */
    public String majorMinor() {
        return "3." + minor();
    }

    /** A short unique name for reports and directories: {@code 3.11.7} or {@code 3.11.2-dbg}. */
    public String label() {
        return debug ? version + "-dbg" : version;
    }

    /** True if this interpreter is at least {@code 3.<minor>}. */
    public boolean atLeast(int minor) {
        return minor() >= minor;
    }

    /** True if this interpreter is at least the {@code "3.x"} target. */
    public boolean atLeast(String target) {
        return atLeast(Integer.parseInt(target.split("\\.")[1]));
    }

    @Override
    public String toString() {
        return label();
    }
}
