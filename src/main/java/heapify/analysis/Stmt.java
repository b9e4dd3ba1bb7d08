package heapify.analysis;

import heapify.parse.Node;
import java.util.List;

/**
 * One statement of a function body: its nodes (code tokens and groups, in order), and for
 * compound statements ({@code if}, loops, blocks) the statements inside. {@code first}/{@code last}
 * are token indexes (inclusive).
 */
public record Stmt(Kind kind, List<Node> nodes, List<Stmt> children) {
    public enum Kind { SIMPLE, IF, LOOP, BLOCK, LABEL, EMPTY }

    public Stmt {
        nodes = List.copyOf(nodes);
        children = List.copyOf(children);
    }

    public int first() {
        return nodes.get(0).first();
    }

    public int last() {
        return nodes.get(nodes.size() - 1).last();
    }
}
