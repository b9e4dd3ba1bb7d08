package heapify.parse;

/** What a top-level run of tokens is. */
public enum ItemKind {
    /** A head with a parameter list, then a body in braces. */
    FUNCTION,
    /** Specifiers and declarators ending in ';', possibly with initializers. */
    DECLARATION,
    /** Anything else: macro calls without ';', stray tokens, an {@code extern "C"} block. */
    OPAQUE
}
