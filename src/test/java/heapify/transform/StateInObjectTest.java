package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.apply.FileMigrator;
import heapify.render.Renderer;
import heapify.source.SourceText;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 7, the state cached in the object (StateInObject): before, and the facts of the C after. */
class StateInObjectTest {
    private static final Renderer RENDERER =
            new Renderer(Path.of(System.getProperty("heapify.root", "."), "templates"));

    private static FileMigrator.Result migrate(String c) {
        return new FileMigrator(RENDERER, new Options(11)).migrate(SourceText.of(Path.of("m.c"), c), "m.c");
    }

    /** A subclassable type with a VARARGS method and a binary slot that need the state; {@code alloc} makes self. */
    private static String module(String alloc) {
        return "#include \"Python.h\"\n\ntypedef struct {\n    PyObject_HEAD\n    long v;\n} FooObject;\n\n"
                + "static PyTypeObject Foo_Type;\n\nstatic PyObject *\n"
                + "Foo_new(PyTypeObject *type, PyObject *args, PyObject *kwds)\n{\n"
                + "    FooObject *self = (FooObject *)" + alloc + ";\n    if (self == NULL) {\n        return NULL;\n    }\n"
                + "    self->v = 1;\n    return (PyObject *)self;\n}\n\n"
                + "static PyObject *\nFoo_add(PyObject *a, PyObject *b)\n{\n"
                + "    if (!PyObject_TypeCheck(a, &Foo_Type)) {\n        Py_RETURN_NOTIMPLEMENTED;\n    }\n"
                + "    return Foo_new(&Foo_Type, NULL, NULL);\n}\n\n"
                + "static PyObject *\nFoo_moved(FooObject *self, PyObject *args)\n{\n"
                + "    return Foo_new(&Foo_Type, NULL, NULL);\n}\n\n"
                + "static PyMethodDef Foo_methods[] = {\n    {\"moved\", (PyCFunction)Foo_moved, METH_VARARGS, NULL},\n"
                + "    {NULL, NULL, 0, NULL}\n};\n\nstatic PyNumberMethods Foo_as_number = {\n    .nb_add = Foo_add,\n};\n\n"
                + "static PyTypeObject Foo_Type = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n    .tp_name = \"m.Foo\",\n"
                + "    .tp_basicsize = sizeof(FooObject),\n    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,\n"
                + "    .tp_as_number = &Foo_as_number,\n    .tp_methods = Foo_methods,\n    .tp_new = Foo_new,\n};\n\n"
                + "static struct PyModuleDef m_module = {\n    PyModuleDef_HEAD_INIT,\n    .m_name = \"m\",\n"
                + "    .m_size = -1,\n};\n\nPyMODINIT_FUNC\nPyInit_m(void)\n{\n    PyObject *m;\n"
                + "    if (PyType_Ready(&Foo_Type) < 0) {\n        return NULL;\n    }\n"
                + "    m = PyModule_Create(&m_module);\n    if (m == NULL) {\n        return NULL;\n    }\n"
                + "    Py_INCREF(&Foo_Type);\n"
                + "    if (PyModule_AddObject(m, \"Foo\", (PyObject *)&Foo_Type) < 0) {\n        Py_DECREF(m);\n"
                + "        return NULL;\n    }\n    return m;\n}\n";
    }

