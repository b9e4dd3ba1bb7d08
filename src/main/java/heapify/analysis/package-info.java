/**
 * What a module file means for migration. In: a {@link heapify.model.FileModel}. Out:
 * {@link heapify.analysis.ModuleAnalysis} — the init/exec function and module definition, the
 * static types, the globals that move into the state, each function's kind (how it can reach
 * the state, rule 7), the call graph — and {@link heapify.analysis.Statements} for statement
 * structure inside bodies. Invariant: reads only; never decides an edit.
 */
package heapify.analysis;
