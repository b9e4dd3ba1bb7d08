package heapify.transform;

import heapify.analysis.FunctionKind;
import heapify.analysis.FunctionRole;
import heapify.analysis.Stmt;
import heapify.lex.antlr.CLexer;
import heapify.model.FunctionDef;
import heapify.model.Param;
import heapify.model.StaticType;
import heapify.parse.Nodes;
import heapify.source.Severity;
import heapify.transform.MigrationContext.StateAccess;
import heapify.transform.MigrationContext.StateAccess.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule 7, the state cached in the object (issue #10): a migrated type whose methods, getters or
 * slots need the module state gets a {@code struct foo_state *state} member, set right after
 * every allocation of an instance, and those functions read {@code self->state}: no lookup, no
 * MRO walk, no METH_METHOD adapter. Binary slots find the operand that is theirs by comparing
 * its type's slot with the function itself, which neither raises nor walks the MRO, and fall
 * back to the two-operand lookup otherwise (a Python subclass overriding the operator).
 * <p>
 * Not for a type with its own {@code __sizeof__}: the member would change the size it reports.
 * Only where every creation path is visible: the type has its own {@code tp_new} in this file
 * (or its clinic header) or cannot be instantiated, has no {@code tp_itemsize}, no array as its
 * last member, no {@code tp_alloc} of its own and no
 * subclass in the file, shares its struct with no other type, and every allocation in the file
 * ({@code PyObject_New}, {@code PyObject_GC_New}, {@code tp_alloc}, ...) is an assignment
 * followed by its NULL check, in a function that has {@code st} (a {@code tp_alloc} into a
 * {@code PyObject *} is of the one struct the function casts it to). Otherwise nothing is cached
 * for that type (or, for an allocation whose type cannot be told, for any type).
 */
final class StateInObject {
    /** {@code sizeof(FooObject)}, all of a tp_basicsize; group 1 the struct. */
    private static final Pattern SIZEOF = Pattern.compile("^\\s*sizeof\\s*\\(\\s*(\\w+)\\s*\\)\\s*$");
    /** One cached type: its C name, instance struct and the member holding the state. */
    record Cached(String type, String struct, String field) {
    }

    /** One allocation: the statement after which {@code var->field = st;} goes. */
    record Site(String function, String struct, String var, boolean declaredAsStruct, int after, String indent) {
    }

    private static final Set<String> ALLOCATORS = Set.of("PyObject_New", "PyObject_NewVar", "PyObject_GC_New",
            "PyObject_GC_NewVar", "tp_alloc", "PyType_GenericAlloc", "PyType_GenericNew", "tp_new", "_PyObject_New",
            "_PyObject_GC_New", "PyObject_Init", "PyObject_INIT", "PyObject_InitVar", "_PyObject_Init");
    private static final Pattern ASSIGNED = Pattern.compile("(?s)^(?:(\\w+)\\s*\\*\\s*)?(\\w+)\\s*=\\s*"
            + "(?:\\(\\s*(\\w+)\\s*\\*\\s*\\)\\s*)?(?:PyObject_(?:GC_)?New(?:Var)?\\s*\\(\\s*(\\w+)\\s*,.*"
            + "|[\\w>\\-\\s()*]*->\\s*tp_alloc\\s*\\(.*|PyType_GenericAlloc\\s*\\(.*)\\)\\s*;$");
    private static final Pattern NEW_OF = Pattern.compile("PyObject_(?:GC_)?New(?:Var)?\\s*\\(\\s*(\\w+)\\s*,");

    /** Slots whose first argument is no instance of the type. */
    private static final Set<String> NOT_SELF = Set.of("tp_vectorcall", "tp_alloc", "tp_free", "tp_new");

    private StateInObject() {
    }

    /**
     * Chooses the types whose instances cache the state, before any function's access is
     * decided; constructors that must now store it are added to {@code needs} (they look the
     * state up from their type argument, which adds no parameter to any caller).
     */
    static void choose(MigrationContext ctx, Set<String> needs) {
        Map<String, StaticType> byStruct = new LinkedHashMap<>();
        Set<String> sharedStructs = new LinkedHashSet<>();
        for (StaticType t : ctx.analysis().types()) {
            String s = struct(ctx, t);
            if (!s.isEmpty() && byStruct.put(s, t) != null) {
                sharedStructs.add(s);
            }
        }
        Map<String, StaticType> candidates = new LinkedHashMap<>();
        for (StaticType t : ctx.migrated()) {
            String s = struct(ctx, t);
            if (!s.isEmpty() && !sharedStructs.contains(s) && creationVisible(ctx, t) && !reportsItsSize(ctx, t)
                    && benefits(ctx, t, s, needs)) {
                candidates.put(s, t);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        List<Site> sites = new ArrayList<>();
        Set<String> blocked = new LinkedHashSet<>();
        Set<String> addNeeds = new LinkedHashSet<>();
        for (FunctionDef f : ctx.model().functions()) {
            if (ctx.analysis().kind(f.name()) != FunctionKind.INIT && !scan(ctx, f, byStruct.keySet(), sites, blocked)) {
                return; // an allocation of an unknown type: any type may be made there
            }
        }
        boolean byDef = ctx.needModuleByDef;
        boolean binary = ctx.needBinaryHelper;
        for (Site s : sites) {
            if (!candidates.containsKey(s.struct())) {
                continue;
            }
            // the function must have st without a new parameter for it or its callers
            FunctionDef f = ctx.model().function(s.function()).orElseThrow();
            Kind k = StateAccessChoice.decide(ctx, f).kind();
            boolean local = k == Kind.LOCAL || k == Kind.LOCAL_OR_NOT_IMPLEMENTED;
            if (needs.contains(f.name()) ? !(local || k == Kind.PARAM || k == Kind.ADAPTER) : !local) {
                blocked.add(s.struct());
            } else if (!needs.contains(f.name())) {
                addNeeds.add(f.name());
            }
        }
        ctx.needModuleByDef = byDef; // decide() above only probed
        ctx.needBinaryHelper = binary;
        for (Map.Entry<String, StaticType> c : candidates.entrySet()) {
            if (!blocked.contains(c.getKey())) {
                ctx.cachedState.put(c.getValue().cName(), new Cached(c.getValue().cName(), c.getKey(), field(ctx, c.getKey())));
            }
        }
        for (Site s : sites) {
            if (ctx.cachedState.values().stream().anyMatch(c -> c.struct().equals(s.struct()))) {
                ctx.stateStores.add(s);
                if (addNeeds.contains(s.function())) {
                    needs.add(s.function());
                }
            }
        }
    }

    /** The struct member and the stores after each allocation; call once accesses are decided. */
    static void emit(MigrationContext ctx) {
        Set<String> noted = new LinkedHashSet<>();
        for (Views.CachedBinaryView v : ctx.cachedBinary.values()) {
            Cached c = ctx.cachedState.values().stream().filter(x -> x.struct().equals(v.struct())).findFirst()
                    .orElseThrow();
            if (!v.dealloc().isEmpty() && noted.add(c.type())) {
                ctx.diagnose(Severity.NOTE, "binary-operand-by-dealloc", ctx.type(c.type()).definition().start(),
                        "binary slots of '" + c.type() + "' find their own operand by its dealloc ('"
                        + ExactCheckByDealloc.function(v.dealloc()) + "'): it cannot be subclassed, so no slot"
                        + " lookup and no NULL test");
            }
        }
        for (Cached c : ctx.cachedState.values()) {
            Matcher m = structDefinition(c.struct()).matcher(ctx.text());
            m.find();
            int close = m.start(3);
            int line = ctx.layout().lineStart(close);
            String indent = ctx.layout().indentAt(firstMemberStart(ctx.text(), m.start(2)));
            ctx.plan().insert(line, "cached state member of " + c.struct(), ctx.template("state-member",
                    new Views.StateMemberView(ctx.names().stateType(), c.field()), indent));
        }
        for (Site s : ctx.stateStores) {
            Cached c = ctx.cachedState.values().stream().filter(x -> x.struct().equals(s.struct())).findFirst().orElseThrow();
            String target = s.declaredAsStruct() ? s.var() : "((" + s.struct() + " *)" + s.var() + ")";
            ctx.plan().insert(s.after(), "state stored in a new " + s.struct(), ctx.template("state-store",
                    new Views.StateStoreView(target, c.field()), s.indent()));
        }
    }

    /** {@code self->state}, or the binary slot's check of its operands, for a function of a cached type; null if none. */
    static StateAccess access(MigrationContext ctx, FunctionDef f, FunctionKind kind, boolean single, StaticType type) {
        if (!single || type == null || !ctx.cachedState.containsKey(type.cName()) || f.params().isEmpty()) {
            return null;
        }
        Cached c = ctx.cachedState.get(type.cName());
        if (ctx.analysis().roles(f.name()).stream().anyMatch(r -> NOT_SELF.contains(r.slot()))) {
            return null;
        }
        if (kind == FunctionKind.BINARY_SLOT) {
            List<FunctionRole> roles = ctx.analysis().roles(f.name());
            String slot = roles.get(0).slot();
            boolean objects = f.params().stream().allMatch(Param::isObjectPointer);
            if (f.params().size() < 2 || !objects || !slot.startsWith("nb_") || sharedSlotFunction(ctx, f.name())) {
                return null;
            }
            ctx.needBinaryHelper = true;
            ctx.cachedBinary.put(f.name(), new Views.CachedBinaryView(ctx.names().stateType(),
                    StateAccessChoice.param(f, 0), StateAccessChoice.param(f, 1), slot, f.name(), c.struct(), c.field(),
                    StateAccessChoice.binaryHelper(ctx), operandDealloc(ctx, type, f)));
            return new StateAccess(Kind.LOCAL_OR_NOT_IMPLEMENTED, "",
                    new Views.StateLookupView("cached-binary", "", "", "", ""));
        }
        return StateAccess.local(new Views.StateLookupView("cached", "", read(f.params().get(0), c), "", ""));
    }

    /**
     * Rule binary-operand-by-dealloc: the dealloc that identifies the binary slot's own operand,
     * as the type's initializer spells it, or "" to compare the slot. A type that cannot be
     * subclassed has no instances but its own, and ExactCheckByDealloc's conditions make its
     * dealloc its alone: an operand whose type has it is an instance, of whichever module
     * object, as an operand whose type has the slot function is. One load and compare instead of
     * two loads, a NULL test and a compare, for each operand tried. The dealloc must be declared
     * before the slot, and take a {@code PyObject *} or be cast to {@code destructor}, so that the
     * comparison compiles without a warning.
     */
    private static String operandDealloc(MigrationContext ctx, StaticType type, FunctionDef slot) {
        if (type.hasFlag("Py_TPFLAGS_BASETYPE")) {
            return "";
        }
        String dealloc = ExactCheckByDealloc.eligible(ctx).getOrDefault(type.cName(), "");
        if (dealloc.isEmpty()) {
            return "";
        }
        String fn = ExactCheckByDealloc.function(dealloc);
        FunctionDef d = ctx.model().function(fn).orElseThrow();
        boolean object = !d.params().isEmpty()
                && d.params().get(0).type().replaceAll("\\s+", "").equals("PyObject*");
        boolean typed = object || dealloc.startsWith("(");
        return typed && ExactCheckByDealloc.declaredAt(ctx, fn) < slot.span().start() ? dealloc : "";
    }

    /** A clinic method impl of a cached type reads its {@code self} (first parameter) too. */
    static StateAccess clinicAccess(MigrationContext ctx, FunctionDef f) {
        String self = f.params().isEmpty() ? "" : f.params().get(0).type().replaceAll("[\\s*]", "");
        for (Cached c : ctx.cachedState.values()) {
            if (c.struct().equals(self)) {
                return StateAccess.local(new Views.StateLookupView("cached", "", read(f.params().get(0), c), "", ""));
            }
        }
        return null;
    }

    private static String read(heapify.model.Param self, Cached c) {
        boolean typed = self.type().replaceAll("\\s+", "").equals(c.struct() + "*");
        return (typed ? self.name() : "((" + c.struct() + " *)" + self.name() + ")") + "->" + c.field();
    }

    /** The function fills one slot of one type: comparing that slot identifies the operand. */
    private static boolean sharedSlotFunction(MigrationContext ctx, String fn) {
        return ctx.analysis().roles(fn).stream().map(FunctionRole::type).distinct().count() != 1;
    }

    // ---- which types ------------------------------------------------------------------------------

    static String struct(MigrationContext ctx, StaticType t) {
        Matcher m = SIZEOF.matcher(ctx.field(t, "tp_basicsize"));
        if (!m.find()) {
            return "";
        }
        Matcher def = structDefinition(m.group(1)).matcher(ctx.text());
        if (!def.find() || ctx.sets(t, "tp_itemsize")) {
            return ""; // items are stored from the last member on: a member after it would overlap them
        }
        String members = def.group(2).replaceAll("(?s)/\\*.*?\\*/|//[^\n]*", "").strip();
        // the member goes on its own line before the closing brace, never after an array
        return !members.matches("(?s).*\\]\\s*;") && ctx.text().substring(ctx.layout().lineStart(def.start(3)),
                def.start(3)).isBlank() ? m.group(1) : "";
    }

    /** {@code typedef struct [tag] { members } Name;} with no nested braces; group 2 the body, 3 the closing brace. */
    private static Pattern structDefinition(String name) {
        return Pattern.compile("(?s)typedef\\s+struct\\s*(\\w*)\\s*\\{([^{}]*)(\\})\\s*" + name + "\\s*;");
    }

    private static int firstMemberStart(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String field(MigrationContext ctx, String struct) {
        Matcher m = structDefinition(struct).matcher(ctx.text());
        m.find();
        return m.group(2).matches("(?s).*\\bstate\\b.*") ? "module_state" : "state";
    }

    /**
     * A type with its own {@code __sizeof__} reports its size as part of its contract, and tests
     * check it exactly (3.11.2's test_deque.test_sizeof): a new member would change it.
     */
    private static boolean reportsItsSize(MigrationContext ctx, StaticType t) {
        String table = heapify.analysis.ModuleAnalysis.lastIdentifier(ctx.field(t, "tp_methods"));
        Matcher m = Pattern.compile("(?s)PyMethodDef\\s+" + Pattern.quote(table) + "\\s*\\[\\s*\\]\\s*=\\s*\\{(.*?)\\};")
                .matcher(ctx.text());
        if (!table.isEmpty() && m.find() && m.group(1).matches("(?s).*(\"__sizeof__\"|__SIZEOF___METHODDEF).*")) {
            return true;
        }
        for (FunctionDef f : ctx.model().functions()) {
            for (FunctionRole r : ctx.analysis().roles(f.name())) {
                if (r.type().equals(t.cName()) && r.kind() == FunctionKind.METHOD && r.entry() != null
                        && r.entry().value(0).strip().equals("\"__sizeof__\"")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every instance comes from this file's own code. */
    private static boolean creationVisible(MigrationContext ctx, StaticType t) {
        if (ctx.sets(t, "tp_alloc") && !ctx.field(t, "tp_alloc").strip().equals("PyType_GenericAlloc")) {
            return false;
        }
        for (StaticType o : ctx.analysis().types()) {
            if (ctx.baseOf(o).equals(t.cName())) {
                return false;
            }
        }
        if (!ctx.sets(t, "tp_new")) {
            return ctx.nonInstantiable(t) || ctx.disallowInstantiation.contains(t.cName());
        }
        String fn = heapify.analysis.ModuleAnalysis.lastIdentifier(ctx.field(t, "tp_new"));
        if (ctx.model().function(fn).isPresent()) {
            return true;
        }
        Pattern inHeader = Pattern.compile("(?m)^" + Pattern.quote(fn) + "\\s*\\(\\s*PyTypeObject\\s*\\*");
        return ctx.clinicHeaders().stream().anyMatch(h -> inHeader.matcher(h.source().text()).find());
    }

    /** Some method, getter or slot of the type needs the state and could read it from self. */
    private static boolean benefits(MigrationContext ctx, StaticType t, String struct, Set<String> needs) {
        for (String fn : needs) {
            List<FunctionRole> roles = ctx.analysis().roles(fn);
            if (!roles.isEmpty() && roles.stream().allMatch(r -> r.type().equals(t.cName())
                    && (r.kind() == FunctionKind.GETSET || (r.kind() == FunctionKind.SELF_SLOT && !NOT_SELF.contains(r.slot()))
                    || r.kind() == FunctionKind.BINARY_SLOT || (r.kind() == FunctionKind.METHOD
                    && !r.methodFlags().matches(".*METH_(STATIC|CLASS|METHOD).*"))))) {
                return true;
            }
            FunctionDef f = ctx.model().function(fn).orElse(null);
            if (roles.isEmpty() && f != null && !f.params().isEmpty()
                    && f.params().get(0).type().replaceAll("[\\s*]", "").equals(struct)
                    && ClinicStateTypes.implAccess(ctx, f) != null) {
                return true;
            }
        }
        return false;
    }

    // ---- allocations ------------------------------------------------------------------------------

    /**
     * Collects the allocations of {@code f}; false when one cannot be attributed to a struct. An
     * allocation of a known struct not in the recognized shape blocks that struct.
     */
    private static boolean scan(MigrationContext ctx, FunctionDef f, Set<String> structs, List<Site> sites,
                                Set<String> blocked) {
        List<Integer> toks = ctx.analysis().bodyTokens(f);
        List<Integer> allocs = new ArrayList<>();
        for (int k = 0; k < toks.size(); k++) {
            var t = ctx.token(toks.get(k));
            if (t.type() == CLexer.IDENTIFIER && ALLOCATORS.contains(t.text())
                    && (!t.text().startsWith("tp_") || ctx.layout().isMemberAccess(toks.get(k)))) {
                allocs.add(toks.get(k));
            }
        }
        if (allocs.isEmpty()) {
            return true;
        }
        Set<Integer> seen = new LinkedHashSet<>();
        walk(ctx, f, ctx.statements().of(f.body()), structs, sites, seen);
        for (int a : allocs) {
            if (seen.contains(a)) {
                continue;
            }
            String after = ctx.text().substring(ctx.token(a).start(), Math.min(ctx.text().length(), ctx.token(a).end() + 80));
            Matcher m = NEW_OF.matcher(after);
            if (m.lookingAt()) {
                blocked.add(m.group(1));
            } else {
                return false;
            }
        }
        return true;
    }

    private static void walk(MigrationContext ctx, FunctionDef f, List<Stmt> list, Set<String> structs, List<Site> sites,
                             Set<Integer> seen) {
        for (int i = 0; i < list.size(); i++) {
            Stmt s = list.get(i);
            if (s.kind() != Stmt.Kind.SIMPLE) {
                walk(ctx, f, s.children(), structs, sites, seen);
                continue;
            }
            String code = ctx.layout().code(s).strip();
            Matcher m = ASSIGNED.matcher(code);
            if (!m.find() || i + 1 >= list.size()) {
                continue;
            }
            String var = m.group(2);
            String struct = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(1);
            Stmt check = list.get(i + 1);
            String fnText = ctx.text().substring(f.span().start(), f.span().end());
            List<Stmt> taken = new ArrayList<>(List.of(s));
            if ("PyObject".equals(struct) && code.contains("tp_alloc")) {
                // tp_alloc into a PyObject *: the struct the function itself treats it as
                struct = castTarget(fnText, var, structs);
                Matcher to = struct == null ? null : Pattern.compile("^(\\w+)\\s*=\\s*\\(\\s*" + Pattern.quote(struct)
                        + "\\s*\\*\\s*\\)\\s*" + Pattern.quote(var) + "\\s*;$").matcher(
                        check.kind() == Stmt.Kind.SIMPLE ? ctx.layout().code(check).strip() : "");
                if (to != null && to.find() && i + 2 < list.size()) {
                    var = to.group(1); // v = (FooObject *)obj; then the NULL check of v
                    taken.add(check);
                    check = list.get(i + 2);
                }
            }
            if (struct == null || !structs.contains(struct) || !nullCheck(ctx, check, var)) {
                continue;
            }
            int end = ctx.token(check.last()).end();
            int next = ctx.layout().nextLineStart(end);
            if (!ctx.text().substring(end, next).isBlank()) {
                continue;
            }
            boolean declared = struct.equals(m.group(1)) || Pattern.compile("\\b" + Pattern.quote(struct)
                    + "\\s*\\*\\s*" + Pattern.quote(var) + "\\b").matcher(fnText).find();
            sites.add(new Site(f.name(), struct, var, declared, next,
                    ctx.layout().indentAt(ctx.token(s.first()).start())));
            List<Integer> in = new ArrayList<>();
            for (Stmt t : taken) {
                for (var n : t.nodes()) {
                    Nodes.collectTokens(n, in);
                }
            }
            seen.addAll(in);
        }
    }

    /**
     * The one struct of {@code structs} that {@code fn} casts {@code var} to ({@code (FooObject *)var}),
     * or null if none or several: what a {@code tp_alloc} into a {@code PyObject *} makes, since the
     * function's own code reads it as that struct (_zoneinfo's {@code zoneinfo_new_instance}).
     */
    private static String castTarget(String fn, String var, Set<String> structs) {
        Matcher c = Pattern.compile("\\(\\s*(\\w+)\\s*\\*\\s*\\)\\s*" + Pattern.quote(var) + "\\b(?!\\s*\\()").matcher(fn);
        Set<String> to = new LinkedHashSet<>();
        while (c.find()) {
            if (!c.group(1).equals("PyObject")) {
                to.add(c.group(1));
            }
        }
        return to.size() == 1 && structs.contains(to.iterator().next()) ? to.iterator().next() : null;
    }

    /** {@code if (v == NULL)}, {@code if (NULL == v)} or {@code if (!v)}, no else, leaving the function. */
    private static boolean nullCheck(MigrationContext ctx, Stmt s, String var) {
        if (s.kind() != Stmt.Kind.IF || s.children().size() != 1 || s.nodes().size() < 2) {
            return false;
        }
        String cond = Nodes.code(ctx.tokens(), s.nodes().get(1)).replaceAll("\\s+", "");
        String body = ctx.layout().code(s.children().get(0));
        return (cond.equals("(" + var + "==NULL)") || cond.equals("(NULL==" + var + ")") || cond.equals("(!" + var + ")"))
                && body.matches("(?s).*\\b(return|goto)\\b.*");
    }
}
