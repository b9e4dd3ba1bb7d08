package heapify.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.lex.Lexing;
import heapify.parse.IslandParser;
import heapify.source.SourceText;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shapes the island parser and model builder recognize, each on a small C snippet. */
class FileModelShapesTest {
    static FileModel model(String c) {
        return FileModelBuilder.build(IslandParser.parse(Lexing.lex(SourceText.of(Path.of("t.c"), c))));
    }

    static Map<String, String> fields(StaticType t) {
        return t.fields().values().stream().collect(Collectors.toMap(TypeField::name, TypeField::value,
                (a, b) -> a, TreeMap::new));
    }

    @Test
    void positionalInitializerIsMappedByTheLayout() {
        // contract: element i after the head is field i of the 3.11 layout
        FileModel m = model("""
                static PyTypeObject Foo_Type = {
                    PyVarObject_HEAD_INIT(&PyType_Type, 0)
                    "m.Foo",
                    sizeof(FooObject),
                    0,
                    (destructor)foo_dealloc,
                    0,                          /* tp_vectorcall_offset */
                    0, 0, 0,
                    (reprfunc)foo_repr,
                };
                """);
        StaticType t = m.types().get(0);
        assertEquals("Foo_Type", t.cName());
        assertEquals("\"m.Foo\"", t.tpName());
        assertEquals("static", t.storage());
        assertFalse(t.designated());
        assertEquals("PyVarObject_HEAD_INIT(&PyType_Type, 0)", t.head());
        assertEquals("(destructor)foo_dealloc", t.value("tp_dealloc"));
        assertEquals("(reprfunc)foo_repr", t.value("tp_repr"));
        assertEquals("0", t.value("tp_vectorcall_offset"));
        assertEquals(9, t.elements().size());
        assertEquals("/* tp_vectorcall_offset */", t.elements().get(4).trailingComment());
        assertEquals(List.of(), t.unmapped());
    }

    @Test
    void designatedInitializerAndEqualsBraceSplitAcrossLines() {
        FileModel m = model("""
                static PyTypeObject Bar_Type
                    =
                {
                    PyVarObject_HEAD_INIT(NULL, 0)
                    .tp_name = "m.Bar",
                    .tp_basicsize = sizeof(BarObject),
                    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
                    .tp_new = bar_new,
                };
                """);
        StaticType t = m.types().get(0);
        assertTrue(t.designated());
        assertEquals(Map.of("tp_name", "\"m.Bar\"", "tp_basicsize", "sizeof(BarObject)",
                "tp_flags", "Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC", "tp_new", "bar_new"), fields(t));
        assertTrue(t.hasFlag("Py_TPFLAGS_HAVE_GC"));
        assertFalse(t.hasFlag("Py_TPFLAGS_HAVE"));
    }

    @Test
    void forwardDeclarationIsNotADefinition() {
        FileModel m = model("""
                static PyTypeObject Baz_Type;
                static PyObject *use(void) { return (PyObject *)&Baz_Type; }
                static PyTypeObject Baz_Type = { PyVarObject_HEAD_INIT(NULL, 0) "m.Baz" };
                """);
        assertEquals(List.of("Baz_Type"), m.forwardTypes());
        assertEquals(1, m.types().size());
        assertEquals(1, m.globals().stream().filter(g -> g.name().equals("Baz_Type")).count());
    }

    @Test
    void nonStaticAndExportedDefinitions() {
        FileModel m = model("""
                PyTypeObject Plain_Type = { PyVarObject_HEAD_INIT(NULL, 0) "m.Plain" };
                Py_EXPORTED_SYMBOL PyTypeObject Exported_Type = {
                    PyVarObject_HEAD_INIT(NULL, 0) .tp_name = "m.Exported" };
                extern PyTypeObject Elsewhere_Type;
                """);
        assertEquals(List.of("Plain_Type:", "Exported_Type:Py_EXPORTED_SYMBOL"),
                m.types().stream().map(t -> t.cName() + ":" + t.storage()).toList());
        assertEquals("\"m.Exported\"", m.types().get(1).tpName());
    }

