package heapify.transform;

import heapify.analysis.FunctionRole;
import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.FunctionDef;
import heapify.model.Param;
import heapify.model.StaticType;
import heapify.model.TypeNameText;
import heapify.source.Span;
import heapify.transform.Views.MethodAdapterView;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule 7 for methods of subclassable types with other conventions than METH_NOARGS/METH_O: a
 * {@code METH_METHOD|METH_FASTCALL|METH_KEYWORDS} adapter after the method gets
 * {@code defining_class} and passes its state on; every table entry naming the method is
 * pointed at the adapter.
 */
final class MethodAdapter {
    private MethodAdapter() {
    }

    /** A METH_METHOD|METH_FASTCALL|METH_KEYWORDS adapter right after the method, and its table entry. */
    static void adapter(MigrationContext ctx, FunctionDef f) {
        FunctionRole role = ctx.analysis().roles(f.name()).get(0);
        String flags = role.methodFlags();
        String convention = flags.contains("METH_NOARGS") ? "noargs" : flags.contains("METH_O") ? "o"
                : flags.contains("METH_FASTCALL") ? "fastcall" : "varargs";
        boolean keywords = flags.contains("METH_KEYWORDS");
        String name = ctx.names().fresh("adapter " + f.name(), f.name() + "_defcls");
        StaticType t = ctx.type(role.type());
        String typeName = t == null ? "" : TypeNameText.of(t.tpName(), ctx.tokens()).lastPart();
        String display = typeName + "." + role.slot().replaceAll("^\"|\"$", "");
        Param self = f.params().isEmpty() ? new Param("PyObject *", "self") : f.params().get(0);
        MethodAdapterView view = new MethodAdapterView(name, f.name(), ctx.names().stateType(), self.type(),
                convention, display, keywords);
        ctx.plan().insert(ctx.layout().nextLineStart(ctx.tokens().get(f.body().close()).end()), "adapter for " + f.name(),
                Fragment.lineBreaks(ctx.eol(), 1), ctx.template("method-adapter", view, ""), Fragment.lineBreaks(ctx.eol(), 1));
        // every table entry that names the method: function and flags
        boolean prototype = false;
        for (FunctionRole r : ctx.analysis().roles(f.name())) {
            if (r.entry() == null) {
                continue;
            }
            if (!prototype && r.table() != null && r.table().definition().start() < f.span().start()) {
                ctx.plan().insert(ctx.layout().lineStart(r.table().definition().start()), "adapter prototype for " + f.name(),
                        ctx.template("method-adapter-decl", view, ""));
                prototype = true;
            }
            List<Span> parts = entryParts(ctx, r.entry().span());
            if (parts.size() >= 3) {
                ctx.plan().replace(parts.get(1), "adapter entry for " + f.name(),
                        ctx.template("adapter-entry", new Views.AdapterEntryView(name, false), ""));
                ctx.plan().replace(parts.get(2), "adapter flags for " + f.name(),
                        ctx.template("adapter-entry", new Views.AdapterEntryView(name, true), ""));
            }
        }
    }

    /** Spans of the comma-separated parts inside a braced table entry. */
    static List<Span> entryParts(MigrationContext ctx, Span entry) {
        List<Span> out = new ArrayList<>();
        int depth = 0;
        int start = -1;
        int end = -1;
        for (Token t : ctx.tokens().all()) {
            if (t.start() < entry.start() || t.end() > entry.end() || !t.isCode()) {
                continue;
            }
            int type = t.type();
            if (type == CLexer.LBRACE || type == CLexer.LPAREN || type == CLexer.LBRACKET) {
                depth++;
                if (depth == 1) {
                    continue;
                }
            } else if (type == CLexer.RBRACE || type == CLexer.RPAREN || type == CLexer.RBRACKET) {
                depth--;
                if (depth == 0) {
                    if (start >= 0) {
                        out.add(new Span(start, end));
                    }
                    break;
                }
            }
            if (depth == 1 && type == CLexer.COMMA) {
                if (start >= 0) {
                    out.add(new Span(start, end));
                }
                start = -1;
                continue;
            }
            if (start < 0) {
                start = t.start();
            }
            end = t.end();
        }
        return out;
    }
}
