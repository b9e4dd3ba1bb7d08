package heapify.model;

import java.util.Optional;

/**
 * The module's {@code PyInit_<name>} function and its init style: multi-phase when it returns
 * {@code PyModuleDef_Init(...)}, single-phase otherwise. {@code macro}: the init macro whose use
 * writes its header ({@code MODINIT_DEFINE(color)}, rule init-macro), or empty.
 * {@code pythonTwo}: the Python 2 head that shares its body behind {@code #if} (rule
 * python2-entry-point), or empty.
 */
public record InitFunction(String moduleName, FunctionDef function, boolean multiPhase, String macro,
                           Optional<PythonTwoInitHead> pythonTwo) {
    public InitFunction(String moduleName, FunctionDef function, boolean multiPhase, String macro) {
        this(moduleName, function, multiPhase, macro, Optional.empty());
    }

    public InitFunction(String moduleName, FunctionDef function, boolean multiPhase) {
        this(moduleName, function, multiPhase, "");
    }
}