    @Test
    void everyCreationSeenCachesTheStateAndDropsLookupsAndAdapter() {
        FileMigrator.Result r = migrate(module("type->tp_alloc(type, 0)"));
        String out = r.output();
        assertEquals(List.of(), r.formattedDiagnostics());
        assertTrue(out.contains("    long v;\n    struct m_state *state;  /* set at creation: no lookup */\n"
                + "} FooObject;\n"), out);
        assertTrue(out.contains("typedef struct m_state {\n    PyTypeObject *Foo_Type;\n} m_state;\n"), out);
        assertTrue(out.contains("    m_state *st = get_m_state(PyType_GetModuleByDef(type, &m_module));\n"
                + "    FooObject *self = (FooObject *)type->tp_alloc(type, 0);\n    if (self == NULL) {\n"
                + "        return NULL;\n    }\n    self->state = st;\n    self->v = 1;\n"), out);
        assertTrue(out.contains("Foo_add(PyObject *a, PyObject *b)\n{\n    m_state *st;\n"
                + "    if (Py_TYPE(a)->tp_as_number != NULL &&\n"
                + "        Py_TYPE(a)->tp_as_number->nb_add == Foo_add) {\n"
                + "        st = ((FooObject *)a)->state;\n    }\n"
                + "    else if (Py_TYPE(b)->tp_as_number != NULL &&\n"
                + "             Py_TYPE(b)->tp_as_number->nb_add == Foo_add) {\n"
                + "        st = ((FooObject *)b)->state;\n    }\n    else {\n        st = find_m_state_binary(a, b);\n"
                + "        if (st == NULL) {\n            Py_RETURN_NOTIMPLEMENTED;\n        }\n    }\n"), out);
        assertTrue(out.contains("Foo_moved(FooObject *self, PyObject *args)\n{\n    m_state *st = self->state;\n"), out);
        assertTrue(out.contains("{\"moved\", (PyCFunction)Foo_moved, METH_VARARGS, NULL},"), "convention kept: " + out);
        assertFalse(out.contains("_defcls"), out);
        assertEquals(out, migrate(out).output(), "a second run changes nothing");
    }

    /** binary-operand-by-dealloc: without BASETYPE, the binary slot finds its operand by the type's dealloc. */
    @Test
    void aTypeThatCannotBeSubclassedFindsItsOperandByItsDealloc() {
        String dealloc = "static void\nFoo_dealloc(PyObject *self)\n{\n    PyObject_Free(self);\n}\n\n";
        String before = module("type->tp_alloc(type, 0)")
                .replace("Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,", "Py_TPFLAGS_DEFAULT,")
                .replace("static PyObject *\nFoo_add(", dealloc + "static PyObject *\nFoo_add(")
                .replace("    .tp_basicsize = sizeof(FooObject),\n",
                        "    .tp_basicsize = sizeof(FooObject),\n    .tp_dealloc = Foo_dealloc,\n");
        assertTrue(before.contains("Foo_dealloc(PyObject *self)") && !before.contains("BASETYPE"));
        FileMigrator.Result r = migrate(before);
        String out = r.output();
        assertTrue(out.contains("Foo_add(PyObject *a, PyObject *b)\n{\n    m_state *st;\n"
                + "    if (Py_TYPE(a)->tp_dealloc == Foo_dealloc) {\n"
                + "        st = ((FooObject *)a)->state;\n    }\n"
                + "    else if (Py_TYPE(b)->tp_dealloc == Foo_dealloc) {\n"
                + "        st = ((FooObject *)b)->state;\n    }\n    else {\n        st = find_m_state_binary(a, b);\n"
                + "        if (st == NULL) {\n            Py_RETURN_NOTIMPLEMENTED;\n        }\n    }\n"), out);
        assertFalse(out.contains("tp_as_number->"), out);
        assertEquals(1, r.formattedDiagnostics().stream().filter(d -> d.endsWith("[binary-operand-by-dealloc]")).count(),
                String.join("\n", r.formattedDiagnostics()));
        assertEquals(out, migrate(out).output(), "a second run changes nothing");
        // subclassable: a Python subclass keeps the slot function but not the dealloc
        String sub = migrate(before.replace("Py_TPFLAGS_DEFAULT,", "Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,")).output();
        assertTrue(sub.contains("Py_TYPE(a)->tp_as_number->nb_add == Foo_add") && !sub.contains("tp_dealloc =="), sub);
        // a dealloc another type of the file shares identifies no one type
        String shared = before.replace("static struct PyModuleDef m_module", "static PyTypeObject Bar_Type = {\n"
                + "    PyVarObject_HEAD_INIT(NULL, 0)\n    .tp_name = \"m.Bar\",\n"
                + "    .tp_basicsize = sizeof(PyObject),\n    .tp_dealloc = Foo_dealloc,\n};\n\n"
                + "static struct PyModuleDef m_module");
        String sharedOut = migrate(shared).output();
        assertTrue(sharedOut.contains("tp_as_number->nb_add == Foo_add") && !sharedOut.contains("tp_dealloc =="),
                sharedOut);
        // a dealloc declared after the slot is not named before its declaration
        String late = before.replace(dealloc, "").replace("static PyMethodDef Foo_methods", dealloc
                + "static PyMethodDef Foo_methods");
        assertTrue(!late.equals(before));
        String lateOut = migrate(late).output();
        assertTrue(lateOut.contains("tp_as_number->nb_add == Foo_add") && !lateOut.contains("tp_dealloc =="), lateOut);
    }

