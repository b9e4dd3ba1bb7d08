/**
 * Applying a plan to a file. In: source text and a {@link heapify.transform.MigrationPlan}. Out:
 * new text, a unified diff with a/ and b/ paths, atomic writes. Invariant: edits are applied to the
 * original text from the end backwards, so bytes outside edits stay identical; a bad file gives
 * an unchanged result with a diagnostic, never an exception.
 */
package heapify.apply;
