package heapify.model;

/**
 * The module's {@code PyInit_<name>} function and its init style: multi-phase when it returns
 * {@code PyModuleDef_Init(...)}, single-phase otherwise. {@code macro}: the init macro whose use
 * writes its header ({@code MODINIT_DEFINE(color)}, rule init-macro), or empty.
 */
public record InitFunction(String moduleName, FunctionDef function, boolean multiPhase, String macro) {
    public InitFunction(String moduleName, FunctionDef function, boolean multiPhase) {
        this(moduleName, function, multiPhase, "");
    }
}
