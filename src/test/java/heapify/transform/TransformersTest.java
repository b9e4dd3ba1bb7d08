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

/** One concern per test, inline C before and the facts of the C after (Error Prone style). */
class TransformersTest {
    private static final Renderer RENDERER =
            new Renderer(Path.of(System.getProperty("heapify.root", "."), "templates"));

    private static FileMigrator.Result migrate(String c, int target) {
        return new FileMigrator(RENDERER, new Options(target)).migrate(SourceText.of(Path.of("m.c"), c), "m.c");
    }

    private static String module(String types, String init) {
        return "#include \"Python.h\"\n\ntypedef struct {\n    PyObject_HEAD\n    long v;\n} FooObject;\n\n" + types
                + "\nstatic struct PyModuleDef m_module = {\n    PyModuleDef_HEAD_INIT,\n    .m_name = \"m\",\n"
                + "    .m_size = -1,\n};\n\nPyMODINIT_FUNC\nPyInit_m(void)\n{\n    PyObject *m;\n"
                + "    if (PyType_Ready(&Foo_Type) < 0) {\n        return NULL;\n    }\n"
                + "    m = PyModule_Create(&m_module);\n    if (m == NULL) {\n        return NULL;\n    }\n" + init
                + "    return m;\n}\n";
    }

    private static final String ADD = "    Py_INCREF(&Foo_Type);\n"
            + "    if (PyModule_AddObject(m, \"Foo\", (PyObject *)&Foo_Type) < 0) {\n        Py_DECREF(m);\n"
            + "        return NULL;\n    }\n";

    @Test
    void unknownSlotMacroIsReportedNotGuessed() {
        // contract: the type stays as it was, with a warning; nothing else would move, so the
        // module stays single-phase and the file unchanged
        String c = module("static PyTypeObject Foo_Type = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n"
                + "    .tp_name = \"m.Foo\",\n    .tp_as_number = FOO_NUMBER_METHODS,\n};\n", ADD);
        FileMigrator.Result r = migrate(c, 11);
        assertEquals(c, r.output(), "its only type stays static, so the module stays as it was");
        assertEquals(List.of("m.c:8:1: warning: 'tp_as_number' of 'Foo_Type' is 'FOO_NUMBER_METHODS', not a table "
                + "in this file; left static [unknown-slot-macro]"), r.formattedDiagnostics());
        assertFalse(r.complete(), "a type left static: not completely migrated");
        assertEquals(r.output(), migrate(r.output(), 11).output(), "a second run adds nothing");
    }

    @Test
    void noTpNewOverObjectDisallowsInstantiationAndGuardsBelow310() {
        // contract: rule 3; before 3.10 the flags are guarded and tp_new is cleared after creation
        String c = module("static PyTypeObject Foo_Type = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n"
                + "    .tp_name = \"m.Foo\",\n    .tp_basicsize = sizeof(FooObject),\n"
                + "    .tp_flags = Py_TPFLAGS_DEFAULT,\n};\n", ADD);
        String out = migrate(c, 9).output();
        assertTrue(out.contains("    .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE |\n"
                + "              Py_TPFLAGS_DISALLOW_INSTANTIATION),\n#else\n    .flags = Py_TPFLAGS_DEFAULT,\n#endif"), out);
        assertTrue(out.contains("#if PY_VERSION_HEX < 0x030A0000\n    st->Foo_Type->tp_new = NULL;\n#endif"), out);
    }

