package heapify.transform;

import heapify.analysis.Stmt;
import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.FunctionDef;
import heapify.model.StaticType;
import heapify.parse.Nodes;
import heapify.source.Severity;
import heapify.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules 3 and 6, two fixes of the exec body: class attributes written into a migrated type's
 * {@code tp_dict} need {@code PyType_Modified}, and init-only macros that {@code return NULL}
 * return -1 in exec.
 */
final class ExecBodyFixes {
    private ExecBodyFixes() {
    }

    private static final Pattern TP_DICT_OF = Pattern.compile("\\b(\\w+)\\s*\\.\\s*tp_dict\\b");

    /**
     * Rule 3: class attributes written into {@code Foo_Type.tp_dict} in exec (now
     * {@code st->Foo_Type->tp_dict}, which IMMUTABLETYPE does not guard) need
     * {@code PyType_Modified} before any instance exists: added before exec's final return.
     */
    static void typeDictWrites(MigrationContext ctx, FunctionDef exec) {
        String body = Nodes.code(ctx.tokens(), exec.body());
        // one pass over the body for every NAME.tp_dict, not a regex per type (quadratic with 1000 types)
        java.util.Set<String> written = new java.util.HashSet<>();
        for (Matcher m = TP_DICT_OF.matcher(body); m.find(); ) {
            written.add(m.group(1));
        }
        List<String> touched = new ArrayList<>();
        for (StaticType t : ctx.migrated()) {
            if (written.contains(t.cName())) {
                touched.add(t.cName());
            }
        }
        if (touched.isEmpty()) {
            return;
        }
        List<Stmt> top = ctx.statements().of(exec.body());
        Stmt last = null;
        for (Stmt s : top) {
            if (s.kind() == Stmt.Kind.SIMPLE && ctx.layout().code(s).matches("(?s)^return\\s+(0|" + ctx.moduleVar + ")\\s*;$")) {
                last = s;
            }
        }
        if (last == null) {
            ctx.diagnose(Severity.WARNING, "initializer-unparsed", exec.span().start(),
                    "exec writes class attributes into tp_dict; call PyType_Modified on " + touched + " by hand");
            return;
        }
        for (String t : touched) {
            ctx.plan().insert(ctx.layout().lineStart(ctx.layout().spanOf(last).start()), "PyType_Modified for " + t,
                    ctx.template("type-modified", new Views.StateRefView(t, false, false),
                            ctx.layout().indentAt(ctx.layout().spanOf(last).start())));
        }
    }

    private static final Pattern OBJECT_LIKE = Pattern.compile("(?s)\\s*#\\s*define\\s+(\\w+)(?:[ \\t](.*))?");
    private static final Pattern WORD = Pattern.compile("\\b\\w+\\b");
    private static final Pattern BARE_RETURN_NULL = Pattern.compile("(?s)\\s*return\\s+NULL\\s*;?\\s*");

    /**
     * Object-like macros that are {@code return NULL} and nothing else, outside Python 2 only
     * code ({@code #define MODINITERROR return NULL}: audit; cffi's {@code INITERROR}), named by
     * no other directive and by no code outside {@code init}: in exec they return -1.
     */
    static java.util.Set<String> bareReturnMacros(heapify.parse.ParsedFile parsed, FunctionDef init) {
        heapify.lex.TokenList tokens = parsed.tokens();
        java.util.Map<String, Boolean> bare = new java.util.LinkedHashMap<>();
        List<Token> directives = new ArrayList<>();
        for (Token d : tokens.directiveTokens()) {
            if (heapify.model.PythonTwoBranch.contains(parsed, d.index())) {
                continue;
            }
            directives.add(d);
            Matcher m = OBJECT_LIKE.matcher(d.text().replaceAll("/\\*.*?\\*/|//.*", ""));
            if (m.matches()) {
                boolean isBare = m.group(2) != null && BARE_RETURN_NULL.matcher(m.group(2)).matches();
                bare.merge(m.group(1), isBare, Boolean::logicalAnd);
            }
        }
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        bare.forEach((name, isBare) -> {
            if (isBare) {
                out.add(name);
            }
        });
        if (out.isEmpty()) {
            return out;
        }
        for (Token d : directives) {
            Matcher m = OBJECT_LIKE.matcher(d.text());
            String own = m.matches() ? m.group(1) : "";
            for (Matcher w = WORD.matcher(d.text()); w.find(); ) {
                if (!w.group().equals(own)) {
                    out.remove(w.group());
                }
            }
        }
        for (Token t : tokens.all()) {
            if (t.type() == CLexer.IDENTIFIER && out.contains(t.text()) && !init.span().contains(t.span())) {
                out.remove(t.text());
            }
        }
        return out;
    }

    /**
     * Macros that {@code return NULL} and are used only in the init function, like ossaudiodev's
     * function-like {@code _EXPORT_INT} and audit's object-like {@code MODINITERROR}, return -1
     * in exec.
     */
    static void initOnlyMacros(MigrationContext ctx, FunctionDef exec) {
        Pattern define = Pattern.compile("^(\\s*#\\s*define\\s+)(\\w+)(\\(|[ \\t])", Pattern.DOTALL);
        java.util.Set<String> bare = bareReturnMacros(ctx.model().parsed(), exec);
        for (Token d : ctx.tokens().directiveTokens()) {
            if (!d.isDirective()) {
                continue;
            }
            Matcher m = define.matcher(d.text());
            // the regex backtracks over every char of every #define; it needs a 'return' and a 'NULL'
            if (!m.find() || !d.text().contains("return") || !d.text().contains("NULL")
                    || !d.text().matches("(?s).*\\breturn\\s+NULL\\b.*")) {
                continue;
            }
            String name = m.group(2);
            if (!m.group(3).equals("(") && !bare.contains(name)) {
                continue; // an object-like macro only when it is a bare 'return NULL' of init alone
            }
            boolean inInit = false;
            boolean elsewhere = false;
            for (Token t : ctx.tokens().all()) {
                if (t.type() == CLexer.IDENTIFIER && t.text().equals(name)) {
                    if (exec.span().contains(t.span())) {
                        inInit = true;
                    } else {
                        elsewhere = true;
                    }
                }
            }
            if (inInit && !elsewhere) {
                Matcher r = Pattern.compile("\\breturn\\s+(NULL)\\b").matcher(d.text());
                while (r.find()) {
                    ctx.plan().replace(new Span(d.start() + r.start(1), d.start() + r.end(1)),
                            "macro " + name + " returns -1 in exec",
                            ctx.template("exec-failure", new Views.ExecReturnView(true), ""));
                }
            } else if (inInit) {
                ctx.diagnose(Severity.WARNING, "initializer-unparsed", d.start(), "macro '" + name
                        + "' returns NULL and is used outside the init code too; exec must return -1");
            }
        }
    }
}