    @Test
    void conditionalBranchesWithTheSameCountAreMapped() {
        // contract: each branch restarts at the index the #if started at; after #endif they agree
        FileModel m = model("""
                static PyTypeObject T = {
                    PyVarObject_HEAD_INIT(NULL, 0)
                    "m.T", 0, 0, 0, 0, 0, 0, 0, 0,
                #ifdef WITH_NUMBER
                    &t_as_number,
                #else
                    0,
                #endif
                    0, 0, 0,
                    t_call,
                };
                """);
        StaticType t = m.types().get(0);
        assertEquals(List.of(), t.unmapped());
        assertEquals("&t_as_number", t.value("tp_as_number"));
        assertEquals("t_call", t.value("tp_call"));
    }

    @Test
    void conditionalBranchesWithDifferentCountsAreReported() {
        FileModel m = model("""
                static PyTypeObject T = {
                    PyVarObject_HEAD_INIT(NULL, 0)
                    "m.T", 0, 0,
                #if PY_VERSION_HEX >= 0x03080000
                    t_dealloc, 0,
                #else
                    t_dealloc,
                #endif
                    0,
                };
                """);
        StaticType t = m.types().get(0);
        assertEquals(List.of("branches of '#if PY_VERSION_HEX >= 0x03080000' set different numbers of fields [2, 1]"),
                t.unmapped());
    }

    @Test
    void conditionalWithoutElseShiftsTheFieldsAfterIt() {
        FileModel m = model("""
                static PyTypeObject T = {
                    PyVarObject_HEAD_INIT(NULL, 0)
                    "m.T", 0, 0, 0, 0, 0, 0, 0,
                #ifdef HAVE_REPR
                    t_repr,
                #endif
                    0,
                };
                """);
        assertEquals(List.of("branches of '#ifdef HAVE_REPR' set different numbers of fields [1, 0] (no #else)"),
                m.types().get(0).unmapped());
    }

    @Test
    void subTablesPositionalAndDesignated() {
        FileModel m = model("""
                static PyNumberMethods num = {
                    num_add,        /* nb_add */
                    0,              /* nb_subtract */
                    num_mul,        /* nb_multiply */
                };
                static PyAsyncMethods am = { .am_await = t_await, .am_send = t_send };
                static PyMappingMethods mp = { 0, t_getitem };
                """);
        assertEquals(3, m.subTables().size());
        SubTable num = m.subTable("num").orElseThrow();
        assertEquals(SubTableKind.NUMBER, num.kind());
        assertEquals("num_mul", num.fields().get("nb_multiply").value());
        assertEquals("t_send", m.subTable("am").orElseThrow().fields().get("am_send").value());
        assertEquals("t_getitem", m.subTable("mp").orElseThrow().fields().get("mp_subscript").value());
    }

    @Test
    void methodMemberAndGetsetArrays() {
        FileModel m = model("""
                static PyMethodDef t_methods[] = {
                    {"get", (PyCFunction)t_get, METH_O, t_get_doc},
                    _T_CLINIC_METHODDEF
                    {NULL, NULL}  /* sentinel */
                };
                static PyMemberDef t_members[] = {
                    {"x", T_INT, offsetof(TObject, x), READONLY},
                    {NULL}
                };
                static PyGetSetDef t_getset[] = {
                    {"y", (getter)t_get_y, NULL, NULL, NULL},
                    {NULL}
                };
                """);
        MemberTable methods = m.memberTable("t_methods").orElseThrow();
        assertEquals(MemberTableKind.METHODS, methods.kind());
        assertEquals(List.of("\"get\"", "_T_CLINIC_METHODDEF", "NULL"),
                methods.entries().stream().map(e -> e.value(0)).toList());
        assertEquals("METH_O", methods.entries().get(0).value(2));
        assertEquals("offsetof(TObject, x)", m.memberTable("t_members").orElseThrow().entries().get(0).value(2));
        assertEquals(MemberTableKind.GETSET, m.memberTable("t_getset").orElseThrow().kind());
    }

