package heapify.transform;

import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.MemberTable;
import heapify.model.StaticType;
import heapify.model.SubTable;
import heapify.model.TableEntry;
import heapify.model.TypeField;
import heapify.model.TypeObjectLayout;
import heapify.parse.Nodes;
import heapify.parse.TopItem;
import heapify.source.Severity;
import heapify.source.Span;
import heapify.transform.Views.MembersView;
import heapify.transform.Views.OffsetMemberView;
import heapify.transform.Views.SlotView;
import heapify.transform.Views.TypeSpecView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule 1-3: replaces each convertible {@code static PyTypeObject Foo_Type = {...};} by a
 * {@code PyType_Slot} array and a {@code PyType_Spec} in the same place.
 *
 * <p>For xx's {@code Xxo_Type} (positional, {@code tp_dealloc = Xxo_dealloc},
 * {@code tp_getattro = Xxo_getattro}, {@code tp_new = 0}) this gives
 * <pre>
 * static PyType_Slot Xxo_slots[] = {
 *     {Py_tp_dealloc, (destructor)Xxo_dealloc},
 *     {Py_tp_getattro, (getattrofunc)Xxo_getattro},
 *     ...
 *     {0, NULL},
 * };
 * static PyType_Spec Xxo_spec = {
 *     .name = "xx.Xxo",
 *     .basicsize = sizeof(XxoObject),
 *     .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION,
 *     .slots = Xxo_slots,
 * };
 * </pre>
 * {@code tp_as_*} tables are flattened into {@code Py_nb_*}/{@code Py_sq_*}... slots and removed
 * when nothing else names them; offsets become {@code __dictoffset__}-style members; droppable
 * defaults are dropped. Types that cannot be converted stay static with a diagnostic.
 */
public final class ConvertTypeToSpec implements Transformer {
    private static final Set<String> SPEC_FIELDS = Set.of("tp_name", "tp_basicsize", "tp_itemsize", "tp_flags");
    /** Static builtin bases whose instances are GC-tracked: a heap subclass inherits their traverse. */
    private static final Set<String> GC_BUILTINS = Set.of("PyList_Type", "PyDict_Type", "PySet_Type",
            "PyFrozenSet_Type", "PyTuple_Type", "PyProperty_Type", "PyODict_Type");
    private static final Set<String> OFFSETS = Set.of("tp_dictoffset", "tp_weaklistoffset", "tp_vectorcall_offset");