    @Test
    void builtinBaseIsPassedAsBasesAndAssignmentRemoved() {
        // contract: Foo_Type.tp_base = &PyDict_Type; in init becomes the bases argument (a tuple for 3.9)
        String c = module("static PyTypeObject Foo_Type = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n"
                + "    .tp_name = \"m.Foo\",\n    .tp_basicsize = sizeof(FooObject),\n"
                + "    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,\n};\n", ADD)
                .replace("    if (PyType_Ready", "    Foo_Type.tp_base = &PyDict_Type;\n    if (PyType_Ready");
        String out = migrate(c, 11).output();
        assertTrue(out.contains("PyType_FromModuleAndSpec(\n        m, &Foo_spec, (PyObject *)&PyDict_Type);"), out);
        assertFalse(out.contains("tp_base ="), out);
        assertTrue(out.contains("    .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |\n"
                + "              Py_TPFLAGS_IMMUTABLETYPE),\n"), "dict's tp_new is inherited: no DISALLOW_INSTANTIATION\n" + out);
        String out39 = migrate(c, 9).output();
        assertTrue(out39.contains("PyObject *bases = PyTuple_Pack(1, (PyObject *)&PyDict_Type);"), out39);
    }

    @Test
    void deallocSavesTypeFreesThroughItAndReleasesIt() {
        // contract: rule 4 for a BASETYPE type: Foo_Type.tp_free and PyObject_Del both become tp->tp_free
        String c = module("static void\nFoo_dealloc(FooObject *self)\n{\n    Foo_Type.tp_free(self);\n}\n\n"
                + "static PyTypeObject Foo_Type = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n"
                + "    .tp_name = \"m.Foo\",\n    .tp_dealloc = (destructor)Foo_dealloc,\n"
                + "    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,\n    .tp_new = PyType_GenericNew,\n};\n",
                ADD).replace("static void\nFoo_dealloc", "static PyTypeObject Foo_Type;\n\nstatic void\nFoo_dealloc");
        String out = migrate(c, 11).output();
        assertTrue(out.contains("{\n    PyTypeObject *tp = Py_TYPE(self);\n    tp->tp_free(self);\n"
                + "    Py_DECREF(tp);\n}"), out);
        assertFalse(out.contains("static PyTypeObject Foo_Type;"), out);
    }

    @Test
    void varargsMethodOfSubclassableTypeGetsDefiningClassAdapter() {
        // contract: rule 7: METH_METHOD|METH_FASTCALL|METH_KEYWORDS adapter, state from defining_class
        String c = module("static PyTypeObject Foo_Type;\n\nstatic PyObject *\n"
                + "Foo_same(FooObject *self, PyObject *args)\n{\n"
                + "    PyObject *o;\n    if (!PyArg_ParseTuple(args, \"O\", &o)) {\n        return NULL;\n    }\n"
                + "    return PyBool_FromLong(PyObject_TypeCheck(o, &Foo_Type));\n}\n\n"
                + "static PyMethodDef Foo_methods[] = {\n    {\"same\", (PyCFunction)Foo_same, METH_VARARGS, NULL},\n"
                + "    {NULL, NULL}\n};\n\n"
                + "static PyTypeObject Foo_Type = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n"
                + "    .tp_name = \"m.Foo\",\n    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,\n"
                + "    .tp_methods = Foo_methods,\n    .tp_new = PyType_GenericNew,\n};\n", ADD);
        String out = migrate(c, 11).output();
        assertTrue(out.contains("Foo_same(m_state *st, FooObject *self, PyObject *args)"), out);
        assertTrue(out.contains("PyObject_TypeCheck(o, st->Foo_Type)"), out);
        assertTrue(out.contains("m_state *st = PyType_GetModuleState(defining_class);"), out);
        assertTrue(out.contains("result = Foo_same(st, (FooObject *)self, argtuple);"), out);
        assertTrue(out.contains("{\"same\", (PyCFunction)(void (*)(void))Foo_same_defcls, "
                + "METH_METHOD | METH_FASTCALL | METH_KEYWORDS, NULL},"), out);
    }

