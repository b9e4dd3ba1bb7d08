package heapify.parse;

import java.util.List;

/**
 * A top-level item of a file: its kind, its nodes (for a function, the last node is the body),
 * and the conditional directives ({@code #if}/{@code #else} token indexes, outermost first)
 * it sits in.
 */
public record TopItem(ItemKind kind, List<Node> nodes, List<Integer> conditions) {
    public TopItem {
        nodes = List.copyOf(nodes);
        conditions = List.copyOf(conditions);
    }

    public int first() {
        return nodes.get(0).first();
    }

    public int last() {
        return nodes.get(nodes.size() - 1).last();
    }
}