    @Override
    public void apply(MigrationContext ctx) {
        for (StaticType t : ctx.model().types()) {
            if (!t.isStatic()) {
                ctx.diagnose(Severity.WARNING, "type-exported-in-header", t.definition().start(),
                        "type '" + t.cName() + "' has external linkage (" + (t.storage().isEmpty() ? "not static"
                                : t.storage()) + "); left static");
                ctx.todo(t.definition().start(), "'" + t.cName() + "' is visible to other extensions; left static");
            }
        }
        List<StaticType> candidates = new ArrayList<>();
        for (StaticType t : ctx.analysis().types()) {
            String why = blocker(ctx, t);
            if (why == null && ctx.keepStatic.containsKey(t.cName())) {
                why = "state-unreachable|type '" + t.cName() + "' is used where the module state cannot be reached ("
                        + ctx.keepStatic.get(t.cName()) + "); left static";
            }
            if (why == null) {
                candidates.add(t);
            } else {
                ctx.diagnose(Severity.WARNING, why.substring(0, why.indexOf('|')), t.definition().start(),
                        why.substring(why.indexOf('|') + 1));
                ctx.todo(t.definition().start(), why.substring(why.indexOf('|') + 1) + " (migrate it by hand)");
            }
        }
        // rule 1: a base and its static subclasses migrate together or not at all
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
            }
        }
        if (ctx.text().contains("PyCapsule_New")) {
            int at = ctx.text().indexOf("PyCapsule_New");
            ctx.diagnose(Severity.WARNING, "capsule-exports-type", at,
                    "the module exports a capsule; its consumers keep process-wide pointers, review by hand");
            ctx.sharedState.add("a capsule");
        }
        ctx.migrated.addAll(candidates);
        for (StaticType t : candidates) {
            String prefix = t.cName().replaceFirst("_?[Tt]ype$", "");
            if (prefix.isEmpty()) {
                prefix = t.cName();
            }
            ctx.specNames.put(t.cName(), prefix);
            if (ctx.nonInstantiable(t)) {
                ctx.disallowInstantiation.add(t.cName());
            }
        }
        for (StaticType t : candidates) {
            convert(ctx, t);
        }
        removeForwardDeclarations(ctx);
        removeUnusedSubTables(ctx);
    }

    /** Why a type cannot be converted, as "rule-id|message", or null. */
    private static String blocker(MigrationContext ctx, StaticType t) {
        if (!t.unmapped().isEmpty()) {
            return "initializer-unparsed|initializer of '" + t.cName() + "' not understood (" + t.unmapped().get(0)
                    + "); left static";
        }
        if (!t.conditions().isEmpty()) {
            return "initializer-unparsed|type '" + t.cName() + "' is defined under a preprocessor condition; left static";
        }
        String head = t.head().replaceAll("\\s+", "");
        Matcher m = Pattern.compile("^Py(?:Var)?Object_HEAD_INIT\\((.*?)(?:,.*)?\\)$").matcher(head);
        if (m.find()) {
            String meta = m.group(1);
            if (!meta.isEmpty() && !meta.equals("NULL") && !meta.equals("0") && !meta.equals("&PyType_Type")
                    && !meta.matches("DEFERRED_ADDRESS\\(.*\\)")) {
                return "metaclass-needs-3.12|type '" + t.cName() + "' has the metatype '" + meta
                        + "'; PyType_FromMetaclass needs 3.12; left static";
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
        String b = ctx.baseOf(t);
        if (!b.isEmpty() && !b.matches("\\w+") && !b.matches("[\\w\\s>-]+")) {
            return "unknown-slot-macro|base of '" + t.cName() + "' is '" + b + "'; left static";
        }
        return null;
    }

    private static void convert(MigrationContext ctx, StaticType t) {
        String prefix = ctx.specNames.get(t.cName());
        String slotsName = ctx.freshName(prefix + "_slots");
        String specName = ctx.freshName(prefix + "_spec");
        ctx.specNames.put(t.cName(), specName);
        List<SlotView> slots = new ArrayList<>();
        List<OffsetMemberView> offsets = new ArrayList<>();
        List<String> todos = new ArrayList<>();
        for (String field : TypeObjectLayout.typeFields(11)) {
            if (!ctx.sets(t, field) || SPEC_FIELDS.contains(field) || field.equals("tp_base")
                    || field.equals("tp_bases")) {
                continue;
            }
            String v = ctx.field(t, field);
            if (OFFSETS.contains(field)) {
                String name = switch (field) {
                    case "tp_dictoffset" -> "__dictoffset__";
                    case "tp_weaklistoffset" -> "__weaklistoffset__";
                    default -> "__vectorcalloffset__";
                };
                offsets.add(new OffsetMemberView(name, v));
                continue;
            }
            if (field.equals("tp_vectorcall")) {
                ctx.vectorcalls.put(t.cName(), v);
                continue;
            }
            if ((field.equals("tp_alloc") && v.equals("PyType_GenericAlloc"))
                    || (field.equals("tp_getattro") && v.equals("PyObject_GenericGetAttr"))
                    || (field.equals("tp_setattro") && v.equals("PyObject_GenericSetAttr"))) {
                continue;
            }
            if (field.startsWith("tp_as_")) {
                SubTable sub = ctx.model().subTable(v.replaceAll("^&\\s*", "")).orElseThrow();
                for (String sf : TypeObjectLayout.subTableFields(sub.kind(), 11)) {
                    TypeField f = sub.fields().get(sf);
                    if (f == null || f.value().equals("0") || f.value().equals("NULL") || f.value().isEmpty()) {
                        continue;
                    }
                    if (TypeObjectLayout.isInternal(sf)) {
                        continue;
                    }
                    slots.add(new SlotView("Py_" + sf, f.value()));
                }
                continue;
            }
            if (field.equals("tp_doc")) {
                slots.add(new SlotView("Py_tp_doc", "(void *)" + v));
                continue;
            }
            if (field.equals("tp_members") && !offsets.isEmpty()) {
                slots.add(new SlotView("Py_tp_members", v));
                continue;
            }
            slots.add(new SlotView("Py_" + field, v));
        }
        // offsets: into the existing members array, or a new one
        String newMembers = "";
        MembersView membersView = null;
        if (!offsets.isEmpty()) {
            boolean limitedNames = ctx.options().targetMinor() >= 12;
            String typeCode = limitedNames ? "Py_T_PYSSIZET" : "T_PYSSIZET";
            String readonly = limitedNames ? "Py_READONLY" : "READONLY";
            if (!limitedNames && !ctx.text().contains("structmember.h")) {
                addStructmemberInclude(ctx);
            }
            String membersName = t.sets("tp_members") ? ctx.field(t, "tp_members") : "";
            Optional<MemberTable> mt = ctx.model().memberTable(membersName);
            if (mt.isPresent()) {
                TableEntry sentinel = mt.get().entries().isEmpty() ? null
                        : mt.get().entries().get(mt.get().entries().size() - 1);
                if (sentinel == null || !(sentinel.value(0).equals("NULL") || sentinel.value(0).equals("0")
                        || sentinel.value(0).isEmpty())) {
                    todos.add("add the offset members to '" + membersName + "' by hand");
                    ctx.diagnose(Severity.ERROR, "initializer-unparsed", mt.get().definition().start(),
                            "no sentinel found in '" + membersName + "'");
                } else {
                    int at = ctx.lineStart(sentinel.span().start());
                    ctx.plan().insert(at, "offset members of " + t.cName(), ctx.template("member-entries",
                            new MembersView("", offsets, typeCode, readonly), ctx.indentAt(sentinel.span().start())));
                }
            } else {
                newMembers = ctx.freshName(ctx.specNames.get(t.cName()).replaceFirst("_spec$", "") + "_members");
                membersView = new MembersView(newMembers, offsets, typeCode, readonly);
                slots.add(new SlotView("Py_tp_members", newMembers));
            }
        }
        // a subclass of a static GC builtin (list, dict, ...) without its own traverse inherits one
        // that never visits the type: give it a traverse that does, then delegates (rule 4)
        Views.TraverseView traverse = null;
        String base = ctx.baseOf(t);
        if (!ctx.sets(t, "tp_traverse") && !ctx.sets(t, "tp_clear") && GC_BUILTINS.contains(base)) {
            String name = ctx.freshName(ctx.specNames.get(t.cName()).replaceFirst("_spec$", "") + "_traverse");
            traverse = new Views.TraverseView(name, base);
            slots.add(new SlotView("Py_tp_traverse", name));
        }
        String flags = t.sets("tp_flags") ? ctx.field(t, "tp_flags") : "0";
        if (traverse != null && !flags.contains("Py_TPFLAGS_HAVE_GC")) {
            flags = (flags.equals("0") ? "" : flags + " | ") + "Py_TPFLAGS_HAVE_GC";
            ctx.diagnose(Severity.NOTE, "gc-flag-needed", t.definition().start(), "'" + t.cName()
                    + "' inherited GC from '" + base + "'; Py_TPFLAGS_HAVE_GC is now explicit because it gets a traverse "
                    + "that visits its heap type");
        }
        String newFlags = (flags.equals("0") ? "" : flags + " | ") + "Py_TPFLAGS_IMMUTABLETYPE"
                + (ctx.disallowInstantiation.contains(t.cName()) ? " | Py_TPFLAGS_DISALLOW_INSTANTIATION" : "");
        String itemsize = ctx.sets(t, "tp_itemsize") ? ctx.field(t, "tp_itemsize") : "";
        String basicsize = ctx.sets(t, "tp_basicsize") ? ctx.field(t, "tp_basicsize") : "0";
        TypeSpecView view = new TypeSpecView(t.cName(), slotsName, specName, t.tpName(), basicsize, itemsize,
                newFlags, flags, ctx.options().below(10), slots, todos);
        Span def = ctx.withSemicolon(t.definition());
        List<Fragment> parts = new ArrayList<>();
        if (traverse != null) {
            parts.add(ctx.template("type-traverse", traverse, ""));
            parts.add(Fragment.text(ctx.eol() + ctx.eol()));
        }
        if (membersView != null) {
            parts.add(ctx.template("type-members", membersView, ""));
            parts.add(Fragment.text(ctx.eol() + ctx.eol()));
        }
        parts.add(ctx.template("type-slots", view, ""));
        parts.add(Fragment.text(ctx.eol() + ctx.eol()));
        parts.add(ctx.template("type-spec", view, ""));
        ctx.plan().replace(def, "type " + t.cName() + " to spec", parts.toArray(new Fragment[0]));

        if (!t.tpName().contains(".")) {
            ctx.diagnose(Severity.WARNING, "type-name-without-dot", t.definition().start(),
                    "tp_name " + t.tpName() + " has no dot: the heap type gets no __module__");
        }
        if (!ctx.sets(t, "tp_new") && !ctx.disallowInstantiation.contains(t.cName())
                && !ctx.text().contains("\"__reduce__\"")) {
            ctx.diagnose(Severity.NOTE, "pickle-protocol-0-1", t.definition().start(),
                    "'" + t.cName() + "' has no tp_new of its own: as a heap type its instances pickle with "
                            + "protocols 0 and 1, where the static type refused");
        }
        if (ctx.options().below(10)) {
            ctx.diagnose(Severity.NOTE, "immutable-unavailable", t.definition().start(),
                    "'" + t.cName() + "' cannot be made immutable before 3.10; IMMUTABLETYPE is guarded");
        }
    }

    private static void addStructmemberInclude(MigrationContext ctx) {
        Matcher m = Pattern.compile("(?m)^#\\s*include\\s*[<\"]Python\\.h[>\"][^\\n]*\\n").matcher(ctx.text());
        if (!m.find()) {
            return;
        }
        if (ctx.plan().edits().stream().anyMatch(e -> e.reason().equals("structmember include"))) {
            return;
        }
        ctx.plan().insert(m.end(), "structmember include",
                ctx.template("include", new Views.IncludeView("structmember.h", "0x030C0000"), ""));
    }

    /** {@code static PyTypeObject Foo_Type;} declarations of migrated types. */
    private static void removeForwardDeclarations(MigrationContext ctx) {
        Set<String> names = ctx.migratedNames();
        for (TopItem item : ctx.model().parsed().items()) {
            if (item.kind() != heapify.parse.ItemKind.DECLARATION) {
                continue;
            }
            String code = Nodes.code(ctx.tokens(), item.nodes());
            Matcher m = Pattern.compile("^static\\s+PyTypeObject\\s+(\\w+)\\s*;$").matcher(code);
            if (m.find() && names.contains(m.group(1))) {
                Span s = ctx.tokenSpan(item.first(), item.last());
                ctx.plan().replace(ctx.deletionSpan(s), "forward declaration of " + m.group(1));
            }
        }
    }

    /** tp_as_* tables that only migrated types named. */
    private static void removeUnusedSubTables(MigrationContext ctx) {
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
                ctx.plan().replace(ctx.deletionSpan(ctx.withSemicolon(sub.definition())),
                        "table " + sub.cName() + " flattened into slots");
            }
        }
    }

    static Set<String> fieldsOf(StaticType t) {
        return new LinkedHashSet<>(t.fields().keySet());
    }
}
