package heapify.parse;

/** One code token of the balanced tree, by its index in the file's token list. */
public record Leaf(int token) implements Node {
    @Override
    public int first() {
        return token;
    }

    @Override
    public int last() {
        return token;
    }
}
