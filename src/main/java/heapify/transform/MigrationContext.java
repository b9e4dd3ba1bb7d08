package heapify.transform;

import heapify.analysis.ModuleAnalysis;
import heapify.analysis.Statements;
import heapify.analysis.Stmt;
import heapify.lex.Token;
import heapify.lex.TokenList;
import heapify.model.FileModel;
import heapify.model.StaticType;
import heapify.source.Diagnostic;
import heapify.source.Severity;
import heapify.source.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Facts and helpers every transformer of one file shares: the analysis, the options, the plan
 * being built, the names heapify gives to new C entities, and text utilities for whole-line
 * deletions and indentation. Decisions made by one transformer for the others (which functions
 * get {@code st}, which init statements go away) are recorded here.
 */
public final class MigrationContext {
    // the regexes sets and baseOf try on every field of every type in every pass, compiled once
    private static final Pattern NULL_CAST = Pattern.compile("^\\(\\s*\\w+\\s*\\*?\\s*\\)\\s*(?=(0|NULL)$)");
    private static final Pattern DEFERRED_ANY = Pattern.compile("DEFERRED_ADDRESS\\s*\\(.*\\)");
    private static final Pattern DEFERRED = Pattern.compile("^DEFERRED_ADDRESS\\s*\\((.*)\\)$");
    private static final Pattern TYPE_CAST = Pattern.compile("^\\(\\s*PyTypeObject\\s*\\*\\s*\\)");
    private final ModuleAnalysis analysis;
    private final Options options;
    private final MigrationPlan plan = new MigrationPlan();
    private final Path displayPath;
    private final String text;
    private final String eol;
    private final Statements statements;
    private final SourceLayout layout;
    private final NameRegistry names;
    /** Field values set on types in init code ({@code Foo_Type.tp_base = &PyDict_Type;}), by type. */
    final Map<String, Map<String, String>> initAssignments = new LinkedHashMap<>();
    /** Statements of the init code that set those fields, with their type; removed for migrated types. */
    final Map<Stmt, String> initAssignmentStatements = new LinkedHashMap<>();
    /** How each function reaches the state (filled by ReachModuleState). */
    final Map<String, StateAccess> access = new LinkedHashMap<>();
    /** Functions that get a {@code st} first parameter. */
    final Set<String> threaded = new LinkedHashSet<>();
    /** Exact type checks that compare a dealloc instead of the type (ExactCheckByDealloc): no state there. */
    final List<Span> exactChecks = new ArrayList<>();
    /** {@code &Foo_Type} in Foo's tp_new, now its type parameter (rule new-own-type): no state needed. */
    final List<Span> ownTypeArgs = new ArrayList<>();
    /** Deallocs ExactCheckByDealloc declared early, with where their prototype goes. */
    final Map<String, Integer> deallocPrototypes = new LinkedHashMap<>();
    /** Function-like macros that now take {@code st} first. */
    final Set<String> stateMacros = new LinkedHashSet<>();
    /** The object-like ones among them, which get the state as {@code NAME(st)}. */
    final Set<String> objectStateMacros = new LinkedHashSet<>();
    /** Helpers that get a type from their callers' instance instead of the state (TypeFromInstance). */
    final Map<String, TypeFromInstance.Threaded> typeFromInstance = new LinkedHashMap<>();
    /** Types whose instances cache the module state, by C name (StateInObject). */
    final Map<String, StateInObject.Cached> cachedState = new LinkedHashMap<>();
    /** Allocations after which the new instance gets the state (StateInObject). */
    final List<StateInObject.Site> stateStores = new ArrayList<>();
    /** Binary slots that read the state from the operand that is theirs (StateInObject). */
    final Map<String, Views.CachedBinaryView> cachedBinary = new LinkedHashMap<>();
    /** Deallocs that read the state off their type's module, with the if statements that test it (GuardedDeallocState). */
    final Map<String, List<heapify.analysis.Stmt>> guardedDeallocs = new LinkedHashMap<>();
    /** Helpers the state block must define. */
    boolean needDeallocHelper;
    boolean needModuleByDef;
    boolean needBinaryHelper;
    boolean needAddObjectRef;
    /** Types that become heap types (set by ConvertTypeToSpec through {@link #migrate}), in file order. */
    private final List<StaticType> migrated = new ArrayList<>();
    /** Their C names, for {@link #isMigrated}. */
    private final Set<String> migratedNames = new java.util.HashSet<>();
    /** The analysis' types by C name (the first of a name defined twice), for {@link #type}. */
    private final Map<String, StaticType> typesByName;
    /** The C names of the types defined more than once (in several preprocessor branches). */
    private final Set<String> definedTwice;
    /** Slot-array and spec names per migrated type. */
    final Map<String, String> specNames = new LinkedHashMap<>();
    /** Types whose instances may not be created (rule 3). */
    final Set<String> disallowInstantiation = new LinkedHashSet<>();
    /** Post-creation assignments per type ({@code tp_vectorcall}). */
    final Map<String, String> vectorcalls = new LinkedHashMap<>();
    /** The {@code tp_name} text set back after creation, per type whose spec is named "builtins.X" (rule type-name-without-dot). */
    final Map<String, String> tpNames = new LinkedHashMap<>();
    /** The module variable of the init code ({@code m} in {@code m = PyModule_Create(...)}). */
    String moduleVar = "m";
    /** The exec function's parameter: the module variable itself, or a new name when its declaration cannot go. */
    String execParam = "m";
    /** True when the init code keeps its module variable and gets it from the exec parameter. */
    boolean keepModuleVar;
    /** Globals that move into the state (set by ReachModuleState). */
    final List<heapify.model.Global> moved = new ArrayList<>();
    /** Types and globals kept static because code that cannot reach the state uses them: name -> where. */
    final Map<String, String> keepStatic = new LinkedHashMap<>();
    /** Found in this pass: names used where no state is reachable (name -> where). */
    final Map<String, String> unreachableRefs = new LinkedHashMap<>();
    /** Where the state must go when clinic_state() uses it: before the clinic region ahead of the include, or -1. */
    int clinicStateBefore = -1;
    /** The module's own state that migrated types join (rule state-merged), or null. */
    ExistingState existing;
    /** The module's other files' decisions for this file (rule module-unit). */
    ModuleUnit unit = ModuleUnit.NONE;
    /** The capsule this module exports, when each module object makes its own (rule capsule-per-module), or "". */
    String ownCapsule = "";
    /** The run's consumers of C API capsules, read on first use (rule capsule-per-module). */
    java.util.function.Supplier<CapsuleUse> capsules = () -> CapsuleUse.NONE;
    /** Reasons the module cannot claim a per-interpreter GIL. */
    final List<String> sharedState = new ArrayList<>();