    @Test
    void helperUsedAsCallbackCannotReachState() {
        // contract: what a callback uses stays static and shared (so the output still compiles),
        // reported as [state-unreachable] with a TODO, and the module claims no per-interpreter GIL
        String c = module("static PyObject *ErrorObject;\n\nstatic int\ncb(void *p)\n{\n"
                + "    PyErr_SetString(ErrorObject, \"x\");\n    return -1;\n}\n\nstatic void *keep = (void *)cb;\n"
                + "static PyTypeObject Foo_Type = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n"
                + "    .tp_name = \"m.Foo\",\n    .tp_new = PyType_GenericNew,\n};\n", ADD);
        FileMigrator.Result r = migrate(c, 11);
        assertEquals(List.of("m.c:8:1: warning: 'ErrorObject' stays static and shared: it is used where the module "
                        + "state cannot be reached ('cb': 'cb' is used as a callback, so no state parameter can be "
                        + "passed) [state-unreachable]",
                "m.c:24:1: note: no Py_mod_multiple_interpreters slot: shared state remains ('ErrorObject') "
                        + "[shared-state-left]"), r.formattedDiagnostics());
        assertTrue(r.output().contains("/* TODO(heapify): 'ErrorObject' is shared by all module objects: it is used\n"
                + "   where the module state cannot be reached ('cb': 'cb' is used as a callback,\n"
                + "   so no state parameter can be passed) */\n"
                + "static PyObject *ErrorObject;\n\nstatic int\ncb(void *p)\n{\n"
                + "    PyErr_SetString(ErrorObject, \"x\");\n"), "TODO over the global, cb unchanged:\n" + r.output());
        assertTrue(r.output().contains("st->Foo_Type = "), "the type still migrates");
        assertTrue(r.output().contains("static PyModuleDef_Slot m_slots[] = {\n    {Py_mod_exec, m_exec},\n"
                + "    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */\n    {0, NULL},\n};\n"),
                "exec slot only, no Py_mod_multiple_interpreters:\n" + r.output());
    }

    @Test
    void tabIndentedCrlfFileGetsTabsAndCrlf() {
        // contract: insertions follow the file's indent unit and line ending
        String spaces = module("static PyTypeObject Foo_Type = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n"
                + "    .tp_name = \"m.Foo\",\n    .tp_new = PyType_GenericNew,\n};\n", ADD);
        String c = spaces.replace("    ", "\t").replace("\n", "\r\n");
        String out = migrate(c, 11).output();
        assertTrue(out.contains("\r\n\tst->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(\r\n\t\tm, &Foo_spec, NULL);\r\n"
                + "\tif (st->Foo_Type == NULL) {\r\n\t\treturn -1;\r\n\t}\r\n"), out);
        assertEquals(migrate(spaces, 11).output().replace("    ", "\t").replace("\n", "\r\n"), out,
                "every inserted line, not only the one above, is the LF/space output in tabs and CRLF");
    }

    @Test
    void metaclassTypeStaysStatic() {
        // contract: rule 1: a custom metatype needs PyType_FromMetaclass (3.12); the type stays
        // as it was, with a warning, and so does the module
        String c = module("static PyTypeObject Foo_Type = {\n    PyVarObject_HEAD_INIT(&MyMeta_Type, 0)\n"
                + "    .tp_name = \"m.Foo\",\n};\n", ADD);
        FileMigrator.Result r = migrate(c, 11);
        assertEquals(List.of("m.c:8:1: warning: type 'Foo_Type' has the metatype '&MyMeta_Type'; "
                + "PyType_FromMetaclass needs 3.12; left static [metaclass-needs-3.12]"), r.formattedDiagnostics());
        assertEquals(c, r.output(), "its only type stays static, so the module stays as it was");
        assertFalse(r.complete(), "a type left static: not completely migrated");
    }

    @Test
    void classAttributesWrittenToTpDictGetPyTypeModified() {
        // contract: rule 3: tp_dict writes keep working on the immutable heap type, then PyType_Modified
        String c = module("static PyTypeObject Foo_Type = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n"
                + "    .tp_name = \"m.Foo\",\n    .tp_new = PyType_GenericNew,\n};\n",
                ADD + "    if (PyDict_SetItemString(Foo_Type.tp_dict, \"MAX\", Py_None) < 0) {\n"
                        + "        return NULL;\n    }\n");
        String out = migrate(c, 11).output();
        assertTrue(out.contains("PyDict_SetItemString(st->Foo_Type->tp_dict, \"MAX\", Py_None)"), out);
        assertTrue(out.contains("    PyType_Modified(st->Foo_Type);\n    return 0;\n}"), out);
    }

