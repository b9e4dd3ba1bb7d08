package heapify.transform;

import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.Global;
import heapify.model.GlobalCategory;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule 5, two facts about a moved pointer global that shape its state field.
 *
 * <p>Rule state-borrowed-reference: an object pointer the file never owns (never passed to a
 * reference-count macro, its address never taken, only assigned from variables, members, casts
 * or NULL: {@code _asyncio}'s {@code cached_running_holder}, {@code fi_freelist}) is not visited
 * or cleared: visiting a reference the state does not own breaks the GC's count, and clearing it
 * releases an object someone else owns, or one already freed.
 *
 * <p>Rule state-field-void-pointer: a pointer to a type the file declares only after the state
 * struct ({@code futureiterobject *fi_freelist}) becomes a {@code void *} field, when every use
 * converts implicitly (assigned, compared, cast; never dereferenced or stepped).
 */
final class StateFieldKinds {
    private static final Set<String> REFCOUNT = Set.of("Py_CLEAR", "Py_DECREF", "Py_XDECREF", "Py_INCREF",
            "Py_XINCREF", "Py_NewRef", "Py_XNewRef", "Py_SETREF", "Py_XSETREF", "Py_VISIT");
    private static final Pattern POINTER = Pattern.compile("^(\\w+)\\s*\\*\\s*(\\w+)$");
    /** Tokens after a use that keep it a plain pointer value. */
    private static final Set<Integer> VALUE_AFTER = Set.of(CLexer.SEMI, CLexer.RPAREN, CLexer.COMMA, CLexer.ASSIGN);
    private static final Pattern VALUE_OPERATOR = Pattern.compile("==|!=|&&|\\|\\||\\?|:");

    private StateFieldKinds() {
    }

    /** The object global is a pointer the file never owns. */
    static boolean borrowed(MigrationContext ctx, Global g) {
        if (g.category() != GlobalCategory.CACHED_OBJECT) {
            return false;
        }
        List<Token> all = ctx.tokens().all();
        boolean assigned = false;
        for (int i : ctx.tokens().code()) { // the code tokens only: a walk per cached global
            Token t = all.get(i);
            if (!t.isCode()) {
                continue;
            }
            if (REFCOUNT.contains(t.text()) && mentionsInCall(ctx, t.index(), g.name())) {
                return false;
            }
            if (!t.isIdentifier(g.name()) || ctx.layout().isMemberAccess(t.index()) || inDeclaration(g, t)) {
                continue;
            }
            int p = ctx.layout().prevCode(t.index());
            if (p >= 0 && ctx.token(p).type() == CLexer.AMP) {
                return false;
            }
            int n = ctx.layout().nextCode(t.index());
            if (n >= 0 && ctx.token(n).type() == CLexer.ASSIGN) {
                if (!callFree(ctx, n)) {
                    return false;
                }
                assigned = true;
            }
        }
        return assigned;
    }

    /**
     * The type a pointer global points to, when the file names it first after {@code at} and
     * every use of the global is a plain pointer value; else "".
     */
    static String declaredAfter(MigrationContext ctx, Global g, String declaration, int at) {
        Matcher m = POINTER.matcher(declaration);
        if (!m.find() || !m.group(2).equals(g.name())) {
            return "";
        }
        String type = m.group(1);
        boolean declared = false;
        for (Token t : ctx.tokens().all()) {
            if (t.isCode() && t.isIdentifier(type)) {
                if (t.start() < at) {
                    return "";
                }
                if (declares(ctx, t.index())) {
                    declared = true; // every later mention lies after the state too
                    break;
                }
            }
        }
        if (!declared) {
            return ""; // a type of an included header (socketmodule.c's PyObject), declared before the state
        }
        for (Token t : ctx.tokens().all()) {
            if (!t.isCode() || !t.isIdentifier(g.name()) || ctx.layout().isMemberAccess(t.index()) || inDeclaration(g, t)) {
                continue;
            }
            int p = ctx.layout().prevCode(t.index());
            int n = ctx.layout().nextCode(t.index());
            boolean stepped = p >= 0 && (ctx.token(p).type() == CLexer.STAR || ctx.token(p).text().matches("\\+\\+|--"));
            boolean value = n >= 0 && (VALUE_AFTER.contains(ctx.token(n).type())
                    || VALUE_OPERATOR.matcher(ctx.token(n).text()).matches());
            if (stepped || !value) {
                return "";
            }
        }
        return type;
    }

    /**
     * The type name at {@code k} is where the file declares it: after the closing brace of a
     * typedef'd struct, between {@code struct} and its opening brace, or ending a {@code typedef}.
     */
    private static boolean declares(MigrationContext ctx, int k) {
        int p = ctx.layout().prevCode(k);
        int n = ctx.layout().nextCode(k);
        if (p < 0 || n < 0) {
            return false;
        }
        String before = ctx.token(p).text();
        String after = ctx.token(n).text();
        if (before.equals("}") && (after.equals(";") || after.equals(","))
                || (before.equals("struct") || before.equals("union")) && after.equals("{")) {
            return true;
        }
        if (!after.equals(";")) {
            return false;
        }
        for (int i = p; i >= 0; i = ctx.layout().prevCode(i)) {
            String w = ctx.token(i).text();
            if (w.equals("typedef")) {
                return true;
            }
            if (w.equals(";") || w.equals("{") || w.equals("}")) {
                return false;
            }
        }
        return false;
    }

    private static boolean inDeclaration(Global g, Token t) {
        return t.start() >= g.span().start() && t.end() <= g.span().end();
    }

    /** The call at {@code macro} names {@code name} among its arguments. */
    private static boolean mentionsInCall(MigrationContext ctx, int macro, String name) {
        int open = ctx.layout().nextCode(macro);
        if (open < 0 || ctx.token(open).type() != CLexer.LPAREN) {
            return false;
        }
        int depth = 0;
        for (int k = open; k < ctx.tokens().size(); k++) {
            Token t = ctx.token(k);
            if (!t.isCode()) {
                continue;
            }
            depth += t.type() == CLexer.LPAREN ? 1 : t.type() == CLexer.RPAREN ? -1 : 0;
            if (depth == 0) {
                return false;
            }
            if (t.isIdentifier(name) && !ctx.layout().isMemberAccess(k)) {
                return true;
            }
        }
        return false;
    }

    /** The right-hand side after {@code assign}, up to its ';', calls no function. */
    private static boolean callFree(MigrationContext ctx, int assign) {
        for (int k = ctx.layout().nextCode(assign); k >= 0; k = ctx.layout().nextCode(k)) {
            Token t = ctx.token(k);
            if (t.type() == CLexer.SEMI) {
                return true;
            }
            int n = ctx.layout().nextCode(k);
            if (t.type() == CLexer.IDENTIFIER && n >= 0 && ctx.token(n).type() == CLexer.LPAREN) {
                return false;
            }
        }
        return false;
    }
}
