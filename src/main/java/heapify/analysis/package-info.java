/**
 * What a module file means, for scanning and for migration.
 *
 * <p>Migration: in, a {@link heapify.model.FileModel}; out, {@link heapify.analysis.ModuleAnalysis} —
 * the init/exec function and module definition, the static types, the globals that move into the
 * state, each function's kind (how it can reach the state, rule 7), the call graph — and
 * {@link heapify.analysis.Statements} for statement structure inside bodies.
 *
 * <p>Scan: {@link heapify.analysis.ScanAnalyzer} per file, {@link heapify.analysis.ScanRunner} over
 * many files in parallel, {@link heapify.analysis.ScanReport}: records that say what is static and
 * what blocks an automatic migration, with resolved positions (scan also reads and lexes the
 * files it is given).
 *
 * <p>Invariant: reads only, never decides an edit; a file that cannot be read or understood yields
 * a report with diagnostics, never an exception; reports come back in the order of the given paths.
 */
package heapify.analysis;
