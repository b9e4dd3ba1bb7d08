package heapify.model;

/**
 * The module's {@code PyInit_<name>} function and its init style: multi-phase when it returns
 * {@code PyModuleDef_Init(...)}, single-phase otherwise.
 */
public record InitFunction(String moduleName, FunctionDef function, boolean multiPhase) {
}