    @Test
    void aCreationPathNotSeenCachesNothing() {
        // PyType_GenericNew allocates where heapify cannot store the state: the lookups stay
        String out = migrate(module("PyType_GenericNew(type, args, kwds)")).output();
        assertFalse(out.contains("->state"), out);
        assertFalse(out.contains("typedef struct m_state"), out);
        assertTrue(out.contains("Foo_add(PyObject *a, PyObject *b)\n{\n    m_state *st = find_m_state_binary(a, b);\n"), out);
        assertTrue(out.contains("Foo_moved_defcls"), out);
    }

    @Test
    void anAllocationOfUnknownTypeCachesNothingInTheFile() {
        // PyObject *: which type tp_alloc makes cannot be told, so no type's creations are all seen
        String c = module("type->tp_alloc(type, 0)").replace("static PyObject *\nFoo_add",
                "static PyObject *\nmake(PyTypeObject *t)\n{\n    PyObject *o = t->tp_alloc(t, 0);\n"
                        + "    if (o == NULL) {\n        return NULL;\n    }\n    return o;\n}\n\nstatic PyObject *\nFoo_add");
        String out = migrate(c).output();
        assertFalse(out.contains("->state"), out);
        assertTrue(out.contains("Foo_moved_defcls"), out);
    }

    /** Foo_new allocating into a {@code PyObject *} and reading it as {@code FooObject} afterwards (_zoneinfo's shape). */
    private static String allocatedAsObject(String use) {
        return module("type->tp_alloc(type, 0)").replace("    FooObject *self = (FooObject *)type->tp_alloc(type, 0);\n"
                + "    if (self == NULL) {\n        return NULL;\n    }\n    self->v = 1;\n    return (PyObject *)self;\n",
                "    PyObject *self = (PyObject *)(type->tp_alloc(type, 0));\n    if (self == NULL) {\n"
                        + "        return NULL;\n    }\n" + use + "    return self;\n");
    }

    @Test
    void aTpAllocIntoPyObjectReadAsTheStructCachesTheState() {
        String c = allocatedAsObject("    ((FooObject *)self)->v = 1;\n");
        assertTrue(c.contains("PyObject *self = (PyObject *)(type->tp_alloc(type, 0));"), "shape changed");
        FileMigrator.Result r = migrate(c);
        String out = r.output();
        assertEquals(List.of(), r.formattedDiagnostics());
        assertTrue(out.contains("    PyObject *self = (PyObject *)(type->tp_alloc(type, 0));\n    if (self == NULL) {\n"
                + "        return NULL;\n    }\n    ((FooObject *)self)->state = st;\n    ((FooObject *)self)->v = 1;\n"), out);
        assertTrue(out.contains("Foo_moved(FooObject *self, PyObject *args)\n{\n    m_state *st = self->state;\n"), out);
        assertFalse(out.contains("_defcls"), out);
        assertEquals(out, migrate(out).output(), "a second run changes nothing");
    }

