package heapify.transform;

import java.util.List;

/**
 * View records handed to the templates: ready-made strings and lists, so templates only loop and
 * branch. Each is named after the C construct its template emits.
 */
public final class Views {
    private Views() {
    }

    /** One slot: its id and value; {@code voidCast}: the value is cast to {@code void *} (a const doc). */
    public record SlotView(String id, String value, boolean voidCast) {
        public SlotView(String id, String value) {
            this(id, value, false);
        }
    }

    /**
     * A type's slot array and spec. {@code flags} carries the 3.10 additions; {@code oldFlags} is
     * the original expression, used under {@code #else} when {@code guardFlags} is set.
     */
    /**
     * {@code flags}: the static type's own flags ("" for none); {@code addGc}: HAVE_GC is added
     * (rule 4); {@code disallow}: DISALLOW_INSTANTIATION is added (rule 3); IMMUTABLETYPE always is.
     */
    public record TypeSpecView(String cName, String slotsName, String specName, String name, String basicsize,
                               String itemsize, String flags, boolean addGc, boolean disallow, boolean guardFlags,
                               boolean exported, List<SlotView> slots, List<String> todos) {
        public TypeSpecView {
            slots = List.copyOf(slots);
            todos = List.copyOf(todos);
        }
    }

    /** A dealloc that calls a static builtin base's, then releases the heap type. */
    public record DeallocView(String name, String base) {
    }

    /** A traverse that visits the heap type, then delegates to a static GC base's traverse. */
    public record TraverseView(String name, String base) {
    }

    /** One offset member: {@code {"__dictoffset__", T_PYSSIZET, offsetof(...), READONLY}}. */
    public record OffsetMemberView(String name, String offset) {
    }

    /** Offset members, as a new array ({@code cName} set) or entries for an existing one. */
    public record MembersView(String cName, List<OffsetMemberView> entries, String typeCode, String readonly) {
        public MembersView {
            entries = List.copyOf(entries);
        }
    }

    /**
     * One field of the module state struct. {@code type}: a migrated type's {@code PyTypeObject *};
     * otherwise {@code declaration} is the moved global's own declaration ("" when an earlier field
     * already declared it, {@code static int a, b;}); {@code object}: a strong reference (visited,
     * cleared); {@code pointee}: the type a {@code void *} field stands for ("" for none).
     */
    public record StateFieldView(boolean type, String declaration, String name, boolean object, String comment,
                                 String pointee) {
    }

    /** The module state typedef, getter, module hooks and lookup helpers. */
    public record ModuleStateView(String stateType, String stateGetter, String defDeclaration, boolean forwardDef,
                                  List<StateFieldView> fields, String traverseName, String clearName,
                                  String freeName, boolean moduleByDefHelper, boolean binaryHelper,
                                  String binaryHelperName, String defName, boolean addObjectRefHelper,
                                  String existingFree, boolean hasObjects, boolean tagged,
                                  boolean deallocHelper, String deallocHelperName, boolean existingFreeTakesState) {
        public ModuleStateView {
            fields = List.copyOf(fields);
        }

        public ModuleStateView(String stateType, String stateGetter, String defDeclaration, boolean forwardDef,
                               List<StateFieldView> fields, String traverseName, String clearName,
                               String freeName, boolean moduleByDefHelper, boolean binaryHelper,
                               String binaryHelperName, String defName, boolean addObjectRefHelper,
                               String existingFree, boolean hasObjects, boolean tagged,
                               boolean deallocHelper, String deallocHelperName) {
            this(stateType, stateGetter, defDeclaration, forwardDef, fields, traverseName, clearName, freeName,
                    moduleByDefHelper, binaryHelper, binaryHelperName, defName, addObjectRefHelper, existingFree,
                    hasObjects, tagged, deallocHelper, deallocHelperName, false);
        }

        /** The module's own m_free takes st first (StateAccessChoice.freeCalledWithoutModule). */
        ModuleStateView withExistingFreeTakingState(boolean takes) {
            return new ModuleStateView(stateType, stateGetter, defDeclaration, forwardDef, fields, traverseName,
                    clearName, freeName, moduleByDefHelper, binaryHelper, binaryHelperName, defName,
                    addObjectRefHelper, existingFree, hasObjects, tagged, deallocHelper, deallocHelperName, takes);
        }
    }

    /** {@code foo_state *st = <expression>;} at the start of a function body. */
    public record StateLocalView(String stateType, StateLookupView lookup, boolean notImplementedWhenNull) {
    }

    /**
     * Creation of one heap type in exec. {@code baseKind}: "none" (object), "state" (a migrated
     * type, {@code st->base}), "address" (a static type named {@code base}), or "expression";
     * {@code tpName}: the {@code tp_name} set back after creation ("" for none, rule
     * type-name-without-dot).
     */
    public record TypeCreateView(String module, String field, String specName, String base, String baseKind,
                                 boolean tupleBases, boolean clearNewBefore310, String vectorcall, String tpName) {
    }

    /** {@code static int foo_exec(PyObject *m)}: the head that replaces {@code PyInit_foo(void)}. */
    public record ExecHeadView(String name, String param) {
    }

    /** The module slot array; {@code perInterpreter} adds the 3.12 isolation slot. */
    /**
     * {@code guardPerInterpreter}: the slot needs a guard (a target below 3.12, or the limited
     * API); {@code limitedApi}: the file defines {@code Py_LIMITED_API}, whose headers declare the
     * slot only from 3.12 on, so the guard tests the macro itself.
     */
    public record ModuleSlotsView(String name, String execName, boolean perInterpreter, boolean guardPerInterpreter,
                                  boolean limitedApi) {
    }

