package heapify.transform;

import heapify.lex.Token;
import heapify.model.StaticType;
import heapify.model.TypeNameText;
import heapify.model.TypeObjectLayout;
import heapify.source.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules 1, 2, 8 and 9: why a type object cannot become a heap type as it is, each reason with
 * its rule id: an initializer or table heapify cannot read, a preprocessor condition, a custom
 * metatype, an internal field, an Argument Clinic class line naming its address, external
 * linkage, a macro of the file that sets its fields.
 */
final class TypeBlockers {
    /** {@code PyVarObject_HEAD_INIT(meta, 0)} without its blanks; group 1 the metatype. */
    private static final Pattern HEAD_INIT = Pattern.compile("^Py(?:Var)?Object_HEAD_INIT\\((.*?)(?:,.*)?\\)$");
    private TypeBlockers() {
    }

    /** An Argument Clinic class line naming a type object's address: its object type and the type. */
    static final Pattern CLINIC_CLASS =
            Pattern.compile("(?m)^\\s*class\\s+[\\w.]+\\s+\"(?<object>[^\"]*)\"\\s+\"&(?<type>\\w+)\"");

    /**
     * Types of this file named by an Argument Clinic class line as {@code "&Foo_Type"}, less those
     * that migrate with their clinic output ({@code ClinicStateTypes}'s decision) and those in
     * {@code reportedElsewhere}; each is reported with {@code [clinic-regenerate]} and why, and stays static.
     */
    static List<String> clinicTypes(MigrationContext ctx, ClinicStateTypes.Decision migrating,
                                    java.util.Set<String> reportedElsewhere) {
        List<String> out = new ArrayList<>();
        for (SourceLayout.ClinicClass clinic : ctx.layout().clinicClasses()) {
            StaticType t = ctx.type(clinic.type());
            if (t != null && !out.contains(t.cName()) && !migrating.uses().containsKey(t.cName())
                    && !reportedElsewhere.contains(t.cName())) {
                out.add(t.cName());
                ctx.diagnose(Severity.WARNING, "clinic-regenerate", clinic.typeStart(),
                        "Argument Clinic output uses '&" + clinic.type() + "' and is regenerated only with "
                                + "the module's clinic_state(): " + migrating.whyNot(t.cName()) + "; left static");
            }
        }
        return out;
    }

    /**
     * The spec name a type named without a dot gets with {@code --qualify-dotless-names}: its
     * module's {@code m_name} before it ({@code "_asyncio.TaskStepMethWrapper"}), or null when
     * the option is off, the name has a dot, or the module's name is not spelled in the file.
     */
    static String qualifiedName(MigrationContext ctx, StaticType t) {
        TypeNameText name = TypeNameText.of(t.tpName(), ctx.tokens());
        if (!ctx.options().qualifyDotlessNames() || !name.dotless() || ctx.analysis().def().isEmpty()) {
            return null;
        }
        String module = TypeNameText.of(ctx.analysis().def().get().value("m_name"), ctx.tokens()).literal();
        return module == null || module.isEmpty() ? null : "\"" + module + "." + name.literal() + "\"";
    }

    /**
     * The spec name a type named without a dot gets when it keeps its name: {@code "builtins.X"},
     * so that {@code PyType_FromModuleAndSpec} sets {@code __module__} to {@code builtins} (a
     * dotless spec name would give no {@code __module__} and a DeprecationWarning), and exec sets
     * {@code tp_name} back to the original text right after creation, so {@code repr()} and
     * messages are unchanged. Null for a name with a dot, one {@code --qualify-dotless-names}
     * qualifies, and a type another file creates (rule module-unit: that file's exec does not
     * restore the name).
     */
    static String builtinsName(MigrationContext ctx, StaticType t) {
        TypeNameText name = TypeNameText.of(t.tpName(), ctx.tokens());
        if (!name.dotless() || qualifiedName(ctx, t) != null || ctx.unit.exported().contains(t.cName())) {
            return null;
        }
        return "\"builtins." + name.literal() + "\"";
    }