    @Test
    void aTpAllocIntoPyObjectCastThenCheckedCachesTheState() {
        // _zoneinfo's from_file: PyObject *obj = tp_alloc(...); self = (FooObject *)obj; if (self == NULL)
        String c = module("type->tp_alloc(type, 0)").replace("    FooObject *self = (FooObject *)type->tp_alloc(type, 0);\n"
                + "    if (self == NULL) {\n", "    FooObject *self = NULL;\n\n"
                + "    PyObject *obj = (PyObject *)(type->tp_alloc(type, 0));\n    self = (FooObject *)obj;\n"
                + "    if (self == NULL) {\n");
        assertTrue(c.contains("self = (FooObject *)obj;"), "shape changed");
        String out = migrate(c).output();
        assertTrue(out.contains("    self = (FooObject *)obj;\n    if (self == NULL) {\n        return NULL;\n    }\n"
                + "    self->state = st;\n    self->v = 1;\n"), out);
        assertTrue(out.contains("Foo_moved(FooObject *self, PyObject *args)\n{\n    m_state *st = self->state;\n"), out);
    }

    @Test
    void aTpAllocIntoPyObjectNeverReadAsOneStructCachesNothing() {
        // never cast: which struct it is cannot be told; cast to two: neither is sure
        for (String use : List.of("", "    ((FooObject *)self)->v = 1;\n    ((BarObject *)self)->w = 1;\n")) {
            String c = allocatedAsObject(use).replace("} FooObject;\n", "} FooObject;\n\n"
                    + "typedef struct {\n    PyObject_HEAD\n    long w;\n} BarObject;\n");
            String out = migrate(c).output();
            assertFalse(out.contains("->state"), out);
            assertTrue(out.contains("Foo_moved_defcls"), out);
        }
    }

    @Test
    void aTypeReportingItsSizeGetsNoMember() {
        // __sizeof__ is the size the type promises (test_deque.test_sizeof checks it exactly)
        String c = module("type->tp_alloc(type, 0)").replace(
                "    {\"moved\", (PyCFunction)Foo_moved, METH_VARARGS, NULL},\n",
                "    {\"moved\", (PyCFunction)Foo_moved, METH_VARARGS, NULL},\n"
                        + "    {\"__sizeof__\", (PyCFunction)Foo_sizeof, METH_NOARGS, NULL},\n").replace(
                "static PyMethodDef Foo_methods",
                "static PyObject *\nFoo_sizeof(FooObject *self, PyObject *Py_UNUSED(ignored))\n{\n"
                        + "    return PyLong_FromSsize_t(_PyObject_SIZE(Py_TYPE(self)));\n}\n\nstatic PyMethodDef Foo_methods");
        String out = migrate(c).output();
        assertTrue(out.contains("Foo_sizeof"), out);
        assertFalse(out.contains("->state"), out);
        assertTrue(out.contains("Foo_moved_defcls"), out);
    }

    @Test
    void aVariableSizeTypeGetsNoMember() {
        // its items start at the last member: a member after it would overlap them
        String c = module("type->tp_alloc(type, 0)").replace("    long v;\n} FooObject;",
                "    long v;\n    long items[1];\n} FooObject;").replace("    .tp_basicsize = sizeof(FooObject),\n",
                "    .tp_basicsize = sizeof(FooObject),\n    .tp_itemsize = sizeof(long),\n");
        String out = migrate(c).output();
        assertTrue(out.contains(".itemsize = sizeof(long)"), out);
        assertFalse(out.contains("->state"), out);
        String array = migrate(module("type->tp_alloc(type, 0)").replace("    long v;\n} FooObject;",
                "    long v;\n    long items[1];\n} FooObject;")).output();
        assertFalse(array.contains("->state"), "an array last, even without tp_itemsize: " + array);
    }
}
