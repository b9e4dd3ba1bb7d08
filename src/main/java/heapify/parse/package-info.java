/**
 * The island parser: {@link heapify.parse.IslandParser#parse} groups a file's code tokens into
 * balanced brace/paren/bracket trees and splits the top level into items (function definitions,
 * declarations, opaque runs), recording the {@code #if} frame of every token.
 *
 * <p>In: a {@link heapify.lex.TokenList}. Out: a {@link heapify.parse.ParsedFile}. Invariant: it
 * never fails a file; when brackets balance neither as written nor with only the first branch of
 * every conditional, or nest deeper than {@link heapify.parse.IslandParser#MAX_DEPTH}, the items
 * are empty and one error diagnostic says where. No walk here recurses once per nesting level.
 */
package heapify.parse;
