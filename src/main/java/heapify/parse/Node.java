package heapify.parse;

/** A node of the balanced token tree: a single code token, or a bracketed group. */
public sealed interface Node permits Leaf, Group {
    /** Index (into the file's token list) of the first token of this node. */
    int first();

    /** Index of the last token of this node (inclusive). */
    int last();
}
