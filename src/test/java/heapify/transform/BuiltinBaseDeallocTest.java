package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.apply.FileMigrator;
import heapify.render.Renderer;
import heapify.source.SourceText;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Rule 4, the dealloc of a subclass of a static builtin (BuiltinBaseDealloc): before, and the bytes after. */
class BuiltinBaseDeallocTest {
    private static final Renderer RENDERER =
            new Renderer(Path.of(System.getProperty("heapify.root", "."), "templates"));

    private static FileMigrator.Result migrate(String c) {
        return new FileMigrator(RENDERER, new Options(11)).migrate(SourceText.of(Path.of("m.c"), c), "m.c");
    }

    /** A list subclass that inherits list_dealloc (xxsubtype's spamlist). */
    private static final String MYLIST = """
            #include "Python.h"

            typedef struct {
                PyListObject list;
                int state;
            } MyListObject;

            static PyTypeObject MyList_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.MyList",
                .tp_basicsize = sizeof(MyListObject),
                .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                .tp_base = &PyList_Type,
            };

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m;
                if (PyType_Ready(&MyList_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                Py_INCREF(&MyList_Type);
                if (PyModule_AddObject(m, "MyList", (PyObject *)&MyList_Type) < 0) {
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    @Test
    void aListSubclassWithoutDeallocGetsOneThatCallsTheBase() {
        FileMigrator.Result r = migrate(MYLIST);
        assertEquals("m.c:8:1: note: 'MyList_Type' had no dealloc and inherited PyList_Type's; as a heap type it"
                + " gets 'MyList_dealloc', which calls PyList_Type.tp_dealloc and releases the type, instead of the"
                + " generic subtype_dealloc [builtin-base-dealloc]", r.formattedDiagnostics().get(0));
        assertTrue(r.diff().startsWith("""
                --- a/m.c
                +++ b/m.c
                @@ -5,35 +5,108 @@
                     int state;
                 } MyListObject;
                \s
                -static PyTypeObject MyList_Type = {
                -    PyVarObject_HEAD_INIT(NULL, 0)
                -    .tp_name = "m.MyList",
                -    .tp_basicsize = sizeof(MyListObject),
                -    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                -    .tp_base = &PyList_Type,
                +static void
                +MyList_dealloc(PyObject *self)
                +{
                +    PyTypeObject *tp = Py_TYPE(self);
                +    PyObject_GC_UnTrack(self);
                +    Py_TRASHCAN_BEGIN(self, MyList_dealloc)
                +    PyList_Type.tp_dealloc(self);
                +    Py_DECREF(tp);
                +    Py_TRASHCAN_END
                +}
                +
                +static int
                +MyList_traverse(PyObject *self, visitproc visit, void *arg)
                +{
                +    Py_VISIT(Py_TYPE(self));
                +    return PyList_Type.tp_traverse(self, visit, arg);
                +}
                +
                +static PyType_Slot MyList_slots[] = {
                +    {Py_tp_dealloc, MyList_dealloc},
                +    {Py_tp_traverse, MyList_traverse},
                +    {0, NULL},
                 };
                """), r.diff());
        assertEquals(r.output(), migrate(r.output()).output(), "a second run changes nothing");
    }

    @Test
    void weakReferencesADictOrAnOwnDeallocKeepWhatWasThere() {
        // subtype_dealloc clears weak references and a __dict__ the base's dealloc knows nothing of
        for (String field : new String[] {"    .tp_weaklistoffset = sizeof(PyListObject),\n",
                "    .tp_dictoffset = sizeof(PyListObject),\n"}) {
            String c = MYLIST.replace("    .tp_base = &PyList_Type,\n", "    .tp_base = &PyList_Type,\n" + field);
            assertFalse(c.equals(MYLIST));
            FileMigrator.Result r = migrate(c);
            assertFalse(r.output().contains("MyList_dealloc"), r.output());
            assertTrue(r.diagnostics().stream().noneMatch(d -> d.ruleId().equals("builtin-base-dealloc")), field);
        }
        // a dealloc of its own is kept, and gets the type released (FixDeallocAndTraverse)
        String own = MYLIST.replace("static PyTypeObject MyList_Type = {", "static void\nMyList_free(PyObject *self)\n"
                + "{\n    PyList_Type.tp_dealloc(self);\n}\n\nstatic PyTypeObject MyList_Type = {")
                .replace("    .tp_base = &PyList_Type,\n", "    .tp_base = &PyList_Type,\n    .tp_dealloc = MyList_free,\n");
        FileMigrator.Result r = migrate(own);
        assertTrue(r.output().contains("{Py_tp_dealloc, MyList_free},"), r.output());
        assertTrue(r.diagnostics().stream().noneMatch(d -> d.ruleId().equals("builtin-base-dealloc")), r.output());
        // a base that is no known builtin, here none at all: nothing added
        String plain = MYLIST.replace("    .tp_base = &PyList_Type,\n", "");
        assertFalse(migrate(plain).output().contains("_dealloc"));
    }
}
