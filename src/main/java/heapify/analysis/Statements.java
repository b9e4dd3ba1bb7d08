package heapify.analysis;

import heapify.lex.Token;
import heapify.lex.TokenList;
import heapify.lex.antlr.CLexer;
import heapify.parse.Group;
import heapify.parse.Node;
import heapify.parse.Nodes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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

    /**
     * The statements of a brace block. Throws {@link TooDeep} when statements nest deeper than
     * {@link #MAX_DEPTH} (blocks, bodies of {@code if}/loops, and each {@code else if} arm count
     * one level each): the transformers walk these trees recursively.
     */
    public List<Stmt> of(Group block) {
        // An explicit stack of statements being built replaces the recursion "a statement is a
        // keyword, then a statement": 100 000 nested blocks or else-if arms cost no Java stack.
        Deque<Pending> stack = new ArrayDeque<>();
        BlockBody root = new BlockBody(block.children(), null);
        stack.push(root);
        while (true) {
            Pending top = stack.peek();
            if (top.wantsChild()) {
                Stmt done = begin(top.nodes, top.at, stack);
                if (done != null) {
                    top.accept(done);
                } else if (stack.size() > MAX_DEPTH) {
                    throw new TooDeep(stack.peek().startToken);
                }
                continue;
            }
            stack.pop();
            Stmt done = top.finish();
            if (stack.isEmpty()) {
                return root.out;
            }
            stack.peek().accept(done);
        }
    }

    /** Deepest statement nesting {@link #of} accepts. C requires compilers to take 127 levels (C11 5.2.4.1). */
    public static final int MAX_DEPTH = 256;

    /** Statements nest deeper than {@link #MAX_DEPTH}; {@code token} opens the statement too deep. */
    public static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int token;

        TooDeep(int token) {
            super("statements nest deeper than " + MAX_DEPTH + " levels", null, false, false);
            this.token = token;
        }

        /** Index of the first token of the statement that is one level too deep. */
        public int token() {
            return token;
        }
    }

    /** A statement under construction: it takes child statements parsed from {@code nodes} at {@code at}. */
    private abstract static class Pending {
        final List<Node> nodes;
        final int[] at;
        final int startToken;

        Pending(List<Node> nodes, int[] at, int startToken) {
            this.nodes = nodes;
            this.at = at;
            this.startToken = startToken;
        }

        /** True when the next statement at {@code at} belongs to this one (may consume keywords). */
        abstract boolean wantsChild();

        abstract void accept(Stmt child);

        abstract Stmt finish();
    }

    /** The statements of a block ({@code brace} null: the body given to {@link #of}). */
    private static final class BlockBody extends Pending {
        final Node brace;
        final List<Stmt> out = new ArrayList<>();

        BlockBody(List<Node> children, Node brace) {
            super(children, new int[] {0}, brace == null ? -1 : brace.first());
            this.brace = brace;
        }

        @Override
        boolean wantsChild() {
            return at[0] < nodes.size();
        }

        @Override
        void accept(Stmt child) {
            out.add(child);
        }

        @Override
        Stmt finish() {
            return brace == null ? null : new Stmt(Stmt.Kind.BLOCK, List.of(brace), out);
        }
    }

    /** {@code if (...) S [else S]}, {@code while/for/switch (...) S}: the keyword and group are consumed. */
    private final class Compound extends Pending {
        final boolean isIf;
        final int start;
        final List<Stmt> kids = new ArrayList<>();
        int stage;

        Compound(List<Node> nodes, int[] at, int start, boolean isIf) {
            super(nodes, at, nodes.get(start).first());
            this.start = start;
            this.isIf = isIf;
        }

        @Override
        boolean wantsChild() {
            if (stage == 0) {
                stage = 1;
                if (at[0] < nodes.size()) {
                    return true; // the body
                }
            }
            if (stage == 1) {
                stage = 2;
                if (isIf && at[0] < nodes.size() && Nodes.isIdentifier(tokens, nodes.get(at[0]), "else")) {
                    at[0]++;
                    return at[0] < nodes.size(); // the else branch
                }
            }
            return false;
        }

        @Override
        void accept(Stmt child) {
            kids.add(child);
        }

        @Override
        Stmt finish() {
            return new Stmt(isIf ? Stmt.Kind.IF : Stmt.Kind.LOOP, nodes.subList(start, at[0]), kids);
        }
    }

    /** {@code do S while (...);}: the keyword is consumed. */
    private final class DoWhile extends Pending {
        final int start;
        final List<Stmt> kids = new ArrayList<>();
        boolean asked;

        DoWhile(List<Node> nodes, int[] at, int start) {
            super(nodes, at, nodes.get(start).first());
            this.start = start;
        }

        @Override
        boolean wantsChild() {
            if (asked) {
                return false;
            }
            asked = true;
            return at[0] < nodes.size();
        }

        @Override
        void accept(Stmt child) {
            kids.add(child);
        }

        @Override
        Stmt finish() {
            Stmt tail = simple(nodes, at);
            return new Stmt(Stmt.Kind.LOOP, nodes.subList(start, at[0]), kids.isEmpty() ? List.of(tail) : kids);
        }
    }

    /**
     * Starts the statement at {@code nodes[at]}: returns it when it is complete at once, or pushes
     * the compound statement it opens (whose children come next) and returns null.
     */
    private Stmt begin(List<Node> nodes, int[] at, Deque<Pending> stack) {
        int start = at[0];
        Node n = nodes.get(start);
        if (n instanceof Group g) {
            if (g.isBrace()) {
                at[0]++;
                stack.push(new BlockBody(g.children(), n));
                return null;
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
                    at[0]++;
                    if (at[0] < nodes.size() && nodes.get(at[0]) instanceof Group) {
                        at[0]++;
                    }
                    stack.push(new Compound(nodes, at, start, t.text().equals("if")));
                    return null;
                }
                case "do" -> {
                    at[0]++;
                    stack.push(new DoWhile(nodes, at, start));
                    return null;
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
