/**
 * Source text shared by every stage: {@link heapify.source.SourceReader} reads a file's bytes and
 * decodes them losslessly ({@link heapify.source.SourceText}: UTF-8 when valid, else ISO-8859-1;
 * BOM and line endings kept), {@link heapify.source.Span} addresses text by UTF-16 offsets,
 * {@link heapify.source.LineMap} turns offsets into lines and columns at the edges, and
 * {@link heapify.source.Diagnostic} is a finding in gcc's one-line shape, printed through
 * {@link heapify.source.SafeText} (no control characters reach the terminal);
 * {@link heapify.source.IoReason} says why an I/O operation failed.
 *
 * <p>In: file bytes (regular files only, at most {@link heapify.source.SourceReader#MAX_BYTES}).
 * Out: decoded text, or a diagnostic saying why there is none.
 * Invariant: {@code text.getBytes(charset)} gives back the file's bytes exactly.
 */
package heapify.source;