    /**
     * How a function gets {@code st}: a local found by {@code lookup}, a parameter, an adapter's
     * defining class, or not at all ({@code reason} says why).
     */
    public record StateAccess(Kind kind, String reason, Views.StateLookupView lookup) {
        public enum Kind { LOCAL, LOCAL_OR_NOT_IMPLEMENTED, PARAM, ADAPTER, UNREACHABLE }

        static StateAccess local(Views.StateLookupView lookup) {
            return new StateAccess(Kind.LOCAL, "", lookup);
        }

        static StateAccess unreachable(String reason) {
            return new StateAccess(Kind.UNREACHABLE, reason, null);
        }
    }

    /** Local files the module includes, with the process-wide state heapify leaves in them. */
    private final List<heapify.analysis.IncludedState> includes;

    /** The Argument Clinic output the module includes. */
    private final List<heapify.analysis.ClinicHeader> clinicHeaders;
    private ClinicStateTypes.Decision clinicDecision;

    public MigrationContext(ModuleAnalysis analysis, Options options, Path displayPath) {
        this(analysis, List.of(), List.of(), options, displayPath);
    }

    public MigrationContext(ModuleAnalysis analysis, List<heapify.analysis.IncludedState> includes,
                            List<heapify.analysis.ClinicHeader> clinicHeaders, Options options, Path displayPath) {
        this.includes = List.copyOf(includes);
        this.clinicHeaders = List.copyOf(clinicHeaders);
        this.analysis = analysis;
        this.options = options;
        this.displayPath = displayPath;
        this.text = analysis.model().source().text();
        this.eol = analysis.model().source().lineEnding();
        this.statements = new Statements(analysis.tokens());
        this.layout = new SourceLayout(text, analysis.tokens(), statements);
        this.names = new NameRegistry(analysis);
        this.typesByName = typesByName(analysis);
        this.definedTwice = definedTwice(analysis);
    }

