package heapify.transform;

import heapify.analysis.FunctionKind;
import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.FunctionDef;
import heapify.parse.Group;
import heapify.parse.ItemKind;
import heapify.parse.Node;
import heapify.parse.Nodes;
import heapify.parse.TopItem;
import heapify.source.Severity;
import heapify.transform.MigrationContext.StateAccess;
import heapify.transform.MigrationContext.StateAccess.Kind;
import heapify.transform.Views.StateLocalView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Rule 7: decides how every function that uses a migrated type or a moved global reaches the
 * module state, and gives it {@code st}: a local computed from its arguments (module functions,
 * getters, slots, tp_new, binary slots without raising, and METH_NOARGS/METH_O methods of
 * subclassable types, which keep the calls the interpreter specializes), {@code defining_class}
 * for other methods of subclassable types (through a METH_METHOD adapter), or a new first
 * parameter threaded from
 * the callers (helpers, lesson 11). Deallocs and functions used as callbacks cannot look state
 * up: {@code [state-unreachable]}.
 */
public final class ReachModuleState implements Transformer {

    @Override
    public void apply(MigrationContext ctx) {
        MovedGlobals.chooseMovedGlobals(ctx);
        ModuleVariable.find(ctx);
        StateMacros.findStateMacros(ctx);
        TypeFromInstance.choose(ctx);
        Set<String> needs = new LinkedHashSet<>();
        for (FunctionDef f : ctx.model().functions()) {
            if (!ctx.typeFromInstance.containsKey(f.name()) && directlyNeeds(ctx, f)) {
                needs.add(f.name());
            }
        }
        ctx.analysis().exec().ifPresent(e -> {
            boolean initialValues = ctx.moved.stream().anyMatch(g -> !g.initializer().isEmpty()
                    && !g.initializer().equals("NULL") && !g.initializer().equals("0"));
            if (!ctx.migrated().isEmpty() || initialValues) {
                needs.add(e.name());
            }
        });
        // helpers and adapted methods get st as a parameter; their callers then need it too
        boolean changed = true;
        while (changed) {
            changed = false;
            for (FunctionDef f : ctx.model().functions()) {
                if (needs.contains(f.name())) {
                    continue;
                }
                for (String c : ctx.analysis().callees(f.name())) {
                    if (needs.contains(c) && takesParam(ctx, c)) {
                        needs.add(f.name());
                        changed = true;
                        break;
                    }
                }
            }
        }
        StateInObject.choose(ctx, needs);
        for (String fn : needs) {
            FunctionDef f = ctx.model().function(fn).orElseThrow();
            StateAccess a = StateAccessChoice.decide(ctx, f);
            if (a.kind() == Kind.UNREACHABLE && a.reason().equals(StateAccessChoice.DEALLOC_REASON)) {
                a = guarded(ctx, f, needs, a);
            }
            ctx.access.put(fn, a);
            if (a.kind() == Kind.PARAM || a.kind() == Kind.ADAPTER) {
                ctx.threaded.add(fn);
            }
        }
        for (String fn : needs) {
            FunctionDef f = ctx.model().function(fn).orElseThrow();
            emit(ctx, f, ctx.access.get(fn));
        }
        ctx.guardedDeallocs.forEach((fn, guards) -> GuardedDeallocState.emit(ctx,
                ctx.model().function(fn).orElseThrow(), guards));
        StateInObject.emit(ctx);
        TypeFromInstance.emit(ctx);
        if (!ctx.sharedState.isEmpty() || ctx.access.values().stream().anyMatch(a -> a.kind() == Kind.UNREACHABLE)) {
            if (ctx.access.values().stream().anyMatch(a -> a.kind() == Kind.UNREACHABLE)) {
                ctx.sharedState.add("state-unreachable functions");
            }
        }
    }

