package heapify.transform;

import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.Global;
import heapify.source.Severity;
import java.util.List;

/**
 * Rule 5: which file-level globals move into the module state. A global that code which cannot
 * reach the state uses stays static ({@code [state-unreachable]}); an array with an initializer
 * that nothing writes is constant data and stays; function-level statics with mutable C state
 * stay shared ({@code [process-global-state]}).
 */
final class MovedGlobals {
    private MovedGlobals() {
    }

    static void chooseMovedGlobals(MigrationContext ctx) {
        for (Global g : ctx.analysis().movedGlobals()) {
            if (ProcessWideLock.applies(ctx, g)) {
                continue; // one per process (rule process-wide-lock)
            }
            if (ctx.keepStatic.containsKey(g.name())) {
                ctx.diagnose(Severity.WARNING, "state-unreachable", g.span().start(), "'" + g.name()
                        + "' stays static and shared: it is used where the module state cannot be reached ("
                        + ctx.keepStatic.get(g.name()) + ")");
                ctx.todo(g.span().start(), "'" + g.name() + "' is shared by all module objects: it is used "
                        + "where the module state cannot be reached (" + ctx.keepStatic.get(g.name()) + ")");
                ctx.sharedState.add("'" + g.name() + "'");
                continue;
            }
            String decl = ctx.text().substring(g.span().start(), g.span().end());
            boolean array = decl.replaceAll("(?s)=.*", "").contains("[");
            if (array && !g.initializer().isEmpty() && !isWritten(ctx, g.name())) {
                continue; // a table never written is constant data in all but name
            }
            if (array && !g.initializer().isEmpty()) {
                ctx.diagnose(Severity.WARNING, "initializer-unparsed", g.span().start(),
                        "array '" + g.name() + "' has an initializer; left static and shared");
                ctx.sharedState.add("'" + g.name() + "'");
                continue;
            }
            ctx.moved.add(g);
        }
        sharedFunctionStatics(ctx);
    }

    /** {@code [process-global-state]} for each function-level static with mutable C state. */
    static void sharedFunctionStatics(MigrationContext ctx) {
        for (Global g : ctx.analysis().sharedGlobals()) {
            ctx.diagnose(Severity.WARNING, "process-global-state", g.span().start(),
                    "function-level static '" + g.name() + "' in '" + g.function()
                            + "' stays shared between module objects");
            ctx.sharedState.add("'" + g.name() + "'");
        }
    }

    /** An array with an initializer that no code writes: constant data, it never moves. */
    static boolean staysConstant(MigrationContext ctx, Global g) {
        String decl = ctx.text().substring(g.span().start(), g.span().end());
        boolean array = decl.replaceAll("(?s)=.*", "").contains("[");
        return array && !g.initializer().isEmpty() && !isWritten(ctx, g.name());
    }

    /** True when some code assigns to the variable or an element of it, or takes its address. */
    static boolean isWritten(MigrationContext ctx, String name) {
        for (Token t : ctx.tokens().all()) {
            if (writesAt(ctx, t, name)) {
                return true;
            }
        }
        return false;
    }

    /** How many places assign to the variable or an element of it, step it, or take its address. */
    static int writeCount(MigrationContext ctx, String name) {
        int n = 0;
        for (Token t : ctx.tokens().all()) {
            n += writesAt(ctx, t, name) ? 1 : 0;
        }
        return n;
    }

    /** The token {@code t} names the variable {@code name} where code writes it. */
    private static boolean writesAt(MigrationContext ctx, Token t, String name) {
        if (t.type() != CLexer.IDENTIFIER || !t.text().equals(name) || ctx.layout().isMemberAccess(t.index())) {
            return false;
        }
        List<Token> all = ctx.tokens().all();
        int p = ctx.layout().prevCode(t.index());
        if (p >= 0 && (ctx.token(p).type() == CLexer.AMP || ctx.token(p).text().equals("++")
                || ctx.token(p).text().equals("--"))) {
            return true;
        }
        int n = ctx.layout().nextCode(t.index());
        // skip subscripts
        while (n >= 0 && ctx.token(n).type() == CLexer.LBRACKET) {
            int depth = 0;
            int k = n;
            for (; k < all.size(); k++) {
                if (ctx.token(k).type() == CLexer.LBRACKET) {
                    depth++;
                } else if (ctx.token(k).type() == CLexer.RBRACKET && --depth == 0) {
                    break;
                }
            }
            n = ctx.layout().nextCode(k);
        }
        if (n < 0) {
            return false;
        }
        String nx = ctx.token(n).text();
        boolean declaration = p >= 0 && (ctx.token(p).type() == CLexer.IDENTIFIER || ctx.token(p).type() == CLexer.STAR);
        return !declaration && (ctx.token(n).type() == CLexer.ASSIGN || nx.equals("++") || nx.equals("--")
                || (nx.length() >= 2 && nx.endsWith("=") && !nx.equals("==") && !nx.equals("!=")
                && !nx.equals("<=") && !nx.equals(">=")));
    }
}
