/**
 * Analysis over the model: what each function can reach, which references point at migrated types
 * and globals, and the scan report ({@link heapify.analysis.ScanAnalyzer} per file,
 * {@link heapify.analysis.ScanRunner} over many files in parallel, {@link heapify.analysis.ScanReport}).
 *
 * <p>In: {@link heapify.model.FileModel}s (scan also reads and lexes the files it is given). Out:
 * records that say what is static and what blocks an automatic migration, with resolved positions.
 * Invariant: a file that cannot be read or understood yields a report with diagnostics, never an
 * exception; reports come back in the order of the given paths.
 *
 * <p>For migrate: {@link heapify.analysis.ModuleAnalysis} — the init/exec function and module
 * definition, the static types, the globals that move into the state, each function's kind (how
 * it can reach the state, rule 7), the call graph — and {@link heapify.analysis.Statements} for
 * statement structure inside bodies. Invariant: reads only; never decides an edit.
 */
package heapify.analysis;
