package heapify.parse;

import heapify.lex.Token;
import heapify.lex.TokenList;
import heapify.lex.antlr.CLexer;
import java.util.ArrayList;
import java.util.List;

/** Reading helpers over balanced nodes: their code text, their tokens, splitting by commas. */
public final class Nodes {
    private Nodes() {
    }

    /**
     * The code text of nodes {@code from..to} (inclusive): code tokens joined, one space where
     * the file had whitespace or comments between them, directives left out.
     */
    public static String code(TokenList tokens, List<Node> nodes) {
        if (nodes.isEmpty()) {
            return "";
        }
        return code(tokens, nodes.get(0).first(), nodes.get(nodes.size() - 1).last());
    }

    public static String code(TokenList tokens, Node node) {
        return code(tokens, node.first(), node.last());
    }

    /** Code text of the token range [from, to] (inclusive). */
    public static String code(TokenList tokens, int from, int to) {
        StringBuilder b = new StringBuilder();
        boolean gap = false;
        for (int i = from; i <= to; i++) {
            Token t = tokens.get(i);
            if (t.isCode()) {
                if (gap && b.length() > 0) {
                    b.append(' ');
                }
                b.append(t.text());
                gap = false;
            } else {
                gap = true;
            }
        }
        return b.toString();
    }

    /** The token of a leaf, or null for a group. */
    public static Token leafToken(TokenList tokens, Node n) {
        return n instanceof Leaf l ? tokens.get(l.token()) : null;
    }

    public static boolean isLeaf(TokenList tokens, Node n, int type) {
        return n instanceof Leaf l && tokens.get(l.token()).type() == type;
    }

    public static boolean isIdentifier(TokenList tokens, Node n, String name) {
        return n instanceof Leaf l && tokens.get(l.token()).isIdentifier(name);
    }

    public static boolean isIdentifier(TokenList tokens, Node n) {
        return isLeaf(tokens, n, CLexer.IDENTIFIER);
    }

    /** Splits nodes at top-level commas; a trailing comma gives no empty last part. */
    public static List<List<Node>> splitCommas(TokenList tokens, List<Node> nodes) {
        List<List<Node>> parts = new ArrayList<>();
        List<Node> cur = new ArrayList<>();
        for (Node n : nodes) {
            if (isLeaf(tokens, n, CLexer.COMMA)) {
                parts.add(cur);
                cur = new ArrayList<>();
            } else {
                cur.add(n);
            }
        }
        if (!cur.isEmpty()) {
            parts.add(cur);
        }
        return parts;
    }

    /**
     * Every code token index under a node, in order. Iterative (an explicit stack of groups and
     * child positions), so that deeply nested parentheses cost no Java stack.
     */
    public static void collectTokens(Node n, List<Integer> out) {
        if (n instanceof Leaf l) {
            out.add(l.token());
            return;
        }
        java.util.ArrayDeque<Group> groups = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> next = new java.util.ArrayDeque<>();
        Group root = (Group) n;
        out.add(root.open());
        groups.push(root);
        next.push(0);
        while (!groups.isEmpty()) {
            Group g = groups.peek();
            int i = next.pop();
            if (i == g.children().size()) {
                out.add(g.close());
                groups.pop();
                continue;
            }
            next.push(i + 1);
            Node c = g.children().get(i);
            if (c instanceof Leaf l) {
                out.add(l.token());
            } else {
                Group cg = (Group) c;
                out.add(cg.open());
                groups.push(cg);
                next.push(0);
            }
        }
    }
}