    /** {@code [type-name-without-dot]} for a type the module already makes from a spec named {@code tpName}. */
    static void nameWithoutDot(MigrationContext ctx, String tpName, int at) {
        if (!tpName.contains(".")) {
            ctx.diagnose(Severity.WARNING, "type-name-without-dot", at,
                    "tp_name " + tpName + " has no dot: the heap type gets no __module__");
        }
    }

    /** {@code [type-exported-in-header]}: the type has external linkage, so other files may use it. */
    static void exportedType(MigrationContext ctx, StaticType t) {
        ctx.diagnose(Severity.WARNING, "type-exported-in-header", t.definition().start(),
                "type '" + t.cName() + "' has external linkage (" + (t.storage().isEmpty() ? "not static"
                        : t.storage()) + "); left static");
    }

    private static final Pattern FUNCTION_MACRO = Pattern.compile("^\\s*#\\s*define\\s+(\\w+)\\(");
    private static final Pattern SETS_TYPE_FIELD =
            Pattern.compile("->\\s*tp_\\w+\\s*=[^=]|Py_SET_TYPE|->\\s*ob_type|\\.\\s*tp_\\w+\\s*=[^=]");

    /**
     * A type handed to a macro of this file that sets type fields (_ctypes' {@code MOD_ADD_TYPE}
     * does {@code Py_SET_TYPE} and {@code type->tp_base = ...}) is set up in ways the spec would
     * not carry: it stays static.
     */
    static void keepTypesSetUpByMacros(MigrationContext ctx) {
        java.util.Map<String, String> fieldMacros = new java.util.HashMap<>();
        for (Token d : ctx.tokens().directiveTokens()) {
            if (!d.isDirective()) {
                continue; // most tokens: no matcher for them (a Pattern per token was a fifth of migrate's time)
            }
            Matcher m = FUNCTION_MACRO.matcher(d.text());
            if (m.find() && SETS_TYPE_FIELD.matcher(d.text()).find()) {
                fieldMacros.put(m.group(1), d.text());
            }
        }
        if (fieldMacros.isEmpty()) {
            return;
        }
        String code = ctx.text();
        for (var macro : fieldMacros.entrySet()) {
            Matcher call = Pattern.compile("\\b" + macro.getKey() + "\\s*\\(([^;]*)\\)").matcher(code)
                    .useTransparentBounds(true); // \b sees the char before each try
            // tried only where the name is: find() tried the \b at every char of the file
            for (int at = code.indexOf(macro.getKey()); at >= 0; ) {
                if (!call.region(at, code.length()).lookingAt()) {
                    at = code.indexOf(macro.getKey(), at + 1);
                    continue;
                }
                int end = call.end();
                String meta = MacroMetatype.of(macro.getValue(), call.group(1));
                Matcher amp = Pattern.compile("&\\s*(\\w+)").matcher(call.group(1));
                for (boolean first = true; amp.find(); first = false) {
                    if (ctx.type(amp.group(1)) != null && !ctx.keepStatic.containsKey(amp.group(1))) {
                        // the first type argument is the one whose metatype the macro sets
                        ctx.keepStatic.put(amp.group(1), first && meta != null
                                ? MacroMetatype.REASON + "'" + meta + "' (set by macro '" + macro.getKey() + "')"
                                : "set up by macro '" + macro.getKey() + "'");
                    }
                }
                at = code.indexOf(macro.getKey(), end);
            }
        }
    }

    static final Pattern VERSION_GUARD = Pattern.compile(
            "^#\\s*if\\s+PY_VERSION_HEX\\s*>=\\s*0x03([0-9A-Fa-f]{2})[0-9A-Fa-f]{4}\\s*$");

