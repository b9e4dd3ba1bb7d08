package heapify.parse;

import java.util.List;

/**
 * A bracketed group: the open and close tokens (by index, inclusive) and the nodes between.
 * {@code bracket} is the opening character: '{', '(' or '['.
 */
public record Group(char bracket, int open, int close, List<Node> children) implements Node {
    public Group {
        children = List.copyOf(children);
    }

    @Override
    public int first() {
        return open;
    }

    @Override
    public int last() {
        return close;
    }

    public boolean isBrace() {
        return bracket == '{';
    }

    public boolean isParen() {
        return bracket == '(';
    }
}