    /** A dealloc whose uses of the state can be guarded reads it off its type (GuardedDeallocState). */
    private static StateAccess guarded(MigrationContext ctx, FunctionDef f, Set<String> needs, StateAccess unreachable) {
        List<Integer> toks = ctx.analysis().bodyTokens(f);
        List<Integer> uses = new ArrayList<>();
        for (int k : directUses(ctx, f)) {
            uses.add(toks.get(k));
        }
        List<heapify.analysis.Stmt> guards = GuardedDeallocState.guards(ctx, f, uses, needs);
        if (guards == null) {
            return unreachable;
        }
        ctx.guardedDeallocs.put(f.name(), guards);
        ctx.needDeallocHelper = true;
        boolean object = f.params().get(0).isObjectPointer();
        return StateAccess.local(new Views.StateLookupView(object ? "dealloc" : "dealloc-cast",
                StateAccessChoice.deallocHelper(ctx), f.params().get(0).name(), ctx.names().defName(), ""));
    }

    // ---- globals --------------------------------------------------------------------------------

    // ---- macros ---------------------------------------------------------------------------------

    // ---- needs ----------------------------------------------------------------------------------

    private static boolean directlyNeeds(MigrationContext ctx, FunctionDef f) {
        List<Integer> toks = ctx.analysis().bodyTokens(f);
        for (int k : directUses(ctx, f)) {
            String name = ctx.token(toks.get(k)).text();
            if (!ctx.stateMacros.contains(name) || ctx.objectStateMacros.contains(name)
                    || (k + 1 < toks.size() && ctx.token(toks.get(k + 1)).type() == CLexer.LPAREN)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Positions (in the body's token list) of the migrated types, moved globals and state macros
     * a function's body names itself; member names and a dealloc's {@code Foo_Type.tp_free}
     * (which becomes {@code tp->tp_free}) do not count.
     */
    static List<Integer> directUses(MigrationContext ctx, FunctionDef f) {
        Set<String> types = ctx.migratedNames();
        Set<String> globals = ctx.movedNames();
        boolean dealloc = ctx.analysis().kind(f.name()) == FunctionKind.DEALLOC;
        List<Integer> toks = ctx.analysis().bodyTokens(f);
        List<Integer> uses = new ArrayList<>();
        for (int k = 0; k < toks.size(); k++) {
            Token t = ctx.token(toks.get(k));
            if (t.type() != CLexer.IDENTIFIER || ctx.layout().isMemberAccess(toks.get(k))) {
                continue;
            }
            if (types.contains(t.text()) && inside(ctx.exactChecks, t)) {
                continue; // compares the type's dealloc now
            }
            if (types.contains(t.text()) && inside(ctx.ownTypeArgs, t)) {
                continue; // tp_new's own type parameter now (rule new-own-type)
            }
            if (types.contains(t.text())) {
                if (dealloc && k + 2 < toks.size() && ctx.token(toks.get(k + 1)).type() == CLexer.DOT
                        && ctx.token(toks.get(k + 2)).text().equals("tp_free")) {
                    continue;
                }
                uses.add(k);
            } else if (globals.contains(t.text()) || ctx.stateMacros.contains(t.text())) {
                uses.add(k);
            }
        }
        return uses;
    }

    private static boolean inside(List<heapify.source.Span> spans, Token t) {
        for (heapify.source.Span s : spans) {
            if (s.start() <= t.start() && t.end() <= s.end()) {
                return true;
            }
        }
        return false;
    }

    /** Types and globals a function uses directly or through threaded callees (for keeping them static). */
    private static Set<String> namesNeeded(MigrationContext ctx, FunctionDef f, Set<String> seen) {
        Set<String> out = new LinkedHashSet<>();
        if (!seen.add(f.name())) {
            return out;
        }
        Set<String> types = ctx.migratedNames();
        Set<String> globals = ctx.movedNames();
        List<Integer> toks = ctx.analysis().bodyTokens(f);
        for (int k : directUses(ctx, f)) {
            String name = ctx.token(toks.get(k)).text();
            if (!ctx.stateMacros.contains(name) || types.contains(name) || globals.contains(name)) {
                out.add(name);
                continue;
            }
            Matcher m = StateMacros.DEFINE.matcher("");
            for (Token d : ctx.tokens().directiveTokens()) {
                if (d.isDirective() && (m = StateMacros.DEFINE.matcher(d.text())).find() && m.group(2).equals(name)) {
                    out.addAll(StateMacros.mentioned(m.group(4), types, globals));
                } else if (d.isDirective() && ctx.objectStateMacros.contains(name)
                        && (m = StateMacros.OBJECT_LIKE.matcher(d.text())).find() && m.group(1).equals(name)) {
                    out.addAll(StateMacros.mentioned(m.group(2), types, globals));
                }
            }
        }
        for (String c : ctx.analysis().callees(f.name())) {
            if (ctx.threaded.contains(c)) {
                for (FunctionDef cf : ctx.model().functions()) {
                    if (cf.name().equals(c)) {
                        out.addAll(namesNeeded(ctx, cf, new java.util.HashSet<>(seen)));
                    }
                }
            }
        }
        return out;
    }

    /** A callee that gets st as a parameter: a helper, or a method converted through an adapter. */
    private static boolean takesParam(MigrationContext ctx, String fn) {
        FunctionKind k = ctx.analysis().kind(fn);
        if (k == FunctionKind.HELPER) {
            return !ctx.analysis().usedAsValue(fn)
                    && ctx.model().function(fn).map(f -> internalLinkage(ctx, f)).orElse(false);
        }
        if (k == FunctionKind.METHOD) {
            FunctionDef f = ctx.model().function(fn).orElseThrow();
            return StateAccessChoice.decide(ctx, f).kind() == Kind.ADAPTER;
        }
        if (k == FunctionKind.MODULE_FUNCTION) {
            FunctionDef f = ctx.model().function(fn).orElseThrow();
            return StateAccessChoice.decide(ctx, f).kind() == Kind.PARAM;
        }
        return false;
    }

    // ---- edits ----------------------------------------------------------------------------------

    private static void emit(MigrationContext ctx, FunctionDef f, StateAccess a) {
        switch (a.kind()) {
            case LOCAL, LOCAL_OR_NOT_IMPLEMENTED -> ctx.plan().insert(ctx.layout().bodyInsertionPoint(f), "state for " + f.name(),
                    ctx.cachedBinary.containsKey(f.name())
                    ? ctx.template("state-cached-binary", ctx.cachedBinary.get(f.name()), ctx.layout().bodyIndent(f))
                    : ctx.template("state-local", new StateLocalView(ctx.names().stateType(), a.lookup(),
                            a.kind() == Kind.LOCAL_OR_NOT_IMPLEMENTED), ctx.layout().bodyIndent(f)));
            case PARAM -> addStateParam(ctx, f);
            case ADAPTER -> {
                addStateParam(ctx, f);
                MethodAdapter.adapter(ctx, f);
            }
            case UNREACHABLE -> {
                for (String n : namesNeeded(ctx, f, new java.util.HashSet<>())) {
                    ctx.unreachableRefs.putIfAbsent(n, "'" + f.name() + "': " + a.reason());
                }
                ctx.diagnose(Severity.ERROR, "state-unreachable", ctx.tokens().get(f.body().open()).start(),
                        "'" + f.name() + "' uses module state but cannot reach it: " + a.reason());
                ctx.todo(ctx.tokens().get(ctx.layout().statementsStart(f)).start(),
                        "'" + f.name() + "' needs the module state: " + a.reason());
            }
        }
    }

    /** Static by its definition or by an earlier {@code static} prototype (C11 6.2.2p5). */
    static boolean internalLinkage(MigrationContext ctx, FunctionDef f) {
        if (f.isStatic()) {
            return true;
        }
        for (TopItem item : ctx.model().parsed().items()) {
            if (item.kind() != ItemKind.DECLARATION) {
                continue;
            }
            List<Node> nodes = item.nodes();
            if (nodes.isEmpty() || !Nodes.isIdentifier(ctx.tokens(), nodes.get(0), "static")) {
                continue;
            }
            for (int i = 0; i + 1 < nodes.size(); i++) {
                if (Nodes.isIdentifier(ctx.tokens(), nodes.get(i), f.name()) && nodes.get(i + 1) instanceof Group g
                        && g.isParen()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Adds {@code foo_state *st} as first parameter of the definition and of its prototypes. */
    private static void addStateParam(MigrationContext ctx, FunctionDef f) {
        String text = ctx.names().stateType() + " *" + ctx.names().stateVariable();
        addParam(ctx, f, text.length(), (more, ownLine, align, indent) -> ctx.template("state-param",
                new Views.StateParamView(ctx.names().stateType(), more, ownLine, align), indent));
    }

    /**
     * A new first parameter: {@code more} others follow it; {@code ownLine}: on a line of its own;
     * {@code align}: when not empty, a line break and these spaces follow it (the others move to a
     * line of their own, aligned with the parenthesis, so the line stays within 79 columns).
     */
    interface FirstParam {
        Fragment render(boolean more, boolean ownLine, String align, String indent);
    }

    /** Adds the parameter {@code param} renders first ({@code length} characters) to the definition and its prototypes. */
    static void addParam(MigrationContext ctx, FunctionDef f, int length, FirstParam param) {
        for (Group params : paramLists(ctx, f)) {
            boolean empty = params.children().isEmpty();
            boolean isVoid = params.children().size() == 1 && Nodes.isIdentifier(ctx.tokens(), params.children().get(0), "void");
            if (isVoid) {
                ctx.plan().replace(ctx.token(params.children().get(0).first()).span(), "first parameter of " + f.name(),
                        param.render(false, false, "", ""));
            } else if (!empty && firstOnItsOwnLine(ctx, params)) {
                // "f(\n    const char *p," gets the new one on a line of its own, as the others are
                int first = ctx.token(params.children().get(0).first()).start();
                ctx.plan().insert(ctx.layout().lineStart(first), "first parameter of " + f.name(),
                        param.render(true, true, "", ctx.layout().indentAt(first)),
                        Fragment.lineBreaks(ctx.eol(), 1));
            } else {
                int open = ctx.token(params.open()).end();
                ctx.plan().insert(open, "first parameter of " + f.name(),
                        param.render(!empty, false, empty ? "" : alignment(ctx, open, length), ""));
            }
        }
    }

    /**
     * Spaces up to {@code open}'s column when the line holding it would pass 79 columns with the
     * new parameter and its ", " (PEP 7), else "". Lines with a tab before it keep the parameter inline.
     */
    private static String alignment(MigrationContext ctx, int open, int length) {
        int ls = ctx.layout().lineStart(open);
        int le = ctx.text().indexOf('\n', open);
        String line = ctx.text().substring(ls, le < 0 ? ctx.text().length() : le).stripTrailing();
        String before = ctx.text().substring(ls, open);
        if (before.indexOf('\t') >= 0 || line.length() + length + 2 <= 79 || before.length() + length + 1 > 79) {
            return "";
        }
        return " ".repeat(before.length());
    }

    private static boolean firstOnItsOwnLine(MigrationContext ctx, Group params) {
        int open = ctx.token(params.open()).end();
        int first = ctx.token(params.children().get(0).first()).start();
        String between = ctx.text().substring(open, first);
        return between.contains("\n") && between.isBlank();
    }

    /** Offsets where the definition of a function and its prototypes start. */
    static List<Integer> declarationStarts(MigrationContext ctx, FunctionDef f) {
        List<Integer> out = new ArrayList<>();
        List<Group> lists = paramLists(ctx, f);
        for (TopItem item : ctx.model().parsed().items()) {
            for (Group g : lists) {
                if (g.open() >= item.first() && g.close() <= item.last()) {
                    out.add(ctx.token(item.first()).start());
                }
            }
        }
        return out;
    }

    /** The parameter groups of a function's definition and of prototypes of it. */
    private static List<Group> paramLists(MigrationContext ctx, FunctionDef f) {
        List<Group> out = new ArrayList<>();
        for (TopItem item : ctx.model().parsed().items()) {
            List<Node> nodes = item.nodes();
            if (item.kind() == ItemKind.OPAQUE) {
                continue;
            }
            for (int i = 0; i + 1 < nodes.size(); i++) {
                if (Nodes.isIdentifier(ctx.tokens(), nodes.get(i), f.name()) && nodes.get(i + 1) instanceof Group g
                        && g.isParen()) {
                    if (item.kind() == ItemKind.FUNCTION && i + 2 != nodes.size() - 1) {
                        continue;
                    }
                    out.add(g);
                    break;
                }
            }
        }
        return out;
    }

}
