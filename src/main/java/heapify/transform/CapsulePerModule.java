package heapify.transform;

import heapify.lex.TokenList;
import heapify.source.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule capsule-per-module: a module that exports its C API in a capsule ({@code PyCapsule_New})
 * migrates like any other when every consumer the run sees reads the capsule per module: into a
 * local, keeping nothing of it without a reference ({@code _ssl.c} increfs the {@code Sock_Type}
 * it copies into its own state). The capsule is then made by exec, once per module object, with
 * the types of that object's state, and {@code PyCapsule_Import} hands each interpreter its own.
 * When a consumer keeps the capsule or a pointer from it in a static ({@code PyDateTime_IMPORT}
 * fills datetime.h's {@code PyDateTimeAPI}), the module stays as it is (capsule-exports-type),
 * and the reason names those consumers; when the run sees no consumer, it stays too.
 */
final class CapsulePerModule {
    private static final int NAMED = 3;

    private CapsulePerModule() {
    }

    /** The name argument, as written, of the {@code PyCapsule_New} call at {@code offset}; "" for another maker. */
    static String name(MigrationContext ctx, int offset) {
        TokenList toks = ctx.tokens();
        int at = toks.indexAt(offset);
        if (at < 0 || !toks.get(at).isIdentifier("PyCapsule_New")) {
            return "";
        }
        int open = toks.nextCode(at);
        if (open < 0 || !toks.get(open).isPunct("(")) {
            return "";
        }
        return CapsuleUse.argument(toks, open, 1);
    }

    /** The consumers of the capsule {@code name} that keep it process-wide. */
    static List<CapsuleUse.Consumer> processWide(MigrationContext ctx, String name) {
        List<CapsuleUse.Consumer> out = new ArrayList<>();
        for (CapsuleUse.Consumer c : ctx.capsules.get().consumersOf(name)) {
            if (!c.perModule()) {
                out.add(c);
            }
        }
        return out;
    }

    /** Each module object can make the capsule {@code name}: the run sees consumers, and every one reads it per module. */
    static boolean perModule(MigrationContext ctx, String name) {
        return !name.isEmpty() && !ctx.capsules.get().consumersOf(name).isEmpty() && processWide(ctx, name).isEmpty();
    }

    /** "the consumers ... keep ..." for the reason a capsule stays one per process. */
    static String says(List<CapsuleUse.Consumer> wide) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.min(NAMED, wide.size()); i++) {
            parts.add(wide.get(i).where() + " " + wide.get(i).keeps());
        }
        String more = wide.size() > NAMED ? ", and " + (wide.size() - NAMED) + " more" : "";
        return String.join(", ", parts) + more;
    }

    /** The note of a capsule each module object now makes, naming its consumers. */
    static void note(MigrationContext ctx, int offset) {
        List<String> where = new ArrayList<>();
        for (CapsuleUse.Consumer c : ctx.capsules.get().consumersOf(ctx.ownCapsule)) {
            where.add(c.where());
        }
        ctx.diagnose(Severity.NOTE, "capsule-per-module", offset, "the C API capsule " + ctx.ownCapsule + " is made by each module "
                + "object, with its own types: every consumer reads it per module (" + String.join(", ", where) + ")");
    }
}
