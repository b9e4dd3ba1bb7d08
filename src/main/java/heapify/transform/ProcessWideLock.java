package heapify.transform;

import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.FunctionDef;
import heapify.model.Global;
import heapify.source.Severity;
import heapify.source.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule process-wide-lock: a file-level {@code PyThread_type_lock} guards what every interpreter
 * of the process shares. socketmodule.c's {@code netdb_lock} serializes {@code gethostbyname},
 * whose answer is libc's one static buffer, where {@code gethostbyname_r} is missing (macOS, the
 * BSDs): a lock per module object would let threads of two interpreters call it at once. The lock
 * stays one per process, and exec allocates it only while no module object has:
 * {@code X = PyThread_allocate_lock();} becomes {@code if (X == NULL) { ... }}. It counts as
 * shared state, so the module claims no per-interpreter GIL: its execs run under one GIL, where
 * that test cannot race. Only when every write of the lock is such an allocation, alone on its
 * line; otherwise the lock is an ordinary global.
 */
final class ProcessWideLock implements Transformer {
    /** The global is such a lock, and heapify keeps it one per process. */
    static boolean applies(MigrationContext ctx, Global g) {
        if (!g.function().isEmpty() || !g.type().replaceAll("\\bstatic\\b", "").strip().equals("PyThread_type_lock")
                || !g.initializer().isEmpty()) {
            return false;
        }
        int allocated = allocations(ctx, g.name()).size();
        return allocated > 0 && allocated == MovedGlobals.writeCount(ctx, g.name());
    }

    @Override
    public void apply(MigrationContext ctx) {
        for (Global g : ctx.analysis().movedGlobals()) {
            if (!applies(ctx, g)) {
                continue;
            }
            ctx.diagnose(Severity.NOTE, "process-wide-lock", g.span().start(), "'" + g.name() + "' is a lock "
                    + "(PyThread_type_lock) that guards what every interpreter shares: it stays one per process, "
                    + "allocated by the first module object's exec");
            ctx.sharedState.add("'" + g.name() + "'");
            for (int k : allocations(ctx, g.name())) {
                Token name = ctx.token(k);
                if (guarded(ctx, k)) {
                    continue; // heapify's own output
                }
                int semi = ctx.layout().nextCode(ctx.layout().nextCode(ctx.layout().nextCode(
                        ctx.layout().nextCode(ctx.layout().nextCode(k)))));
                Span line = new Span(ctx.layout().lineStart(name.start()), ctx.token(semi).end());
                ctx.plan().replace(line, "allocated once for the process",
                        ctx.template("lock-once", new Views.LockOnceView(g.name()), ctx.layout().indentAt(name.start())));
            }
        }
    }

    /**
     * The token indexes of {@code name = PyThread_allocate_lock();} statements in function bodies,
     * each alone on its line.
     */
    private static List<Integer> allocations(MigrationContext ctx, String name) {
        List<Integer> out = new ArrayList<>();
        for (FunctionDef f : ctx.model().functions()) {
            for (int k : ctx.analysis().bodyTokens(f)) {
                if (!ctx.token(k).isIdentifier(name) || ctx.layout().isMemberAccess(k)) {
                    continue;
                }
                int[] next = new int[5];
                int at = k;
                for (int i = 0; i < 5 && at >= 0; i++) {
                    at = ctx.layout().nextCode(at);
                    next[i] = at;
                }
                if (at < 0 || ctx.token(next[0]).type() != CLexer.ASSIGN
                        || !ctx.token(next[1]).isIdentifier("PyThread_allocate_lock")
                        || ctx.token(next[2]).type() != CLexer.LPAREN || ctx.token(next[3]).type() != CLexer.RPAREN
                        || ctx.token(next[4]).type() != CLexer.SEMI) {
                    continue;
                }
                String before = ctx.text().substring(ctx.layout().lineStart(ctx.token(k).start()), ctx.token(k).start());
                String after = ctx.text().substring(ctx.token(next[4]).end(),
                        ctx.layout().nextLineStart(ctx.token(next[4]).end()));
                if (before.isBlank() && after.isBlank()) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    /** The allocation at {@code k} already sits alone in {@code if (name == NULL) { ... }}. */
    private static boolean guarded(MigrationContext ctx, int k) {
        int[] kinds = {CLexer.LBRACE, CLexer.RPAREN, CLexer.IDENTIFIER, CLexer.PUNCT, CLexer.IDENTIFIER,
                CLexer.LPAREN, CLexer.IDENTIFIER};
        List<String> words = new ArrayList<>();
        int at = k;
        for (int kind : kinds) {
            at = ctx.layout().prevCode(at);
            if (at < 0 || ctx.token(at).type() != kind) {
                return false;
            }
            words.add(ctx.token(at).text());
        }
        // read backwards: 'if' '(' name '==' 'NULL' ')' '{'
        return words.get(2).equals("NULL") && words.get(3).equals("==") && words.get(4).equals(ctx.token(k).text())
                && words.get(6).equals("if");
    }
}
