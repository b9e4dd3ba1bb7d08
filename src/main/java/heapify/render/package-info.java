/**
 * FreeMarker rendering of plan fragments. In: fragments with view records. Out: C text in the
 * target file's line ending and indent unit. Invariant: strict configuration (errors rethrow),
 * every emitted construct comes from one {@code templates/*.ftl}.
 */
package heapify.render;
