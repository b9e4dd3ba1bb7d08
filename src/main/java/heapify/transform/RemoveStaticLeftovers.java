package heapify.transform;

import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.StaticType;
import heapify.model.SubTable;
import heapify.parse.Nodes;
import heapify.parse.TopItem;
import heapify.source.Span;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule 1, after conversion: forward declarations of migrated types, and {@code tp_as_*}
 * tables that only migrated types named (their entries are now slots), are removed.
 */
final class RemoveStaticLeftovers {
    private RemoveStaticLeftovers() {
    }

    /** {@code static PyTypeObject Foo_Type;} declarations of migrated types. */
    static void removeForwardDeclarations(MigrationContext ctx) {
        Set<String> names = ctx.migratedNames();
        for (TopItem item : ctx.model().parsed().items()) {
            if (item.kind() != heapify.parse.ItemKind.DECLARATION) {
                continue;
            }
            String code = Nodes.code(ctx.tokens(), item.nodes());
            Matcher m = Pattern.compile("^static\\s+PyTypeObject\\s+(\\w+)\\s*;$").matcher(code);
            if (m.find() && names.contains(m.group(1))) {
                Span s = ctx.layout().tokenSpan(item.first(), item.last());
                ctx.plan().replace(ctx.layout().deletionSpan(s), "forward declaration of " + m.group(1));
            }
        }
    }

    /** tp_as_* tables that only migrated types named. */
    static void removeUnusedSubTables(MigrationContext ctx) {
        for (SubTable sub : ctx.model().subTables()) {
            boolean usedByMigrated = false;
            for (StaticType t : ctx.migrated()) {
                if (t.value(sub.kind().typeField()).replaceAll("^&\\s*", "").equals(sub.cName())) {
                    usedByMigrated = true;
                }
            }
            if (!usedByMigrated) {
                continue;
            }
            boolean usedElsewhere = false;
            for (Token tok : ctx.tokens().all()) {
                if (tok.type() == CLexer.IDENTIFIER && tok.text().equals(sub.cName())
                        && !sub.definition().contains(tok.span())) {
                    boolean inMigrated = false;
                    for (StaticType t : ctx.migrated()) {
                        if (t.definition().contains(tok.span())) {
                            inMigrated = true;
                        }
                    }
                    if (!inMigrated) {
                        usedElsewhere = true;
                    }
                }
            }
            if (!usedElsewhere) {
                ctx.plan().replace(ctx.layout().deletionSpan(ctx.layout().withSemicolon(sub.definition())),
                        "table " + sub.cName() + " flattened into slots");
            }
        }
    }
}
