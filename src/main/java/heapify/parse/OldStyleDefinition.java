package heapify.parse;

import heapify.lex.TokenList;
import heapify.lex.antlr.CLexer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Recognises K&amp;R (old-style) function definitions, whose parameter types are declared
 * between the parameter list and the body:
 * <pre>
 * static int
 * add(a, b)
 *     int a;
 *     char *b;
 * {
 *     return a + *b;
 * }
 * </pre>
 * Split at its top-level semicolons this would read as the declarations {@code add(a, b) int a;}
 * and {@code char *b;} (a global {@code b}) and an opaque block. It is a definition when: the
 * head ends in {@code name(identifier, ...)}, each run up to a ';' after it declares, without
 * initializer, only names of that list, and a brace group follows the last one.
 */
public final class OldStyleDefinition {
    private OldStyleDefinition() {
    }

    /**
     * When {@code top[start..semi]} (semi: the index of its first top-level ';') opens a K&amp;R
     * definition, the index of the definition's body in {@code top}; otherwise -1.
     */
    static int body(TokenList tokens, List<Node> top, int start, int semi) {
        int params = parameterList(tokens, top, start, semi);
        if (params < 0) {
            return -1;
        }
        Set<String> names = new HashSet<>();
        for (Node n : ((Group) top.get(params)).children()) {
            if (Nodes.isIdentifier(tokens, n)) {
                names.add(tokens.get(n.first()).text());
            }
        }
        int from = params + 1;
        int i = from;
        while (i < top.size()) {
            Node n = top.get(i);
            if (n instanceof Group g && g.isBrace()) {
                // the body: right after a ';' (nothing else would not end a declaration), and at
                // least one declaration before it (without any, the run was a FUNCTION already)
                return i == from && from > params + 1 ? i : -1;
            }
            if (Nodes.isLeaf(tokens, n, CLexer.SEMI)) {
                if (!declaresOnly(tokens, top.subList(from, i), names)) {
                    return -1;
                }
                from = i + 1;
            } else if (Nodes.isLeaf(tokens, n, CLexer.ASSIGN)) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    /**
     * For the nodes of a function definition: the index of its parameter list when it is a
     * K&amp;R definition (a ';' before the body), else -1.
     */
    public static int parameterList(TokenList tokens, List<Node> nodes) {
        for (int i = 0; i < nodes.size() - 1; i++) {
            if (Nodes.isLeaf(tokens, nodes.get(i), CLexer.SEMI)) {
                return parameterList(tokens, nodes, 0, i);
            }
        }
        return -1;
    }

    /** The last group in [start, semi) that is an identifier list after a name, with tokens after it. */
    private static int parameterList(TokenList tokens, List<Node> nodes, int start, int semi) {
        for (int i = semi - 2; i > start; i--) {
            if (nodes.get(i) instanceof Group g && g.isParen() && Nodes.isIdentifier(tokens, nodes.get(i - 1))
                    && isIdentifierList(tokens, g)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code (a, b, c)}: identifiers separated by commas, at least one, not {@code (void)}. */
    private static boolean isIdentifierList(TokenList tokens, Group g) {
        List<Node> c = g.children();
        if (c.isEmpty() || c.size() % 2 == 0) {
            return false;
        }
        for (int i = 0; i < c.size(); i++) {
            if (i % 2 == 0 ? !Nodes.isIdentifier(tokens, c.get(i)) : !Nodes.isLeaf(tokens, c.get(i), CLexer.COMMA)) {
                return false;
            }
        }
        return !(c.size() == 1 && Nodes.isIdentifier(tokens, c.get(0), "void"));
    }

    /** True when a declaration (without its ';') declares only names from {@code names}. */
    private static boolean declaresOnly(TokenList tokens, List<Node> declaration, Set<String> names) {
        if (declaration.isEmpty()) {
            return false;
        }
        for (List<Node> part : Nodes.splitCommas(tokens, declaration)) {
            String name = declaredName(tokens, part);
            if (name == null || !names.contains(name)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The name a declarator declares: the identifier in {@code (*name)}, else its last top-level
     * identifier ({@code char *b}, {@code char buf[8]}); null for anything else.
     */
    public static String declaredName(TokenList tokens, List<Node> part) {
        String last = null;
        for (Node n : part) {
            if (n instanceof Group g) {
                List<Node> c = g.children();
                if (g.isParen() && c.size() >= 2 && Nodes.isIdentifier(tokens, c.get(c.size() - 1))
                        && c.subList(0, c.size() - 1).stream().allMatch(x -> Nodes.isLeaf(tokens, x, CLexer.STAR))) {
                    return tokens.get(c.get(c.size() - 1).first()).text();
                }
            } else if (Nodes.isIdentifier(tokens, n)) {
                last = tokens.get(n.first()).text();
            } else if (!Nodes.isLeaf(tokens, n, CLexer.STAR)) {
                return null;
            }
        }
        return last;
    }
}