    /**
     * Rule 2: an {@code #if} inside the initializer is fine when it is a
     * {@code PY_VERSION_HEX >= 0x03XX0000} guard that every target version meets (the first
     * branch is what the model mapped), or a branch every target compiles or none does
     * ({@code model.PythonTwoBranch}: {@code #ifdef USE_RICH_COMPARISON} / {@code #else}, the
     * marker defined under {@code PY_MAJOR_VERSION > 2} and {@code PY_MINOR_VERSION >= 5}; the
     * model reads no element of the latter); anything else is returned as the directive text.
     */
    static String conditionalElements(MigrationContext ctx, StaticType t) {
        for (heapify.model.InitElement e : t.elements()) {
            for (int frame : e.conditions()) {
                // element conditions are frame indexes of the parse (see ParsedFile.conditionsOf)
                heapify.parse.Conditional c = ctx.model().parsed().frames().get(frame);
                String chain = ctx.token(c.chainStart()).text().strip();
                if (heapify.model.PythonTwoBranch.alwaysCompiled(ctx.model().parsed(), frame)
                        || heapify.model.PythonTwoBranch.pythonTwoOnly(ctx.model().parsed(), frame)) {
                    continue; // #ifdef USE_RICH_COMPARISON, a marker every target defines, or its #else
                }
                Matcher m = VERSION_GUARD.matcher(chain.replaceAll("/\\*.*?\\*/", "").strip());
                if (!m.find() || Integer.parseInt(m.group(1), 16) > ctx.options().targetMinor()) {
                    return chain;
                }
            }
        }
        return null;
    }

    static boolean definedTwice(MigrationContext ctx, StaticType t) {
        return ctx.definedTwice(t.cName());
    }

    /** Why a type cannot be converted, as "rule-id|message", or null. */
    /** The C name of a type's metatype when it is a type of this file, set in its head or in init, else "". */
    static String metatypeOf(MigrationContext ctx, StaticType t) {
        String set = ctx.initAssignments.getOrDefault(t.cName(), java.util.Map.of()).getOrDefault("ob_type", "");
        Matcher m = HEAD_INIT.matcher(t.head().replaceAll("\\s+", ""));
        String meta = !set.isEmpty() ? set : m.find() ? m.group(1) : "";
        meta = meta.replaceAll("\\s+", "").replaceAll("^\\(PyTypeObject\\*\\)", "").replaceFirst("^&", "");
        return meta.matches("\\w+") ? meta : "";
    }