    @Test
    void moduleDefPositionalAndDesignated() {
        FileModel m = model("""
                static struct PyModuleDef posmodule = {
                    PyModuleDef_HEAD_INIT, "pos", pos_doc, -1, pos_methods, NULL, NULL, NULL, NULL
                };
                static struct PyModuleDef desmodule = {
                    PyModuleDef_HEAD_INIT,
                    .m_name = "des",
                    .m_size = sizeof(des_state),
                    .m_slots = des_slots,
                };
                """);
        ModuleDef pos = m.moduleDefs().get(0);
        assertEquals("\"pos\"", pos.value("m_name"));
        assertEquals("-1", pos.value("m_size"));
        assertEquals("pos_methods", pos.value("m_methods"));
        ModuleDef des = m.moduleDefs().get(1);
        assertEquals("sizeof(des_state)", des.value("m_size"));
        assertEquals("des_slots", des.value("m_slots"));
        assertEquals("", des.value("m_methods"));
    }

    @Test
    void initSingleAndMultiPhase() {
        FileModel single = model("PyMODINIT_FUNC PyInit_one(void) { return PyModule_Create(&onemodule); }");
        FileModel multi = model("PyMODINIT_FUNC\nPyInit_two(void)\n{\n    return PyModuleDef_Init(&twomodule);\n}\n");
        assertEquals("one", single.inits().get(0).moduleName());
        assertFalse(single.inits().get(0).multiPhase());
        assertEquals("two", multi.inits().get(0).moduleName());
        assertTrue(multi.inits().get(0).multiPhase());
    }