    private static Set<String> definedTwice(ModuleAnalysis analysis) {
        Set<String> seen = new java.util.HashSet<>();
        Set<String> out = new java.util.HashSet<>();
        for (StaticType t : analysis.types()) {
            if (!seen.add(t.cName())) {
                out.add(t.cName());
            }
        }
        return out;
    }

    private static Map<String, StaticType> typesByName(ModuleAnalysis analysis) {
        Map<String, StaticType> out = new java.util.HashMap<>();
        for (StaticType t : analysis.types()) {
            out.putIfAbsent(t.cName(), t);
        }
        return out;
    }

    /**
     * A fresh context for another keep-static pass over {@code first}'s file: nothing planned or
     * decided, but what depends on the file alone (line ending, layout, the name registry's scans,
     * the clinic decision once made) is taken over instead of computed again for every pass.
     */
    MigrationContext(MigrationContext first) {
        this.includes = first.includes;
        this.clinicHeaders = first.clinicHeaders;
        this.analysis = first.analysis;
        this.options = first.options;
        this.displayPath = first.displayPath;
        this.text = first.text;
        this.eol = first.eol;
        this.statements = first.statements;
        this.layout = first.layout;
        this.names = new NameRegistry(first.names);
        this.typesByName = first.typesByName;
        this.definedTwice = first.definedTwice;
        this.clinicDecision = first.clinicDecision; // null until a pass asks
        this.existing = first.existing;
        this.unit = first.unit;
        this.ownCapsule = first.ownCapsule;
        this.capsules = first.capsules;
    }

    public List<heapify.analysis.IncludedState> includes() {
        return includes;
    }

    public List<heapify.analysis.ClinicHeader> clinicHeaders() {
        return clinicHeaders;
    }

    /** Which clinic-named types can migrate with their clinic output; decided once per context (it reads the header). */
    ClinicStateTypes.Decision clinicDecision() {
        if (clinicDecision == null) {
            clinicDecision = ClinicStateTypes.decide(this);
        }
        return clinicDecision;
    }

    public ModuleAnalysis analysis() {
        return analysis;
    }

    public FileModel model() {
        return analysis.model();
    }

    public TokenList tokens() {
        return analysis.tokens();
    }

    public Options options() {
        return options;
    }

    public MigrationPlan plan() {
        return plan;
    }

    public String text() {
        return text;
    }

    public String eol() {
        return eol;
    }

    /** Positions and spans in the original text, for placing edits. */
    public SourceLayout layout() {
        return layout;
    }

    public Statements statements() {
        return statements;
    }

    /** The names of the new C entities. */
    public NameRegistry names() {
        return names;
    }

    // ---- diagnostics ---------------------------------------------------------------------------

    public void diagnose(Severity severity, String rule, int offset, String message) {
        plan.diagnose(Diagnostic.at(severity, rule, displayPath, Span.at(offset), message));
    }

    /**
     * A {@code TODO(heapify)} line before the line holding {@code offset}, in its indentation;
     * not repeated when the comment ending on the line above already is one, on one line or
     * wrapped (a second run adds nothing).
     */
    public void todo(int offset, String text) {
        int ls = layout.lineStart(offset);
        if (ls > 0 && this.text.substring(layout.lineStart(ls - 1), ls).strip().endsWith("*/")) {
            int open = this.text.lastIndexOf("/*", ls);
            if (open >= 0 && this.text.startsWith("/* TODO(heapify)", open)) {
                return;
            }
        }
        if (ls > 0 && this.text.substring(layout.lineStart(ls - 1), ls).contains("TODO(heapify)")) {
            return;
        }
        if (plan.touches(new Span(ls, Math.min(ls + 1, this.text.length())))) {
            return;
        }
        String indent = layout.indentAt(offset);
        plan.insert(ls, "todo", Fragment.template("todo", new Views.TodoView(text), indent));
    }

