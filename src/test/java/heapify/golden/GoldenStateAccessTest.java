package heapify.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #10 over the goldens: no method, getter or slot of a type whose instances cache the
 * module state looks it up ({@code PyType_GetModuleByDef}, {@code PyType_GetModuleState}, an MRO
 * walk, a METH_METHOD adapter); a binary slot calls the two-operand lookup only after its
 * own-operand check; and no type that still looks it up could have cached it. Read from the
 * generated C itself, not from heapify's decisions.
 */
class GoldenStateAccessTest {
    private static final Path GOLDEN = Path.of(System.getProperty("heapify.root", ".")).resolve("golden");
    private static final Pattern STRUCT = Pattern.compile("(?s)typedef struct \\{([^{}]*)\\} (\\w+);");
    private static final Pattern CACHED_MEMBER = Pattern.compile("struct \\w+_state \\*(?:state|module_state);");
    private static final Pattern SPEC = Pattern.compile(
            "(?s)static PyType_Spec \\w+ = \\{[^}]*?\\.basicsize = sizeof\\((\\w+)\\)[^}]*?\\.slots = (\\w+),[^}]*\\};");
    private static final Pattern FUNCTION = Pattern.compile("(?s)\\n(\\w+)\\(([^)]*)\\)\\n\\{(.*?)\\n\\}\\n");
    /** Slots whose function gets no instance first, or must not read state at all. */
    private static final Set<String> NOT_SELF = Set.of("tp_new", "tp_dealloc", "tp_traverse", "tp_clear", "tp_free",
            "tp_finalize", "tp_alloc", "tp_vectorcall", "tp_del");
    private static final Pattern LOOKUP = Pattern.compile("PyType_GetModuleByDef\\(|PyType_GetModuleState\\(|tp_mro|_defcls");