    /** The multi-phase {@code PyModuleDef}. Empty strings are left out. */
    public record ModuleDefView(String declaration, String mName, String mDoc, String stateType, String methods,
                                String slots, String traverse, String clear, String free) {
    }

    /** {@code PyMODINIT_FUNC PyInit_foo(void) { return PyModuleDef_Init(&def); }}. */
    public record ModuleInitView(String functionName, String defName) {
    }

    /** {@code PyModule_AddType(m, st->Foo_Type)} replacing an add of a static type. */
    public record AddTypeView(String module, String field, String attribute, boolean byName) {
    }

    /** A {@code TODO(heapify)} comment line. */
    public record TodoView(String text) {
    }

    /**
     * The initial value of a moved C global, set in exec; {@code compoundType}: the global's type,
     * for a braced initializer that becomes a compound literal ("" otherwise).
     */
    public record StateInitView(String name, String value, String compoundType) {
    }

    /**
     * A METH_METHOD adapter for a method that needs state: checks arguments like the old calling
     * convention did and calls the original with {@code st} first.
     */
    public record MethodAdapterView(String name, String target, String stateType, String selfType,
                                    String convention, String displayName, boolean keywords) {
    }

    /** {@code #include "structmember.h"} below 3.12. */
    public record IncludeView(String header, String guard) {
    }

    /** {@code st->name}, with {@code ->} after it when a field follows, parenthesized inside a macro. */
    public record StateRefView(String name, boolean member, boolean parenthesized) {
    }

    /** tp_new's type parameter, {@code param}, naming its own type (rule new-own-type). */
    public record OwnTypeArgView(String param) {
    }

    /** The state argument of a call; {@code more}: other arguments follow. */
    public record StateArgView(boolean more) {
    }

    /**
     * The state parameter of a helper; {@code more}: other parameters follow; {@code ownLine}: it
     * goes on a line of its own, before the first one.
     */
    public record StateParamView(String stateType, boolean more, boolean ownLine, String align) {
    }

    /**
     * The type parameter of a helper that compares types with it, or (in its body) its name;
     * {@code more} and {@code ownLine} as for {@link StateParamView}.
     */
    public record TypeParamView(String name, boolean more, boolean ownLine, String align) {
    }

    /** {@code Py_TYPE(self)} as the first argument of a call; {@code more}: other arguments follow. */
    public record TypeArgView(String self, boolean more) {
    }

    /** exec's {@code return 0} or, for {@code failure}, {@code return -1}. */
    public record ExecReturnView(boolean failure) {
    }

    /** The opening ({@code open}) or closing part of the INCREF around a moved global. */
    public record StateIncrefView(String name, boolean open) {
    }

    /** A method table entry's function ({@code flags} false) or flags, pointed at the adapter. */
    public record AdapterEntryView(String adapter, boolean flags) {
    }

    /** The name of a dealloc's or traverse's instance parameter. */
    /** The lock that exec allocates once for the process (rule process-wide-lock). */
    public record LockOnceView(String name) {
    }

    /** The NULL test a guarded dealloc puts before each condition that uses the state. */
    public record StateGuardView() {
    }

    public record SelfView(String self) {
    }

    /**
     * How a function finds its state (templates/lib/state-lookup.ftl): {@code how} is one of
     * module, by-def, by-def-class, by-def-type, own-type, type-arg, binary; {@code arg} the
     * argument it starts from, {@code other} a binary slot's second operand.
     */
    public record StateLookupView(String how, String stateGetter, String arg, String def, String other) {
    }

    /** A migrated type where clinic's output named its address (clinic-state). */
    public record ClinicTypeView(String name) {
    }

    /** The clinic_state() macro: the state getter and the module definition (clinic-state). */
    public record ClinicStateView(String stateGetter, String defName) {
    }

    /** {@code struct foo_state *state;} added to an instance struct (StateInObject). */
    public record StateMemberView(String stateType, String field) {
    }

    /** {@code v->state = st;} after a new instance's NULL check (StateInObject). */
    public record StateStoreView(String target, String field) {
    }

    /**
     * A binary slot's state: from the operand whose type has {@code function} as its {@code slot}
     * (an instance of this type, so of {@code struct}), else from {@code helper} (StateInObject).
     * {@code dealloc}, when not empty, is the dealloc of a type that cannot be subclassed: the
     * operand whose type has it is the instance (rule binary-operand-by-dealloc).
     */
    public record CachedBinaryView(String stateType, String a, String b, String slot, String function, String struct,
                                   String field, String helper, String dealloc) {
    }

    /**
     * {@code Py_TYPE(object)->tp_dealloc == dealloc}, in parentheses unless the context needs none;
     * {@code continued}: the whole body of a macro, on a continuation line of its own; line breaks
     * are rendered as LF, the file's own once adapted.
     */
    public record ExactCheckView(String object, String dealloc, boolean parenthesized, boolean continued,
            String wrapIndent) {
    }

    /** A prototype of a dealloc an exact type check names before the file declares it. */
    public record DeallocPrototypeView(boolean fileLocal, String name, String params) {
    }

    /** The prototypes of the deallocs that exact type checks name early, one line each. */
    public record DeallocPrototypesView(List<DeallocPrototypeView> prototypes) {
        public DeallocPrototypesView {
            prototypes = List.copyOf(prototypes);
        }
    }
}