    static String blocker(MigrationContext ctx, StaticType t) {
        if (!t.unmapped().isEmpty()) {
            return "initializer-unparsed|initializer of '" + t.cName() + "' not understood (" + t.unmapped().get(0)
                    + "); left static";
        }
        if (definedTwice(ctx, t)) {
            return "initializer-unparsed|type '" + t.cName() + "' is defined in more than one preprocessor branch; "
                    + "left static";
        }
        TypeNameText name = TypeNameText.of(t.tpName(), ctx.tokens());
        if (name.unknown()) {
            return "type-name-without-dot|tp_name " + t.tpName() + " of '" + t.cName() + "' is not spelled in this "
                    + "file, so heapify cannot tell whether it has a dot (a heap type named without one has no "
                    + "__module__); left static";
        }
        if (name.dotless() && qualifiedName(ctx, t) == null && builtinsName(ctx, t) == null) {
            return "type-name-without-dot|tp_name \"" + name.literal() + "\" of '" + t.cName() + "' has no dot, so "
                    + "the type is in builtins; its module's init file '" + ctx.unit.init() + "' creates it, and "
                    + "heapify keeps a dotless name only where the type's own file creates it; left static";
        }
        // an exported type's conditions are those of its creation in the init file (ModuleUnits)
        if (!t.conditions().isEmpty() && !ctx.unit.exported().contains(t.cName())) {
            return "initializer-unparsed|type '" + t.cName() + "' is defined under a preprocessor condition; left static";
        }
        String guard = conditionalElements(ctx, t);
        if (guard != null) {
            return "initializer-unparsed|'" + guard + "' inside the initializer of '" + t.cName()
                    + "' is not a version guard the target always meets; left static";
        }
        String head = t.head().replaceAll("\\s+", "");
        Matcher m = HEAD_INIT.matcher(head);
        java.util.Map<String, String> inInit = ctx.initAssignments.getOrDefault(t.cName(), java.util.Map.of());
        String setMeta = inInit.getOrDefault("ob_type", "").replaceAll("\\s+", "")
                .replaceAll("^\\(PyTypeObject\\*\\)", "");
        if (m.find() || !setMeta.isEmpty()) {
            // a metatype set in init (Py_SET_TYPE, X.ob_type = ...) counts as the initializer's
            String meta = setMeta.isEmpty() ? m.group(1) : setMeta;
            if (!meta.isEmpty() && !meta.equals("NULL") && !meta.equals("0") && !meta.equals("&PyType_Type")
                    && !meta.matches("DEFERRED_ADDRESS\\(.*\\)")) {
                return "metaclass-needs-3.12|type '" + t.cName() + "' has the metatype '" + meta
                        + "'; PyType_FromMetaclass needs 3.12; left static";
            }
        }
        for (String f : inInit.keySet()) {
            if (TypeObjectLayout.isInternal(f) && ctx.sets(t, f)) {
                return "type-internal-field-set|type '" + t.cName() + "' gets '" + f
                        + "' in the init code, which a heap type cannot; left static";
            }
        }
        for (String f : t.fields().keySet()) {
            if (TypeObjectLayout.isInternal(f) && t.sets(f)) {
                return "type-internal-field-set|type '" + t.cName() + "' sets '" + f
                        + "', which a heap type cannot; left static";
            }
            if (f.startsWith("tp_as_") && t.sets(f)) {
                String sub = t.value(f).replaceAll("^&\\s*", "");
                if (ctx.model().subTable(sub).isEmpty()) {
                    return "unknown-slot-macro|'" + f + "' of '" + t.cName() + "' is '" + t.value(f)
                            + "', not a table in this file; left static";
                }
                if (!ctx.model().subTable(sub).get().unmapped().isEmpty()) {
                    return "initializer-unparsed|table '" + sub + "' not understood; left static";
                }
            }
        }
        boolean offsets = ConvertTypeToSpec.OFFSETS.stream().anyMatch(f -> ctx.sets(t, f));
        if (offsets && ctx.sets(t, "tp_members") && ctx.model().memberTable(ctx.field(t, "tp_members")).isEmpty()) {
            // the offsets go into the type's members table; a second Py_tp_members slot is refused (3.12+)
            return "initializer-unparsed|members '" + ctx.field(t, "tp_members") + "' of '" + t.cName()
                    + "' are not a table in this file, so the offset members cannot join them; left static";
        }
        String b = ctx.baseOf(t);
        if (!b.isEmpty() && !b.matches("\\w+") && !b.matches("[\\w\\s>-]+")) {
            return "unknown-slot-macro|base of '" + t.cName() + "' is '" + b + "'; left static";
        }
        return null;
    }

    /**
     * Rule 1: a base and its static subclasses migrate together or not at all, and a static
     * type's metatype stays static: such candidates are dropped, each with a warning.
     */
    static void keepBasesOfStaticTypes(MigrationContext ctx, List<StaticType> candidates) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (StaticType t : ctx.analysis().types()) {
                String b = ctx.baseOf(t);
                StaticType bt = ctx.type(b);
                if (bt != null && candidates.contains(bt) && !candidates.contains(t)) {
                    candidates.remove(bt);
                    ctx.diagnose(Severity.WARNING, "static-subclass-of-migrated", bt.definition().start(),
                            "type '" + bt.cName() + "' has the static subclass '" + t.cName() + "'; left static");
                    changed = true;
                }
                StaticType mt = ctx.type(metatypeOf(ctx, t));
                if (mt != null && candidates.contains(mt) && !candidates.contains(t)) {
                    // a static type's metatype must stay a static type, created once per process
                    candidates.remove(mt);
                    ctx.diagnose(Severity.WARNING, "static-subclass-of-migrated", mt.definition().start(),
                            "type '" + mt.cName() + "' is the metatype of the static type '" + t.cName()
                                    + "'; left static");
                    changed = true;
                }
            }
        }
    }
}