    @Test
    void stolenGlobalIsAddedWithoutStealing() {
        // contract: a global handed to PyModule_AddObject without an INCREF was a borrowed
        // reference; in the state it is strong (m_clear DECREFs it), so the add must not steal
        String c = module("static PyObject *ErrorObject;\n\nstatic PyTypeObject Foo_Type = {\n"
                + "    PyVarObject_HEAD_INIT(NULL, 0)\n    .tp_name = \"m.Foo\",\n    .tp_new = PyType_GenericNew,\n};\n",
                ADD + "    ErrorObject = PyErr_NewException(\"m.error\", NULL, NULL);\n"
                        + "    PyModule_AddObject(m, \"error\", ErrorObject);\n");
        String out = migrate(c, 9).output();
        assertTrue(out.contains("    PyModule_AddObjectRef(m, \"error\", st->ErrorObject);"), out);
        assertTrue(out.contains("#  define PyModule_AddObjectRef heapify_add_object_ref"), "3.9 gets the local helper");
    }

    @Test
    void stateParameterOfAHelperWithOneParameterPerLineGoesOnItsOwnLine() {
        // contract: rule 7 and PEP 7 layout; no trailing blank after "(" as "(m_state *st, " gave
        String c = "#include \"Python.h\"\n"
                + "\n"
                + "typedef struct {\n"
                + "    PyObject_HEAD\n"
                + "    long v;\n"
                + "} FooObject;\n"
                + "\n"
                + "static PyTypeObject Foo_Type;\n"
                + "\n"
                + "static PyObject *\n"
                + "make(\n"
                + "    long v)\n"
                + "{\n"
                + "    FooObject *o = PyObject_New(FooObject, &Foo_Type);\n"
                + "    if (o != NULL) {\n"
                + "        o->v = v;\n"
                + "    }\n"
                + "    return (PyObject *)o;\n"
                + "}\n"
                + "\n"
                + "static PyObject *\n"
                + "Foo_clone(FooObject *self, PyObject *unused)\n"
                + "{\n"
                + "    return make(self->v);\n"
                + "}\n"
                + "\n"
                + "static PyMethodDef Foo_methods[] = {\n"
                + "    {\"clone\", (PyCFunction)Foo_clone, METH_NOARGS, NULL},\n"
                + "    {NULL, NULL}\n"
                + "};\n"
                + "\n"
                + "static PyTypeObject Foo_Type = {\n"
                + "    PyVarObject_HEAD_INIT(NULL, 0)\n"
                + "    .tp_name = \"m.Foo\",\n"
                + "    .tp_basicsize = sizeof(FooObject),\n"
                + "    .tp_flags = Py_TPFLAGS_DEFAULT,\n"
                + "    .tp_methods = Foo_methods,\n"
                + "    .tp_new = PyType_GenericNew,\n"
                + "};\n"
                + "\n"
                + "static struct PyModuleDef m_module = {\n"
                + "    PyModuleDef_HEAD_INIT,\n"
                + "    .m_name = \"m\",\n"
                + "    .m_size = -1,\n"
                + "};\n"
                + "\n"
                + "PyMODINIT_FUNC\n"
                + "PyInit_m(void)\n"
                + "{\n"
                + "    PyObject *m;\n"
                + "    if (PyType_Ready(&Foo_Type) < 0) {\n"
                + "        return NULL;\n"
                + "    }\n"
                + "    m = PyModule_Create(&m_module);\n"
                + "    if (m == NULL) {\n"
                + "        return NULL;\n"
                + "    }\n"
                + "    Py_INCREF(&Foo_Type);\n"
                + "    if (PyModule_AddObject(m, \"Foo\", (PyObject *)&Foo_Type) < 0) {\n"
                + "        Py_DECREF(m);\n"
                + "        return NULL;\n"
                + "    }\n"
                + "    return m;\n"
                + "}\n"
                + "";
        String out = migrate(c, 11).output();
        assertTrue(out.contains("static PyObject *\nmake(\n    m_state *st,\n    long v)\n{\n"), out);
        assertTrue(out.contains("    return make(st, self->v);\n"), out);
    }

