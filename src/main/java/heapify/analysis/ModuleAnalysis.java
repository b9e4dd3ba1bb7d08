package heapify.analysis;

import heapify.lex.Token;
import heapify.lex.TokenList;
import heapify.lex.antlr.CLexer;
import heapify.model.FileModel;
import heapify.model.FunctionDef;
import heapify.model.Global;
import heapify.model.GlobalCategory;
import heapify.model.InitFunction;
import heapify.model.MemberTable;
import heapify.model.MemberTableKind;
import heapify.model.ModuleDef;
import heapify.model.StaticType;
import heapify.model.SubTable;
import heapify.model.TableEntry;
import heapify.parse.Group;
import heapify.parse.Node;
import heapify.parse.Nodes;
import heapify.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one module file is made of, for migration: the module (init function, definition, exec),
 * the static types that can move to the heap, the globals that move into the module state, the
 * role of every function (rule 7), direct references to types and globals per function, and the
 * call graph between the file's functions.
 */
public final class ModuleAnalysis {
    private static final Set<String> BINARY = Set.of("nb_add", "nb_subtract", "nb_multiply", "nb_remainder",
            "nb_divmod", "nb_power", "nb_lshift", "nb_rshift", "nb_and", "nb_xor", "nb_or", "nb_floor_divide",
            "nb_true_divide", "nb_matrix_multiply");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_]\\w*");
    /**
     * File-level {@code _Py_IDENTIFIER(x)} / {@code _Py_static_string(v, "x")}: the global's type
     * is the macro, and its "initializer" names the cache and its text, never a function value.
     */
    private static final Set<String> IDENTIFIER_MACROS = Set.of("_Py_IDENTIFIER", "_Py_static_string");

    private final FileModel model;
    private final TokenList tokens;
    private final InitFunction init;
    private final ModuleDef def;
    private final FunctionDef exec;
    private final List<StaticType> types = new ArrayList<>();
    private final List<Global> movedGlobals = new ArrayList<>();
    private final List<Global> sharedGlobals = new ArrayList<>();
    private final Map<String, List<FunctionRole>> roles = new LinkedHashMap<>();
    private final Map<String, Set<String>> calls = new LinkedHashMap<>();
    private final Map<String, Set<String>> undefinedCalls = new LinkedHashMap<>();
    private final Set<String> usedAsValue = new LinkedHashSet<>();
    /** Functions named in a file-level {@code PyMethodDef} (bound by {@code PyCFunction_New}). */
    private final Set<String> boundByMethodDef = new LinkedHashSet<>();
    /** Functions used as a value anywhere else. */
    private final Set<String> otherValueUses = new LinkedHashSet<>();

    private final Set<String> fileLocalTypes;

    private ModuleAnalysis(FileModel model, Set<String> fileLocalTypes) {
        this.model = model.withFileLocalTypes(fileLocalTypes);
        this.fileLocalTypes = Set.copyOf(fileLocalTypes);
        this.tokens = this.model.parsed().tokens();
        this.init = model.inits().isEmpty() ? null : model.inits().get(0);
        this.def = findDef();
        this.exec = findExec();
        collectTypes();
        collectGlobals();
        collectRoles();
        collectCalls();
        clinicImpls();
    }

    public static ModuleAnalysis of(FileModel model) {
        return new ModuleAnalysis(model, Set.of());
    }

    /** {@code fileLocalTypes}: types defined without {@code static} that no other file names. */
    public static ModuleAnalysis of(FileModel model, Set<String> fileLocalTypes) {
        return new ModuleAnalysis(model, fileLocalTypes);
    }

    /** Types defined without {@code static} that no other file names, analysed as static ones. */
    public Set<String> fileLocalTypes() {
        return fileLocalTypes;
    }

    public FileModel model() {
        return model;
    }

    public TokenList tokens() {
        return tokens;
    }

    public Optional<InitFunction> init() {
        return Optional.ofNullable(init);
    }

    public Optional<ModuleDef> def() {
        return Optional.ofNullable(def);
    }

    /** The function whose body holds the module setup: exec (multi-phase) or PyInit (single-phase). */
    public Optional<FunctionDef> exec() {
        return Optional.ofNullable(exec);
    }

    /** Static types defined in this file with an initializer and {@code static} storage. */
    public List<StaticType> types() {
        // a read-only view, not a copy: the list is complete once the analysis is, and callers ask
        // for it once per type
        return java.util.Collections.unmodifiableList(types);
    }

    public Set<String> typeNames() {
        Set<String> s = new LinkedHashSet<>();
        for (StaticType t : types) {
            s.add(t.cName());
        }
        return s;
    }

    /** File-level globals that move into the module state (objects and mutable C data). */
    public List<Global> movedGlobals() {
        return List.copyOf(movedGlobals);
    }

    /** Function-level {@code static} mutable data left shared between module objects. */
    public List<Global> sharedGlobals() {
        return List.copyOf(sharedGlobals);
    }

    public Set<String> movedGlobalNames() {
        Set<String> s = new LinkedHashSet<>();
        for (Global g : movedGlobals) {
            s.add(g.name());
        }
        return s;
    }

    public List<FunctionRole> roles(String function) {
        return roles.getOrDefault(function, List.of());
    }

    /** The primary kind of a function: its first role, or HELPER. */
    public FunctionKind kind(String function) {
        List<FunctionRole> r = roles(function);
        return r.isEmpty() ? FunctionKind.HELPER : r.get(0).kind();
    }

    public Set<String> callees(String function) {
        return calls.getOrDefault(function, Set.of());
    }

    /**
     * What {@code function} calls by name that this file does not define: the C API, the C
     * library, macros, and functions of other files (which {@link FileModel#prototypes()} or an
     * included local header declare), in order of first call.
     */
    public Set<String> undefinedCallees(String function) {
        return undefinedCalls.getOrDefault(function, Set.of());
    }

    /** Functions of this file named somewhere other than a direct call or their own table entry. */
    public boolean usedAsValue(String function) {
        return usedAsValue.contains(function);
    }

    /**
     * Whether the function's only use as a value is in one file-level {@code PyMethodDef}, the
     * callback {@code PyCFunction_New(&def, obj)} binds to {@code obj}: {@code obj} comes back
     * as its first argument ({@code _asyncio}'s {@code TaskWakeupDef} and {@code task_wakeup}).
     */
    public boolean onlyBoundByMethodDef(String function) {
        return boundByMethodDef.contains(function) && !otherValueUses.contains(function);
    }

    /**
     * The text with each string and character literal emptied: a method table's {@code "make"}
     * names no C function {@code make} (it made a helper of that name a callback, so the types it
     * uses stayed static).
     */
    static String withoutStrings(String code) {
        // a scan, not a regex: an alternation repeated per character overflows the stack on long literals
        StringBuilder out = new StringBuilder(code.length());
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            out.append(c);
            if (c != '"' && c != '\'') {
                continue;
            }
            int j = i + 1;
            while (j < code.length() && code.charAt(j) != c) {
                j += code.charAt(j) == '\\' ? 2 : 1;
            }
            if (j >= code.length()) {
                out.append(code, i + 1, code.length()); // unterminated: left as it is
                break;
            }
            out.append(c);
            i = j;
        }
        return out.toString();
    }

    public List<String> callers(String function) {
        List<String> out = new ArrayList<>();
        calls.forEach((f, cs) -> {
            if (cs.contains(function)) {
                out.add(f);
            }
        });
        return out;
    }

    // ---- module -------------------------------------------------------------------------------

    private ModuleDef findDef() {
        if (model.moduleDefs().isEmpty()) {
            return null;
        }
        if (init != null) {
            String body = Nodes.code(tokens, init.function().body());
            for (ModuleDef d : model.moduleDefs()) {
                if (body.matches("(?s).*&\\s*" + Pattern.quote(d.cName()) + "\\b.*") && !localToMultiPhaseInit(d)) {
                    return d;
                }
            }
        }
        ModuleDef first = model.moduleDefs().get(0);
        return localToMultiPhaseInit(first) ? null : first;
    }

    /**
     * A definition inside a multi-phase {@code PyInit_}: its slots and exec are local too, which
     * heapify does not move; only a single-phase init's definition moves to file scope.
     */
    private boolean localToMultiPhaseInit(ModuleDef d) {
        if (init == null || !init.multiPhase()) {
            return false;
        }
        Span f = init.function().span();
        return d.definition().start() >= f.start() && d.definition().end() <= f.end();
    }

    private FunctionDef findExec() {
        if (init == null) {
            return null;
        }
        if (!init.multiPhase()) {
            return init.function();
        }
        if (def == null) {
            return null;
        }
        String slots = def.value("m_slots");
        Optional<MemberTable> table = model.memberTable(slots);
        if (table.isEmpty()) {
            return null;
        }
        for (TableEntry e : table.get().entries()) {
            if (e.value(0).equals("Py_mod_exec")) {
                return model.function(lastIdentifier(e.value(1))).orElse(null);
            }
        }
        return null;
    }

    /** The exec functions and other entries of the existing module slot table (multi-phase). */
    public Optional<MemberTable> moduleSlots() {
        return def == null ? Optional.empty() : model.memberTable(def.value("m_slots"));
    }

    // ---- types and globals --------------------------------------------------------------------

    private void collectTypes() {
        types.addAll(staticTypes(model));
    }

    /** The model's static types with an initializer: {@link #types()}, without the rest of the analysis. */
    static List<StaticType> staticTypes(FileModel model) {
        List<StaticType> out = new ArrayList<>();
        for (StaticType t : model.types()) {
            if (t.isStatic() && !t.tpName().isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private void collectGlobals() {
        collectGlobals(model, movedGlobals, sharedGlobals);
    }

    /**
     * {@link #movedGlobals()} and {@link #sharedGlobals()} of the model, without the rest of the
     * analysis (what {@link IncludedState} needs of a header).
     */
    static void collectGlobals(FileModel model, List<Global> movedGlobals, List<Global> sharedGlobals) {
        for (Global g : model.globals()) {
            // a PyTypeObject * global holds a heap type the init code made: per-module state too
            boolean typePointer = g.category() == GlobalCategory.TYPE && g.function().isEmpty()
                    && g.type().contains("*");
            if (g.category() != GlobalCategory.EXCEPTION && g.category() != GlobalCategory.CACHED_OBJECT
                    && g.category() != GlobalCategory.C_STATE && !typePointer) {
                continue;
            }
            if (!g.function().isEmpty()) {
                if (g.category() == GlobalCategory.C_STATE && !isStringTable(g)) {
                    sharedGlobals.add(g);
                }
                continue;
            }
            if (!g.isStatic() || g.type().matches("(?s).*\\b(typedef|extern|PyModuleDef|PyModuleDef_Slot|PyType_Spec"
                    + "|PyType_Slot|PyMethodDef|PyMemberDef|PyGetSetDef)\\b.*")) {
                continue;
            }
            movedGlobals.add(g);
        }
    }

    /** {@code static char *kwlist[] = {"a", NULL}}: never written, so never shared mutable state. */
    private static boolean isStringTable(Global g) {
        // {"a", "b", NULL}: string literals, the last element may be NULL or 0, a trailing comma.
        // Scanned by hand: the regex this replaces recursed once per element, and a kwlist of some
        // thousands of names overflowed the stack.
        String v = g.initializer().strip();
        if (!v.startsWith("{") || !v.endsWith("}")) {
            return false;
        }
        int i = skipSpace(v, 1);
        int end = v.length() - 1;
        while (i < end) {
            if (v.charAt(i) == '"') {
                int close = v.indexOf('"', i + 1);
                if (close < 0 || close >= end) {
                    return false;
                }
                i = skipSpace(v, close + 1);
            } else if (v.startsWith("NULL", i) || v.startsWith("0", i)) {
                i = skipSpace(v, i + (v.startsWith("NULL", i) ? 4 : 1));
                return i == end || (v.charAt(i) == ',' && skipSpace(v, i + 1) == end);
            } else {
                return false;
            }
            if (i < end && v.charAt(i) != ',') {
                return false;
            }
            i = i < end ? skipSpace(v, i + 1) : i;
        }
        return true;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    // ---- roles ----------------------------------------------------------------------------------

    public static String lastIdentifier(String value) {
        String v = value.strip();
        String last = "";
        Matcher id = IDENT.matcher(v);
        while (id.find()) {
            last = id.group();
        }
        return last;
    }

    private void role(String fn, FunctionRole r) {
        if (fn.isEmpty() || model.function(fn).isEmpty()) {
            return;
        }
        roles.computeIfAbsent(fn, k -> new ArrayList<>()).add(r);
    }

    private void collectRoles() {
        if (exec != null) {
            role(exec.name(), new FunctionRole(FunctionKind.INIT, "", "exec", null, null));
        }
        for (StaticType t : types) {
            t.fields().forEach((field, f) -> {
                switch (field) {
                    case "tp_methods" -> table(t, f.value(), FunctionKind.METHOD);
                    case "tp_getset" -> table(t, f.value(), FunctionKind.GETSET);
                    case "tp_as_number", "tp_as_sequence", "tp_as_mapping", "tp_as_async", "tp_as_buffer" -> {
                        Optional<SubTable> sub = model.subTable(lastIdentifier(f.value()));
                        sub.ifPresent(s -> s.fields().forEach((sf, v) -> role(lastIdentifier(v.value()),
                                new FunctionRole(BINARY.contains(sf) ? FunctionKind.BINARY_SLOT
                                        : FunctionKind.SELF_SLOT, t.cName(), sf, null, null))));
                    }
                    case "tp_name", "tp_doc", "tp_flags", "tp_basicsize", "tp_itemsize", "tp_base", "tp_members",
                         "tp_dictoffset", "tp_weaklistoffset", "tp_vectorcall_offset" -> {
                    }
                    default -> {
                        FunctionKind k = switch (field) {
                            case "tp_new" -> FunctionKind.NEW;
                            case "tp_dealloc", "tp_finalize", "tp_del", "tp_free" -> FunctionKind.DEALLOC;
                            case "tp_traverse", "tp_clear" -> FunctionKind.GC;
                            default -> FunctionKind.SELF_SLOT;
                        };
                        role(lastIdentifier(f.value()), new FunctionRole(k, t.cName(), field, null, null));
                    }
                }
            });
        }
        if (def != null) {
            for (String hook : List.of("m_traverse", "m_clear", "m_free")) {
                role(lastIdentifier(def.value(hook)), new FunctionRole(FunctionKind.MODULE_FUNCTION, "", hook, null, null));
            }
            model.memberTable(def.value("m_methods")).ifPresent(mt -> {
                for (TableEntry e : mt.entries()) {
                    role(lastIdentifier(e.value(1)), new FunctionRole(FunctionKind.MODULE_FUNCTION, "", e.value(0),
                            mt, e));
                }
            });
        }
    }

    /**
     * Argument Clinic {@code _impl} functions are called from the generated {@code clinic/*.c.h}
     * code, never from this file: one taking the module is a module function; the others get
     * no role here and count as used through a pointer (their class is not known). Clinic
     * writes an impl's head as the output of its block: the start marker right before it, the
     * end marker between its parameters and its body. Those markers decide, not the name: a
     * {@code METH_O} function is its own impl ({@code _asyncio__set_running_loop}), and a
     * function merely named {@code *_impl} ({@code _asyncio}'s {@code task_step_impl}), or one
     * with a stray end marker and no block ({@code leave_task} there), is a plain helper.
     */
    private void clinicImpls() {
        if (!model.source().text().contains("clinic/")) {
            return;
        }
        for (var f : model.functions()) {
            if (roles.containsKey(f.name()) || !clinicOutput(f)) {
                continue;
            }
            if (!f.params().isEmpty() && f.params().get(0).name().equals("module")) {
                role(f.name(), new FunctionRole(FunctionKind.MODULE_FUNCTION, "", "clinic", null, null));
            } else {
                usedAsValue.add(f.name());
            }
        }
    }

    private boolean clinicOutput(FunctionDef f) {
        String text = model.source().text();
        return f.body() != null && text.substring(f.span().start(), tokens.get(f.body().open()).start())
                .contains("[clinic end generated code:")
                && text.substring(0, f.span().start()).stripTrailing().endsWith("[clinic start generated code]*/");
    }

    private void table(StaticType t, String value, FunctionKind kind) {
        model.memberTable(lastIdentifier(value)).ifPresent(mt -> {
            for (TableEntry e : mt.entries()) {
                if (kind == FunctionKind.METHOD && mt.kind() == MemberTableKind.METHODS) {
                    role(lastIdentifier(e.value(1)), new FunctionRole(kind, t.cName(), e.value(0), mt, e));
                } else if (kind == FunctionKind.GETSET) {
                    role(lastIdentifier(e.value(1)), new FunctionRole(kind, t.cName(), "get", mt, e));
                    role(lastIdentifier(e.value(2)), new FunctionRole(kind, t.cName(), "set", mt, e));
                }
            }
        });
    }

    // ---- calls ---------------------------------------------------------------------------------

    private void collectCalls() {
        Set<String> names = new LinkedHashSet<>();
        for (FunctionDef f : model.functions()) {
            names.add(f.name());
        }
        for (FunctionDef f : model.functions()) {
            Set<String> cs = new LinkedHashSet<>();
            Set<String> outside = new LinkedHashSet<>();
            List<Integer> toks = new ArrayList<>();
            Nodes.collectTokens(f.body(), toks);
            for (int k = 0; k < toks.size(); k++) {
                Token t = tokens.get(toks.get(k));
                if (t.type() == CLexer.IDENTIFIER && !names.contains(t.text()) && k + 1 < toks.size()
                        && tokens.get(toks.get(k + 1)).type() == CLexer.LPAREN
                        && (k == 0 || (tokens.get(toks.get(k - 1)).type() != CLexer.DOT
                        && tokens.get(toks.get(k - 1)).type() != CLexer.ARROW))) {
                    outside.add(t.text());
                }
                if (t.type() == CLexer.IDENTIFIER && names.contains(t.text())) {
                    boolean call = k + 1 < toks.size() && tokens.get(toks.get(k + 1)).type() == CLexer.LPAREN;
                    boolean member = k > 0 && (tokens.get(toks.get(k - 1)).type() == CLexer.DOT
                            || tokens.get(toks.get(k - 1)).type() == CLexer.ARROW);
                    if (member || identifierMacroArgument(toks, k)) {
                        continue;
                    }
                    if (call) {
                        cs.add(t.text());
                    } else {
                        usedAsValue.add(t.text());
                        otherValueUses.add(t.text());
                    }
                }
            }
            calls.put(f.name(), cs);
            undefinedCalls.put(f.name(), outside);
        }
        // functions named in tables or type initializers that gave them no role (tables of types
        // left static, of other modules' types, unknown tables) are called through pointers
        List<String> tableValues = new ArrayList<>();
        for (MemberTable mt : model.memberTables()) {
            for (TableEntry e : mt.entries()) {
                tableValues.addAll(e.values());
            }
        }
        for (SubTable st : model.subTables()) {
            st.fields().values().forEach(f -> tableValues.add(f.value()));
        }
        for (StaticType t : model.types()) {
            t.fields().values().forEach(f -> tableValues.add(f.value()));
        }
        for (String v : tableValues) {
            Matcher m = IDENT.matcher(withoutStrings(v));
            while (m.find()) {
                if (names.contains(m.group()) && !roles.containsKey(m.group())) {
                    usedAsValue.add(m.group());
                    otherValueUses.add(m.group());
                }
            }
        }
        // uses in file-level initializers other than the tables that gave roles
        for (Global g : model.globals()) {
            if (g.category() == GlobalCategory.TYPE || g.category() == GlobalCategory.MODULE_DEF
                    || IDENTIFIER_MACROS.contains(g.type())) {
                continue;
            }
            Matcher m = IDENT.matcher(withoutStrings(g.initializer()));
            while (m.find()) {
                if (names.contains(m.group()) && !roles.containsKey(m.group())) {
                    usedAsValue.add(m.group());
                    if (g.type().matches("(\\w+\\s+)*PyMethodDef")) {
                        boundByMethodDef.add(m.group());
                    } else {
                        otherValueUses.add(m.group());
                    }
                }
            }
        }
        // every other value use: function bodies, tables, clinic impls
        for (String f : usedAsValue) {
            if (!boundByMethodDef.contains(f)) {
                otherValueUses.add(f);
            }
        }
    }

    /**
     * Whether body token {@code k} is the argument of {@code _Py_IDENTIFIER(name)}: the macro
     * spells a string to intern, so a function of the same name ({@code get_event_loop} in
     * {@code _asyncio}) is not used there as a value.
     */
    private boolean identifierMacroArgument(List<Integer> toks, int k) {
        return k >= 2 && tokens.get(toks.get(k - 1)).type() == CLexer.LPAREN
                && tokens.get(toks.get(k - 2)).text().equals("_Py_IDENTIFIER");
    }

    /** Token indexes of a function body's code tokens, in order. */
    public List<Integer> bodyTokens(FunctionDef f) {
        List<Integer> toks = new ArrayList<>();
        Nodes.collectTokens(f.body(), toks);
        return toks;
    }
}
