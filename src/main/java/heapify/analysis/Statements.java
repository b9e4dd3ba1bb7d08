package heapify.analysis;

import heapify.lex.Token;
import heapify.lex.TokenList;
import heapify.lex.antlr.CLexer;
import heapify.parse.Group;
import heapify.parse.Node;
import heapify.parse.Nodes;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the balanced nodes of a brace block into statements, enough to find and remove whole
 * statements in init code. For example
 * <pre>
 * if (PyType_Ready(&amp;Foo_Type) &lt; 0)
 *     return NULL;
 * m = PyModule_Create(&amp;foo_def);
 * </pre>
 * is an IF statement (with the {@code return} as its child) then a SIMPLE one. A statement that
 * does not end where expected runs to the end of the block.
 */
public final class Statements {
    private final TokenList tokens;

    public Statements(TokenList tokens) {
        this.tokens = tokens;
    }

    public List<Stmt> of(Group block) {
        return list(block.children());
    }

    private List<Stmt> list(List<Node> nodes) {
        List<Stmt> out = new ArrayList<>();
        int[] at = {0};
        while (at[0] < nodes.size()) {
            out.add(one(nodes, at));
        }
        return out;
    }

    private Stmt one(List<Node> nodes, int[] at) {
        int start = at[0];
        Node n = nodes.get(start);
        if (n instanceof Group g) {
            if (g.isBrace()) {
                at[0]++;
                return new Stmt(Stmt.Kind.BLOCK, List.of(n), list(g.children()));
            }
            return simple(nodes, at);
        }
        Token t = Nodes.leafToken(tokens, n);
        if (t.type() == CLexer.SEMI) {
            at[0]++;
            return new Stmt(Stmt.Kind.EMPTY, List.of(n), List.of());
        }
        if (t.type() == CLexer.IDENTIFIER) {
            switch (t.text()) {
                case "if", "while", "for", "switch" -> {
                    List<Stmt> kids = new ArrayList<>();
                    at[0]++;
                    if (at[0] < nodes.size() && nodes.get(at[0]) instanceof Group) {
                        at[0]++;
                    }
                    if (at[0] < nodes.size()) {
                        kids.add(one(nodes, at));
                    }
                    if (t.text().equals("if") && at[0] < nodes.size()
                            && Nodes.isIdentifier(tokens, nodes.get(at[0]), "else")) {
                        at[0]++;
                        if (at[0] < nodes.size()) {
                            kids.add(one(nodes, at));
                        }
                    }
                    return new Stmt(t.text().equals("if") ? Stmt.Kind.IF : Stmt.Kind.LOOP,
                            nodes.subList(start, at[0]), kids);
                }
                case "do" -> {
                    at[0]++;
                    List<Stmt> kids = new ArrayList<>();
                    if (at[0] < nodes.size()) {
                        kids.add(one(nodes, at));
                    }
                    Stmt tail = simple(nodes, at);
                    return new Stmt(Stmt.Kind.LOOP, nodes.subList(start, at[0]), kids.isEmpty() ? List.of(tail) : kids);
                }
                case "else" -> {
                    at[0]++;
                    return new Stmt(Stmt.Kind.EMPTY, List.of(n), List.of());
                }
                case "case", "default" -> {
                    while (at[0] < nodes.size() && !isColon(nodes.get(at[0]))) {
                        at[0]++;
                    }
                    at[0] = Math.min(at[0] + 1, nodes.size());
                    return new Stmt(Stmt.Kind.LABEL, nodes.subList(start, at[0]), List.of());
                }
                default -> {
                    if (start + 1 < nodes.size() && isColon(nodes.get(start + 1))) {
                        at[0] += 2;
                        return new Stmt(Stmt.Kind.LABEL, nodes.subList(start, at[0]), List.of());
                    }
                }
            }
        }
        return simple(nodes, at);
    }

    private Stmt simple(List<Node> nodes, int[] at) {
        int start = at[0];
        while (at[0] < nodes.size()) {
            Node n = nodes.get(at[0]++);
            if (Nodes.isLeaf(tokens, n, CLexer.SEMI)) {
                break;
            }
        }
        return new Stmt(Stmt.Kind.SIMPLE, nodes.subList(start, at[0]), List.of());
    }

    private boolean isColon(Node n) {
        Token t = Nodes.leafToken(tokens, n);
        return t != null && t.text().equals(":");
    }

    /** The code text of a statement, tokens joined by single spaces where the file had space. */
    public String code(Stmt s) {
        return Nodes.code(tokens, s.first(), s.last());
    }
}
