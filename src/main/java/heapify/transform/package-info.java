/**
 * One transformer per concern of migration-rules.md, run in order by
 * {@link heapify.transform.Migration}. In: a {@link heapify.analysis.ModuleAnalysis} and
 * {@link heapify.transform.Options}. Out: a {@link heapify.transform.MigrationPlan} of edits on the
 * original text (literal text, or templates with view records from {@link heapify.transform.Views})
 * and diagnostics. Invariant: transformers never print and never render; edits never overlap.
 */
package heapify.transform;