    @Test
    void metatypeSetByAMacroOfTheFileIsTheReasonGiven() {
        // contract: clause 4 with the real reason; _ctypes' MOD_ADD_TYPE(&Struct_Type, &PyCStructType_Type, ...)
        // gives Struct_Type a metatype of the file, which needs PyType_FromMetaclass (3.12)
        String c = """
                #include "Python.h"

                static PyTypeObject Meta_Type = {
                    PyVarObject_HEAD_INIT(NULL, 0)
                    .tp_name = "m.Meta",
                    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                };

                static PyTypeObject Foo_Type = {
                    PyVarObject_HEAD_INIT(NULL, 0)
                    .tp_name = "m.Foo",
                    .tp_basicsize = sizeof(PyObject),
                    .tp_flags = Py_TPFLAGS_DEFAULT,
                    .tp_new = PyType_GenericNew,
                };

                static struct PyModuleDef m_module = {
                    PyModuleDef_HEAD_INIT,
                    .m_name = "m",
                    .m_size = -1,
                };

                PyMODINIT_FUNC
                PyInit_m(void)
                {
                    PyObject *m = PyModule_Create(&m_module);
                    if (m == NULL) {
                        return NULL;
                    }
                #define ADD_TYPE(TYPE_EXPR, TP_TYPE, TP_BASE) \\
                    do { \\
                        PyTypeObject *type = (TYPE_EXPR); \\
                        Py_SET_TYPE(type, TP_TYPE); \\
                        type->tp_base = TP_BASE; \\
                        if (PyModule_AddType(m, type) < 0) { \\
                            return NULL; \\
                        } \\
                    } while (0)

                    ADD_TYPE(&Meta_Type, &PyType_Type, &PyType_Type);
                    ADD_TYPE(&Foo_Type, &Meta_Type, NULL);
                    return m;
                }
                """;
        MigrationAssert.assertUnchanged(c,
                "m.c:3:1: warning: type 'Meta_Type' is set up by macro 'ADD_TYPE', which sets type fields; "
                        + "left static [initializer-unparsed]",
                "m.c:9:1: warning: type 'Foo_Type' has the metatype '&Meta_Type' (set by macro 'ADD_TYPE'); "
                        + "PyType_FromMetaclass needs 3.12; left static [metaclass-needs-3.12]");
    }

    @Test
    void stateIsDeclaredBeforeAPrototypeOfAHelperThatTakesIt() {
        // contract: clause 5; pywatchman's bser.c declares a recursive helper at the top of the file,
        // and its new state parameter named a type declared only further down
        String c = module("static PyTypeObject Foo_Type;\n\nstatic PyObject *make(long v);\n\n"
                + "static PyObject *\nFoo_clone(FooObject *self, PyObject *unused)\n{\n    return make(self->v);\n}\n\n"
                + "static PyObject *\nmake(long v)\n{\n    return (PyObject *)PyObject_New(FooObject, &Foo_Type);\n}\n\n"
                + "static PyMethodDef Foo_methods[] = {\n    {\"clone\", (PyCFunction)Foo_clone, METH_NOARGS, NULL},\n"
                + "    {NULL, NULL}\n};\n\n"
                + "static PyTypeObject Foo_Type = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n    .tp_name = \"m.Foo\",\n"
                + "    .tp_basicsize = sizeof(FooObject),\n    .tp_methods = Foo_methods,\n};\n", ADD);
        String out = migrate(c, 11).output();
        int state = out.indexOf("} m_state;");
        int prototype = out.indexOf("static PyObject *make(m_state *st, long v);");
        assertTrue(state >= 0 && prototype > state, out);
    }
}