    @Test
    void globalCategories() {
        FileModel m = model("""
                static PyObject *cached_str;
                static PyObject *ErrorObject;
                static int initialized = 0;
                static const char * const names[] = {"a", "b", NULL};
                static PyTypeObject *HeapType;
                static futureiterobject *free_list;
                _Py_IDENTIFIER(write);
                static struct PyModuleDef mod = { PyModuleDef_HEAD_INIT, "m" };
                static PyObject *
                f(PyObject *module)
                {
                    static _PyArg_Parser _parser = {NULL, _keywords, "f", 0};
                    static long counter;
                    _Py_static_string(PyId_dot, ".");
                    int local = 0;
                    ErrorObject = PyErr_NewException("m.error", NULL, NULL);
                    return NULL;
                }
                """);
        Map<String, String> cats = new TreeMap<>();
        m.globals().forEach(g -> cats.put((g.function().isEmpty() ? "" : g.function() + "::") + g.name(),
                g.category().label()));
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("cached_str", "cached-object"),
                Map.entry("ErrorObject", "exception"),
                Map.entry("initialized", "c-state"),
                Map.entry("names", "safe"),
                Map.entry("HeapType", "type"),
                Map.entry("free_list", "cached-object"),
                Map.entry("PyId_write", "safe"),
                Map.entry("mod", "module-def"),
                Map.entry("f::_parser", "safe"),
                Map.entry("f::counter", "c-state"),
                Map.entry("f::PyId_dot", "safe"))), cats);
    }

    @Test
    void functionParametersIncludingPyUnused() {
        FileModel m = model("""
                static PyObject *
                t_method(TObject *self, PyObject *Py_UNUSED(ignored))
                {
                    return NULL;
                }
                static int t_init(PyObject *self, PyObject *args, PyObject *kwds) { return 0; }
                static void helper(void) { }
                """);
        FunctionDef f = m.function("t_method").orElseThrow();
        assertEquals(List.of(new Param("TObject *", "self"), new Param("PyObject *", "ignored")), f.params());
        assertTrue(f.isStatic());
        assertEquals(List.of("self", "args", "kwds"),
                m.function("t_init").orElseThrow().params().stream().map(Param::name).toList());
        assertEquals(List.of(), m.function("helper").orElseThrow().params());
    }

    @Test
    void bracesBalancedOnlyPerBranchStillParse() {
        // contract: when the whole file does not balance, the first branch of every #if is used
        FileModel m = model("""
                static int f(int a, int b)
                {
                #ifdef MS_WINDOWS
                    if (a) {
                #else
                    if (b) {
                #endif
                        return 1;
                    }
                    return 0;
                }
                static PyObject *after;
                """);
        assertEquals(List.of(), m.diagnostics());
        assertEquals(List.of("f"), m.functions().stream().map(FunctionDef::name).toList());
        assertEquals(List.of("after"), m.globals().stream().map(Global::name).toList());
    }

    @Test
    void onlyTheUnbalancedConditionalLosesItsElseBranch() {
        // contract: an #else elsewhere in the file, balanced by itself, stays visible
        FileModel m = model("""
                #ifdef MS_WINDOWS
                static HANDLE win_handle;
                #else
                static int posix_fd = -1;
                #endif
                static int f(int a, int b)
                {
                #ifdef MS_WINDOWS
                    if (a) {
                #else
                    if (b) {
                #endif
                        return 1;
                    }
                    return 0;
                }
                """);
        assertEquals(List.of(), m.diagnostics());
        assertEquals(List.of("win_handle", "posix_fd"), m.globals().stream().map(Global::name).toList());
        assertEquals(List.of("f"), m.functions().stream().map(FunctionDef::name).toList());
    }

    @Test
    void oldStyleDefinitionKeepsItsParameterDeclarations() {
        // contract: K&R parameter declarations are the function's parameters, not globals
        FileModel m = model("""
                static int counter;

                static int
                add(a, b, n)
                    int a;
                    char *b;
                {
                    return a + *b + n;
                }

                static int hook;
                int first(cb) int (*cb)(int); { return cb(1); }
                """);
        assertEquals(List.of(), m.diagnostics());
        assertEquals(List.of("counter", "hook"), m.globals().stream().map(Global::name).toList());
        assertEquals(List.of("add", "first"), m.functions().stream().map(FunctionDef::name).toList());
        FunctionDef add = m.functions().get(0);
        assertEquals(List.of(new Param("int", "a"), new Param("char *", "b"), new Param("int", "n")), add.params(),
                "types from the declarations; an undeclared name is an int, as in C89");
        assertEquals(List.of(new Param("int (*)(int)", "cb")), m.functions().get(1).params());
        assertEquals("return a + *b + n;", heapify.parse.Nodes.code(m.parsed().tokens(), add.body().children()));
    }

    @Test
    void macroCallsBeforeADeclarationAreNotOldStyleHeads() {
        // contract: "NAME(x) y;" declares y unless a body follows declarations of the list's names only
        FileModel m = model("""
                PyAPI_DATA(int) Py_Flag;
                static int after;
                """);
        assertEquals(List.of("Py_Flag", "after"), m.globals().stream().map(Global::name).toList());
        assertEquals(List.of(), m.functions());
    }

    @Test
    void fieldsIterateInTheOrderTheInitializerSetsThem() {
        // contract: not Map.copyOf's order, which changes from one JVM run to the next; transformers
        // iterate these maps, so which blocker and which TODO a type gets depends on it
        List<String> names = TypeObjectLayout.typeFields(FileModelBuilder.DEFAULT_LAYOUT).subList(1, 30);
        StringBuilder c = new StringBuilder("static PyTypeObject T = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n");
        List<String> reversed = new java.util.ArrayList<>(names);
        java.util.Collections.reverse(reversed);
        for (String f : reversed) {
            c.append("    .").append(f).append(" = v_").append(f).append(",\n");
        }
        StaticType t = model(c.append("};\n").toString()).types().get(0);
        assertEquals(reversed, List.copyOf(t.fields().keySet()));
        assertEquals(reversed, t.fields().values().stream().map(TypeField::name).toList());
    }
}