    public Fragment template(String name, Object view, String indent) {
        return Fragment.template(name, view, indent, names().stateVariable());
    }

    public Set<String> movedNames() {
        Set<String> s = new LinkedHashSet<>();
        for (heapify.model.Global g : moved) {
            s.add(g.name());
        }
        return s;
    }

    public StateAccess accessOf(String function) {
        return access.get(function);
    }

    /** True when the function has {@code st} in scope after migration. */
    public boolean hasState(String function) {
        StateAccess a = access.get(function);
        return a != null && a.kind() != StateAccess.Kind.UNREACHABLE;
    }

    public List<StaticType> migrated() {
        return List.copyOf(migrated);
    }

    public Set<String> migratedNames() {
        Set<String> s = new LinkedHashSet<>();
        for (StaticType t : migrated) {
            s.add(t.cName());
        }
        return s;
    }

    public boolean isMigrated(String cName) {
        return migratedNames.contains(cName);
    }

    /** Records the types that become heap types. */
    void migrate(List<StaticType> types) {
        migrated.addAll(types);
        for (StaticType t : types) {
            migratedNames.add(t.cName());
        }
    }

    // ---- types ---------------------------------------------------------------------------------

    /** A type field as the module sets it: the init-code assignment if any, else the initializer value. */
    public String field(StaticType t, String field) {
        Map<String, String> a = initAssignments.get(t.cName());
        if (a != null && a.containsKey(field)) {
            return a.get(field);
        }
        return t.value(field);
    }

    public boolean sets(StaticType t, String field) {
        String v = NULL_CAST.matcher(field(t, field).strip()).replaceAll("");
        return !v.isEmpty() && !v.equals("0") && !v.equals("NULL") && !DEFERRED_ANY.matcher(v).matches()
                && !v.equals("(void *)0");
    }

    /** The base named by tp_base: "" for object, else the C name after '&' (a migrated type or a builtin). */
    public String baseOf(StaticType t) {
        String v = field(t, "tp_base").strip();
        Matcher m = DEFERRED.matcher(v);
        if (m.find() && !initAssignments.getOrDefault(t.cName(), Map.of()).containsKey("tp_base")) {
            v = m.group(1).strip();
        }
        if (v.isEmpty() || v.equals("0") || v.equals("NULL")) {
            return "";
        }
        v = TYPE_CAST.matcher(v).replaceAll("").strip();
        if (v.startsWith("&")) {
            v = v.substring(1).strip();
        }
        return v.equals("PyBaseObject_Type") ? "" : v;
    }

    /**
     * The C name of the one type whose instances are {@code pointerType} ({@code "TaskObj *"}:
     * {@code tp_basicsize = sizeof(TaskObj)}), or null when none or several are.
     */
    public String typeOfInstances(String pointerType) {
        String struct = pointerType.replace("*", "").strip();
        Pattern size = Pattern.compile("sizeof\\s*\\(\\s*"
                + Pattern.quote(struct) + "\\s*\\)");
        List<String> owners = new ArrayList<>();
        for (StaticType t : analysis.types()) {
            if (!struct.isEmpty() && size.matcher(field(t, "tp_basicsize")).matches()) {
                owners.add(t.cName());
            }
        }
        return owners.size() == 1 ? owners.get(0) : null;
    }

    public StaticType type(String cName) {
        return typesByName.get(cName);
    }

    /** Whether more than one type of the file is named {@code cName} (a set made once, not a walk per type). */
    boolean definedTwice(String cName) {
        return definedTwice.contains(cName);
    }

    /** Rule 3: tp_new == NULL and a base that is object or non-instantiable by the same rule. */
    public boolean nonInstantiable(StaticType t) {
        if (sets(t, "tp_new")) {
            return false;
        }
        String b = baseOf(t);
        if (b.isEmpty()) {
            return true;
        }
        StaticType bt = type(b);
        return bt != null && nonInstantiable(bt);
    }

    // ---- tokens --------------------------------------------------------------------------------

    public Token token(int i) {
        return tokens().get(i);
    }

}