    @Test
    void cachedTypesLookNothingUpInMethodsGettersAndSlots() throws IOException {
        int checked = 0;
        Set<String> cachedExamples = new LinkedHashSet<>();
        List<String> failures = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(GOLDEN)) {
            files = s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
        for (Path file : files) {
            String c = Files.readString(file);
            Set<String> cached = new LinkedHashSet<>();
            Matcher st = STRUCT.matcher(c);
            while (st.find()) {
                if (CACHED_MEMBER.matcher(st.group(1)).find()) {
                    cached.add(st.group(2));
                }
            }
            Map<String, String> bodies = new LinkedHashMap<>();
            Matcher fm = FUNCTION.matcher(c);
            while (fm.find()) {
                bodies.put(fm.group(1), fm.group(3));
            }
            Matcher spec = SPEC.matcher(c);
            while (spec.find()) {
                if (!cached.contains(spec.group(1))) {
                    continue;
                }
                cachedExamples.add(file.getParent().getFileName().toString());
                for (String fn : selfFunctions(c, spec.group(2))) {
                    String body = bodies.get(fn);
                    if (body == null) {
                        continue;
                    }
                    checked++;
                    String where = GOLDEN.relativize(file) + ": " + fn;
                    if (LOOKUP.matcher(body).find()) {
                        failures.add(where + " looks the state up although " + spec.group(1) + " caches it");
                    }
                    if (body.matches("(?s).*find_\\w+_state_binary\\(.*") && !ownOperandCheck(body)) {
                        failures.add(where + " walks both operands' MRO with no own-operand check first");
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(cachedExamples.containsAll(Set.of("number-protocol", "subclassable-state", "iterator")),
                "the examples whose slots need the state cache it: " + cachedExamples);
        assertTrue(checked >= 15, "functions checked: " + checked);
    }

    /**
     * The converse: a golden type whose methods, getters or slots still look the state up, and
     * that meets StateInObject's conditions as far as the generated C shows them, is a missed
     * cache. Each condition is read from the C, not from heapify's decisions.
     */
    @Test
    void noGoldenTypeLooksTheStateUpWhereItCouldCacheIt() throws IOException {
        List<String> failures = new ArrayList<>();
        int types = 0;
        List<Path> files;
        try (Stream<Path> s = Files.walk(GOLDEN)) {
            files = s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
        for (Path file : files) {
            String c = Files.readString(file);
            types += specs(c).size();
            for (String m : missedCaches(c)) {
                failures.add(GOLDEN.relativize(file) + ": " + m);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(types >= 15, "types checked: " + types);
    }

    @Test
    void aTypeThatLooksTheStateUpWhereItCouldCacheItIsCaught() throws IOException {
        // hp_iter's Countdown as heapify emitted it before the state was cached in the object
        String c = Files.readString(GOLDEN.resolve("iterator/hp_iter.c"));
        String uncached = c.replaceAll("\n    struct hp_iter_state \\*state;[^\n]*", "")
                .replaceAll("\n    self->state = st;", "")
                .replace("= self->state;", "= PyType_GetModuleState(Py_TYPE(self));");
        assertTrue(!uncached.equals(c) && !CACHED_MEMBER.matcher(uncached).find(), "the golden changed shape");
        assertEquals(List.of("CountdownObject: Countdown_iter looks the state up, and nothing keeps the type from"
                + " caching it"), missedCaches(uncached));
        // conditions that rule caching out are read: an allocation whose type cannot be told
        String elsewhere = uncached.replace("static PyObject *\nCountdown_iter", "static PyObject *\n"
                + "make(PyTypeObject *t)\n{\n    return t->tp_alloc(t, 0);\n}\n\nstatic PyObject *\nCountdown_iter");
        assertTrue(!elsewhere.equals(uncached));
        assertEquals(List.of(), missedCaches(elsewhere));
        // and a __sizeof__ of its own
        String sized = uncached.replace("static PyMethodDef CountdownIter_methods[] = {",
                "static PyMethodDef Countdown_methods[] = {\n    {\"__sizeof__\", (PyCFunction)f, METH_NOARGS, NULL},\n"
                        + "    {NULL}\n};\n\nstatic PyMethodDef CountdownIter_methods[] = {")
                .replace("{Py_tp_iter, (getiterfunc)Countdown_iter},",
                        "{Py_tp_iter, (getiterfunc)Countdown_iter},\n    {Py_tp_methods, Countdown_methods},");
        assertTrue(sized.contains("{Py_tp_methods, Countdown_methods}"));
        assertEquals(List.of(), missedCaches(sized));
    }

    /**
     * Issue #10's acceptance, for every golden type, cached or not: no method, getter or slot
     * walks the MRO ({@code PyType_GetModuleByDef}, {@code tp_mro}) where something at hand
     * serves. A {@code METH_METHOD} method (or a function taking {@code defining_class}) has its
     * defining class; a type that cannot be subclassed is {@code Py_TYPE(self)} itself, whose
     * module {@code PyType_GetModuleState} reads without a walk; a binary slot checks its own
     * operand before the two-operand walk. Only a subclassable type's functions, whose
     * {@code Py_TYPE(self)} may be a Python subclass without a module, may look up by definition.
     */
    @Test
    void noMethodGetterOrSlotWalksTheMroWhereSomethingAtHandServes() throws IOException {
        List<String> failures = new ArrayList<>();
        int[] checked = {0, 0};
        List<Path> files;
        try (Stream<Path> s = Files.walk(GOLDEN)) {
            files = s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
        for (Path file : files) {
            for (String f : mroWalks(Files.readString(file), checked)) {
                failures.add(GOLDEN.relativize(file) + ": " + f);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(checked[0] >= 30, "functions checked: " + checked[0]);
        assertTrue(checked[1] >= 10, "functions of types that cannot be subclassed: " + checked[1]);
    }

    @Test
    void aWalkWhereTheTypeOrDefiningClassServesIsCaught() throws IOException {
        // hp_iter's Countdown (no Py_TPFLAGS_BASETYPE) with the state looked up by definition
        String c = Files.readString(GOLDEN.resolve("iterator/hp_iter.c"));
        String byDef = c.replaceFirst("(Countdown_iter\\(CountdownObject \\*self\\)\n\\{\n    hp_iter_state \\*st = )"
                + "self->state;", "$1get_hp_iter_state(\n        PyType_GetModuleByDef(Py_TYPE(self), &hp_iter_module));");
        assertTrue(!byDef.equals(c), "the golden changed shape");
        assertEquals(List.of("Countdown_iter walks the MRO although Countdown_spec cannot be subclassed:"
                + " PyType_GetModuleState(Py_TYPE(self)) serves"), mroWalks(byDef, new int[2]));
        // hp_vec's Vec (subclassable): by definition is right in a getter, wrong in METH_METHOD
        String v = Files.readString(GOLDEN.resolve("subclassable-state/hp_vec.c"));
        String getter = v.replace("Vec_get_swapped(VecObject *self, void *Py_UNUSED(closure))\n{\n"
                + "    hp_vec_state *st = self->state;", "Vec_get_swapped(VecObject *self, void *Py_UNUSED(closure))\n"
                + "{\n    hp_vec_state *st = get_hp_vec_state(\n"
                + "        PyType_GetModuleByDef(Py_TYPE(self), &hp_vec_module));");
        assertTrue(!getter.equals(v), "the golden changed shape");
        assertEquals(List.of(), mroWalks(getter, new int[2]));
        String method = v.replace("Vec_plain(VecObject *self, PyObject *Py_UNUSED(ignored))\n{\n"
                + "    hp_vec_state *st = self->state;", "Vec_plain(VecObject *self, PyTypeObject *defining_class,\n"
                + "          PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)\n{\n"
                + "    hp_vec_state *st = get_hp_vec_state(\n"
                + "        PyType_GetModuleByDef(Py_TYPE(self), &hp_vec_module));")
                .replace("(PyCFunction)Vec_plain, METH_NOARGS,", "(PyCFunction)(void(*)(void))Vec_plain,"
                        + " METH_METHOD | METH_FASTCALL | METH_KEYWORDS,");
        assertTrue(!method.equals(v) && method.contains("METH_METHOD"), "the golden changed shape");
        assertEquals(List.of("Vec_plain looks the state up by definition although defining_class serves"),
                mroWalks(method, new int[2]));
        // a binary slot walking both operands with no own-operand check first
        String binary = v.replaceFirst("(?s)(Vec_add\\(PyObject \\*a, PyObject \\*b\\)\n\\{\n    hp_vec_state \\*st;\n)"
                + ".*?(    if \\(st == NULL\\) \\{)", "$1    st = find_hp_vec_state_binary(a, b);\n$2");
        assertTrue(!binary.equals(v), "the golden changed shape");
        assertEquals(List.of("Vec_add walks both operands' MRO with no own-operand check first"),
                mroWalks(binary, new int[2]));
        // hp_number's Money (no BASETYPE): its dealloc identifies the operand, not the slot
        String n = Files.readString(GOLDEN.resolve("number-protocol/hp_number.c"));
        String bySlot = n.replaceFirst("if \\(Py_TYPE\\(a\\)->tp_dealloc == Money_dealloc\\)",
                "if (Py_TYPE(a)->tp_as_number != NULL \\&\\&\n        Py_TYPE(a)->tp_as_number->nb_add == Money_add)")
                .replaceFirst("if \\(Py_TYPE\\(b\\)->tp_dealloc == Money_dealloc\\)",
                "if (Py_TYPE(b)->tp_as_number != NULL \\&\\&\n             Py_TYPE(b)->tp_as_number->nb_add == Money_add)");
        assertTrue(!bySlot.equals(n) && bySlot.contains("nb_add == Money_add"), "the golden changed shape");
        assertEquals(List.of("Money_add compares the operands' slot although Money_spec cannot be subclassed:"
                + " Py_TYPE(a)->tp_dealloc == Money_dealloc serves"), mroWalks(bySlot, new int[2]));
        // and a dealloc another type shares is no identification
        String shared = bySlot.replace("    {Py_tp_new, Money_new},\n",
                "    {Py_tp_new, Money_new},\n    {0, NULL},\n};\n\nstatic PyType_Slot Other_slots[] = {\n"
                        + "    {Py_tp_dealloc, Money_dealloc},\n");
        assertTrue(!shared.equals(bySlot), "the golden changed shape");
        assertEquals(List.of(), mroWalks(shared, new int[2]).stream().filter(f -> f.contains("compares")).toList());
    }

    private static final Pattern WALK = Pattern.compile("PyType_GetModuleByDef\\(|tp_mro");

    /** What walks the MRO where something at hand serves, per spec of {@code c}; counts what it checked. */
    static List<String> mroWalks(String c, int[] checked) {
        Map<String, String[]> functions = new LinkedHashMap<>();
        Matcher fm = FUNCTION.matcher(c);
        while (fm.find()) {
            functions.put(fm.group(1), new String[] {fm.group(2), fm.group(3)});
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String[]> e : specs(c).entrySet()) {
            Matcher flags = Pattern.compile("(?s)\\.flags = ([^,]*(?:\\([^)]*\\))?[^,]*),").matcher(e.getValue()[2]);
            String f = flags.find() ? flags.group(1) : "";
            // a flags macro of the file may hide Py_TPFLAGS_BASETYPE: then read as subclassable
            boolean fin = !f.isEmpty() && !f.contains("Py_TPFLAGS_BASETYPE")
                    && f.replaceAll("Py_TPFLAGS_\\w+|[\\s|()]", "").isEmpty();
            Set<String> defcls = definingClassMethods(c, e.getValue()[1]);
            Set<String> all = new LinkedHashSet<>(selfFunctions(c, e.getValue()[1]));
            all.addAll(defcls);
            for (String fn : all) {
                String[] def = functions.get(fn);
                if (def == null) {
                    continue;
                }
                checked[0]++;
                if (fin) {
                    checked[1]++;
                }
                String body = def[1];
                boolean binary = body.matches("(?s).*find_\\w+_state_binary\\(.*");
                String dealloc = ownDealloc(c, e.getValue()[1]);
                if (binary && !ownOperandCheck(body)) {
                    out.add(fn + " walks both operands' MRO with no own-operand check first");
                } else if (binary && fin && dealloc != null && body.contains("->tp_as_number->")) {
                    out.add(fn + " compares the operands' slot although " + e.getKey() + " cannot be subclassed:"
                            + " Py_TYPE(a)->tp_dealloc == " + dealloc + " serves");
                } else if (!WALK.matcher(body).find()) {
                    continue;
                } else if (defcls.contains(fn) || def[0].contains("PyTypeObject *defining_class")) {
                    out.add(fn + " looks the state up by definition although defining_class serves");
                } else if (fin) {
                    out.add(fn + " walks the MRO although " + e.getKey() + " cannot be subclassed:"
                            + " PyType_GetModuleState(Py_TYPE(self)) serves");
                }
            }
        }
        return out;
    }

    /** A binary slot's check that an operand is its own, by the slot function or the type's dealloc. */
    private static boolean ownOperandCheck(String body) {
        return body.contains("->tp_as_number->") || body.matches("(?s).*Py_TYPE\\(\\w+\\)->tp_dealloc == .*");
    }

    /**
     * The dealloc of a slot array when it is a function of the file that no other slot array
     * names (binary-operand-by-dealloc's condition, as the C shows it), else null.
     */
    private static String ownDealloc(String c, String slotsName) {
        Matcher d = Pattern.compile("\\{Py_tp_dealloc, ((?:\\(destructor\\))?(\\w+))\\}").matcher(slotArray(c, slotsName));
        if (!d.find() || !c.contains("\n" + d.group(2) + "(PyObject *") && !d.group(1).startsWith("(")) {
            return null;
        }
        Matcher slots = Pattern.compile("\\{Py_tp_dealloc, (?:\\(destructor\\))?" + d.group(2) + "\\}").matcher(c);
        int n = 0;
        while (slots.find()) {
            n++;
        }
        return n == 1 ? d.group(1) : null;
    }

    /** The METH_METHOD entries of a slot array's method table. */
    private static Set<String> definingClassMethods(String c, String slotsName) {
        Set<String> out = new LinkedHashSet<>();
        Matcher entry = Pattern.compile("\\{\"\\w+\", (?:\\([^{}\"]*?\\))?(\\w+), ([^,]+),")
                .matcher(methodTable(c, slotsName));
        while (entry.find()) {
            if (entry.group(2).contains("METH_METHOD")) {
                out.add(entry.group(1));
            }
        }
        return out;
    }

    /**
     * tp_new finds the state from its type argument: a type that cannot be subclassed is the
     * module's own type there, so {@code PyType_GetModuleState(type)} gives the state with no MRO
     * walk; a subclassable one may get a Python subclass, whose module is unset, so only the
     * lookup by definition is right there.
     */
    @Test
    void tpNewFindsTheStateFromItsTypeArgument() throws IOException {
        List<String> failures = new ArrayList<>();
        int direct = 0;
        List<Path> files;
        try (Stream<Path> s = Files.walk(GOLDEN)) {
            files = s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
        for (Path file : files) {
            List<String> found = newLookups(Files.readString(file));
            for (String f : found) {
                if (!f.startsWith("ok ")) {
                    failures.add(GOLDEN.relativize(file) + ": " + f);
                } else if (f.endsWith(" direct")) {
                    direct++;
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        // gc-type's Node_new needs no state at all now: it allocates its type argument (rule new-own-type)
        assertTrue(direct >= 3, "tp_new functions reading the state from their type: " + direct);
    }

    @Test
    void aTpNewWalkingTheMroOfATypeThatCannotBeSubclassedIsCaught() throws IOException {
        String c = Files.readString(GOLDEN.resolve("number-protocol/hp_number.c"));
        String byDef = c.replace("hp_number_state *st = PyType_GetModuleState(type);",
                "hp_number_state *st = get_hp_number_state(PyType_GetModuleByDef(type, &hp_number_module));");
        assertTrue(!byDef.equals(c), "the golden changed shape");
        assertEquals(List.of("Money_new walks the MRO although Money_spec cannot be subclassed"), newLookups(byDef));
        String subclassable = c.replace(".flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,",
                ".flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_IMMUTABLETYPE,");
        assertTrue(!subclassable.equals(c), "the golden changed shape");
        assertEquals(List.of("Money_new takes the module of its type argument, which a subclass of Money_spec"
                + " does not have"), newLookups(subclassable));
    }

    /** Per spec with a tp_new in the file: "ok NAME direct|bydef|none", or what is wrong. */
    static List<String> newLookups(String c) {
        Map<String, String[]> functions = new LinkedHashMap<>();
        Matcher fm = FUNCTION.matcher(c);
        while (fm.find()) {
            functions.put(fm.group(1), new String[] {fm.group(2), fm.group(3)});
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String[]> e : specs(c).entrySet()) {
            Matcher slots = Pattern.compile("(?s)static PyType_Slot " + e.getValue()[1] + "\\[\\] = \\{(.*?)\\n\\};")
                    .matcher(c);
            assertTrue(slots.find(), e.getValue()[1]);
            Matcher newSlot = Pattern.compile("\\{Py_tp_new, (?:\\([^)]*\\))?(\\w+)\\}").matcher(slots.group(1));
            if (!newSlot.find() || !functions.containsKey(newSlot.group(1))) {
                continue;
            }
            String fn = newSlot.group(1);
            String[] def = functions.get(fn);
            Matcher param = Pattern.compile("^PyTypeObject \\*(\\w+),").matcher(def[0]);
            assertTrue(param.find(), fn + "(" + def[0] + ")");
            boolean subclassable = e.getValue()[2].contains("Py_TPFLAGS_BASETYPE");
            boolean byDef = def[1].matches("(?s).*(PyType_GetModuleByDef\\(|tp_mro).*");
            boolean direct = def[1].contains("PyType_GetModuleState(" + param.group(1) + ")")
                    || def[1].contains("PyType_GetModule(" + param.group(1) + ")");
            if (!subclassable && byDef) {
                out.add(fn + " walks the MRO although " + e.getKey() + " cannot be subclassed");
            } else if (subclassable && direct) {
                out.add(fn + " takes the module of its type argument, which a subclass of " + e.getKey()
                        + " does not have");
            } else {
                out.add("ok " + fn + (direct ? " direct" : byDef ? " bydef" : " none"));
            }
        }
        return out;
    }

    private static final Pattern CREATE = Pattern.compile(
            "st->(\\w+) = \\(PyTypeObject \\*\\)PyType_FromModuleAndSpec\\(\\w+, &(\\w+), ([^;]*)\\);");
    private static final Pattern ALLOC = Pattern.compile(
            "PyObject_(?:GC_)?New(?:Var)?\\(|->tp_alloc\\(|PyType_GenericAlloc\\(|PyType_GenericNew\\(");
    private static final Pattern ASSIGNED = Pattern.compile("^\\s*(?:(\\w+) \\*)?(\\w+) = (?:\\((\\w+) \\*\\))?"
            + "(?:PyObject_(?:GC_)?New(?:Var)?\\((\\w+), .*|\\w+->tp_alloc\\(.*|PyType_GenericAlloc\\(.*)\\);$");

    /** Spec name to its basicsize struct and slot array. */
    private static Map<String, String[]> specs(String c) {
        Map<String, String[]> out = new LinkedHashMap<>();
        Matcher spec = Pattern.compile("(?s)static PyType_Spec (\\w+) = \\{([^}]*?)\\};").matcher(c);
        while (spec.find()) {
            Matcher size = Pattern.compile("\\.basicsize = sizeof\\((\\w+)\\)").matcher(spec.group(2));
            Matcher slots = Pattern.compile("\\.slots = (\\w+),").matcher(spec.group(2));
            if (size.find() && slots.find()) {
                out.put(spec.group(1), new String[] {size.group(1), slots.group(1), spec.group(2)});
            }
        }
        return out;
    }

    /** Types that look the state up in a function of theirs although StateInObject's conditions hold. */
    static List<String> missedCaches(String c) {
        Map<String, String> bodies = new LinkedHashMap<>();
        Matcher fm = FUNCTION.matcher(c);
        while (fm.find()) {
            bodies.put(fm.group(1), fm.group(3));
        }
        Map<String, String[]> specs = specs(c);
        Map<String, Integer> perStruct = new LinkedHashMap<>();
        specs.values().forEach(s -> perStruct.merge(s[0], 1, Integer::sum));
        Map<String, String> typeOfSpec = new LinkedHashMap<>();
        Set<String> baseTypes = new LinkedHashSet<>();
        Matcher cr = CREATE.matcher(c);
        while (cr.find()) {
            typeOfSpec.put(cr.group(2), cr.group(1));
            Matcher b = Pattern.compile("st->(\\w+)").matcher(cr.group(3));
            while (b.find()) {
                baseTypes.add(b.group(1));
            }
        }
        Map<String, Boolean> allocShapes = allocations(c);
        if (allocShapes == null) {
            return List.of(); // an allocation of a type the C does not tell: no type's creations are all seen
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String[]> e : specs.entrySet()) {
            String struct = e.getValue()[0];
            String slotArray = e.getValue()[1];
            Matcher def = STRUCT.matcher(c);
            String members = null;
            while (def.find()) {
                if (def.group(2).equals(struct)) {
                    members = def.group(1).replaceAll("(?s)/\\*.*?\\*/", "").strip();
                }
            }
            if (members == null || CACHED_MEMBER.matcher(members).find()) {
                continue;
            }
            String looker = null;
            for (String fn : stateFunctions(c, slotArray)) {
                String body = bodies.get(fn);
                if (body != null && (LOOKUP.matcher(body).find() || body.matches("(?s).*find_\\w+_state_binary\\(.*"))) {
                    looker = fn;
                    break;
                }
            }
            if (looker == null) {
                continue;
            }
            Matcher slots = Pattern.compile("(?s)static PyType_Slot " + slotArray + "\\[\\] = \\{(.*?)\\n\\};").matcher(c);
            slots.find();
            String slotText = slots.group(1);
            Matcher newSlot = Pattern.compile("\\{Py_tp_new, (?:\\([^)]*\\))?(\\w+)\\}").matcher(slotText);
            boolean ownNew = newSlot.find() ? bodies.containsKey(newSlot.group(1))
                    : e.getValue()[2].contains("Py_TPFLAGS_DISALLOW_INSTANTIATION");
            Matcher alloc = Pattern.compile("\\{Py_tp_alloc, (\\w+)\\}").matcher(slotText);
            Matcher methods = Pattern.compile("\\{Py_tp_methods, (\\w+)\\}").matcher(slotText);
            boolean sizeof = methods.find() && table(c, "PyMethodDef", methods.group(1)).group(1).contains("\"__sizeof__\"");
            boolean couldCache = ownNew && !members.matches("(?s).*\\]\\s*;")
                    && !e.getValue()[2].matches("(?s).*\\.itemsize = [^0].*") && perStruct.get(struct) == 1
                    && !(alloc.find() && !alloc.group(1).equals("PyType_GenericAlloc")) && !sizeof
                    && !baseTypes.contains(typeOfSpec.getOrDefault(e.getKey(), "")) && allocShapes.getOrDefault(struct, true);
            if (couldCache) {
                out.add(struct + ": " + looker + " looks the state up, and nothing keeps the type from caching it");
            }
        }
        return out;
    }

    /**
     * Per struct whether every allocation of it is an assignment followed by its NULL check (the
     * shape after which StateInObject stores the state); null if some allocation's type is unknown.
     */
    private static Map<String, Boolean> allocations(String c) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        String[] lines = c.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String code = lines[i].replaceAll("/\\*.*?\\*/", "");
            if (!ALLOC.matcher(code).find() || code.strip().startsWith("*")) {
                continue;
            }
            Matcher m = ASSIGNED.matcher(code);
            String struct = !m.find() ? null : m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(1);
            if (struct == null || struct.equals("PyObject")) {
                Matcher of = Pattern.compile("PyObject_(?:GC_)?New(?:Var)?\\((\\w+),").matcher(code);
                if (!of.find()) {
                    return null;
                }
                out.put(of.group(1), false);
                continue;
            }
            String v = m.group(2);
            String next = i + 1 < lines.length ? lines[i + 1].strip() : "";
            boolean checked = next.equals("if (" + v + " == NULL) {") || next.equals("if (!" + v + ") {")
                    || next.equals("if (NULL == " + v + ") {");
            out.merge(struct, checked, Boolean::logicalAnd);
        }
        return out;
    }

    /** {@link #selfFunctions} and the METH_METHOD adapters heapify made for methods that need the state. */
    private static Set<String> stateFunctions(String c, String slotsName) {
        Set<String> out = new LinkedHashSet<>(selfFunctions(c, slotsName));
        Matcher entry = Pattern.compile("\\{\"\\w+\", (?:\\([^{}\"]*?\\))?(\\w+_defcls),")
                .matcher(methodTable(c, slotsName));
        while (entry.find()) {
            out.add(entry.group(1));
        }
        return out;
    }

    /** The body of the slot array {@code slotsName}. */
    private static String slotArray(String c, String slotsName) {
        Matcher slots = Pattern.compile("(?s)static PyType_Slot " + slotsName + "\\[\\] = \\{(.*?)\\n\\};").matcher(c);
        assertTrue(slots.find(), slotsName);
        return slots.group(1);
    }

    /** The body of the method table the slot array names, or "" when it names none. */
    private static String methodTable(String c, String slotsName) {
        Matcher methods = Pattern.compile("\\{Py_tp_methods, (\\w+)\\}").matcher(slotArray(c, slotsName));
        return methods.find() ? table(c, "PyMethodDef", methods.group(1)).group(1) : "";
    }

    /** Functions of a slot array and its method and getset tables that get an instance first. */
    private static Set<String> selfFunctions(String c, String slotsName) {
        Set<String> out = new LinkedHashSet<>();
        Matcher e = Pattern.compile("\\{Py_(\\w+), (?:\\([^)]*\\))?(\\w+)\\}").matcher(slotArray(c, slotsName));
        while (e.find()) {
            String slot = e.group(1);
            if (slot.equals("tp_methods")) {
                Matcher m = table(c, "PyMethodDef", e.group(2));
                Matcher entry = Pattern.compile("\\{\"\\w+\", (?:\\([^{}\"]*?\\))?(\\w+), ([^,]+),").matcher(m.group(1));
                while (entry.find()) {
                    if (!entry.group(2).matches(".*METH_(CLASS|STATIC|METHOD).*")) {
                        out.add(entry.group(1));
                    }
                }
            } else if (slot.equals("tp_getset")) {
                Matcher m = table(c, "PyGetSetDef", e.group(2));
                Matcher entry = Pattern.compile("\\{\"\\w+\", (?:\\(getter\\))?(\\w+), (?:\\(setter\\))?(\\w+),")
                        .matcher(m.group(1));
                while (entry.find()) {
                    out.add(entry.group(1));
                    out.add(entry.group(2));
                }
            } else if (!NOT_SELF.contains(slot)) {
                out.add(e.group(2));
            }
        }
        assertFalse(out.isEmpty(), slotsName);
        return out;
    }

    private static Matcher table(String c, String kind, String name) {
        Matcher m = Pattern.compile("(?s)static " + kind + " " + name + "\\[\\] = \\{(.*?)\\n\\};").matcher(c);
        assertTrue(m.find(), name);
        return m;
    }
}
