/**
 * Immutable records of what a C extension file defines: static types with their fields mapped by
 * {@link heapify.model.TypeObjectLayout}, sub-tables, method/member/getset tables, module
 * definitions, init functions, functions and globals with a {@link heapify.model.GlobalCategory}.
 * Built by {@link heapify.model.FileModelBuilder#build}.
 *
 * <p>In: a {@link heapify.parse.ParsedFile}. Out: a {@link heapify.model.FileModel}. Invariant:
 * records hold no nulls and copy their lists; a positional element that cannot be named reliably
 * (for instance {@code #if} branches of different lengths) is reported in {@code unmapped}, never
 * guessed silently.
 */
package heapify.model;
