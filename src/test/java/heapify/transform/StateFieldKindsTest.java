package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Rules state-borrowed-reference and state-field-void-pointer: how a moved pointer global's field is declared and kept. */
class StateFieldKindsTest {
    /** {@code last} points to a struct declared after the first user of the state, and is never owned. */
    private static final String BEFORE = """
            #include "Python.h"

            static PyTypeObject Foo_Type;

            static PyObject *
            foo_new(PyObject *module, PyObject *unused)
            {
                return (PyObject *)PyObject_New(PyObject, &Foo_Type);
            }

            typedef struct {
                PyObject_HEAD
                PyObject *v;
            } FooObject;

            static FooObject *last = NULL;

            static PyObject *
            foo_keep(PyObject *module, PyObject *op)
            {
                PyObject *was = (PyObject *)last;
                last = (FooObject *)op;
                return was == NULL ? Py_None : was;
            }

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
            };

            static PyMethodDef m_methods[] = {
                {"new", foo_new, METH_NOARGS, NULL},
                {"keep", foo_keep, METH_O, NULL},
                {NULL, NULL}
            };

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
                .m_methods = m_methods,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                return PyModule_Create(&m_module);
            }
            """;

    private static final String AFTER = """
            #include "Python.h"

            typedef struct {
                PyTypeObject *Foo_Type;
                void *last;  /* FooObject *, declared below */
            } m_state;

            static inline m_state *
            get_m_state(PyObject *module)
            {
                void *state = PyModule_GetState(module);
                assert(state != NULL);
                return (m_state *)state;
            }

            static int
            m_traverse(PyObject *module, visitproc visit, void *arg)
            {
                m_state *st = get_m_state(module);
                Py_VISIT(st->Foo_Type);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state *st = get_m_state(module);
                Py_CLEAR(st->Foo_Type);
                return 0;
            }

            static void
            m_free(void *module)
            {
                (void)m_clear((PyObject *)module);
            }

            static PyObject *
            foo_new(PyObject *module, PyObject *unused)
            {
                m_state *st = get_m_state(module);
                return (PyObject *)PyObject_New(PyObject, st->Foo_Type);
            }

            typedef struct {
                PyObject_HEAD
                PyObject *v;
            } FooObject;

            static PyObject *
            foo_keep(PyObject *module, PyObject *op)
            {
                m_state *st = get_m_state(module);
                PyObject *was = (PyObject *)st->last;
                st->last = (FooObject *)op;
                return was == NULL ? Py_None : was;
            }

            static PyType_Slot Foo_slots[] = {
                {0, NULL},
            };

            static PyType_Spec Foo_spec = {
                .name = "m.Foo",
                .basicsize = sizeof(FooObject),
                .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE |
                          Py_TPFLAGS_DISALLOW_INSTANTIATION),
                .slots = Foo_slots,
            };

            static PyMethodDef m_methods[] = {
                {"new", foo_new, METH_NOARGS, NULL},
                {"keep", foo_keep, METH_O, NULL},
                {NULL, NULL}
            };

            static int
            m_exec(PyObject *module)
            {
                m_state *st = get_m_state(module);
                st->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    module, &Foo_spec, NULL);
                if (st->Foo_Type == NULL) {
                    return -1;
                }
                return 0;
            }

            static PyModuleDef_Slot m_slots[] = {
                {Py_mod_exec, m_exec},
            #if PY_VERSION_HEX >= 0x030C0000
                {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
            #endif
                /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
                {0, NULL},
            };

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = sizeof(m_state),
                .m_methods = m_methods,
                .m_slots = m_slots,
                .m_traverse = m_traverse,
                .m_clear = m_clear,
                .m_free = m_free,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                return PyModuleDef_Init(&m_module);
            }
            """;

    @Test
    void aBorrowedPointerToALaterTypeIsAVoidPointerNeitherVisitedNorCleared() {
        assertMigrates(BEFORE, AFTER,
                "m.c:16:1: note: 'last' is a pointer the file never owns (no reference count macro, only assigned from variables): its state field is not visited or cleared [state-borrowed-reference]",
                "m.c:16:1: note: 'last' points to 'FooObject', which the file declares after the module state: its field is a void pointer, which every use converts implicitly [state-field-void-pointer]",
                "m.c:26:1: note: 'Foo_Type' instances hold object references but the type is not GC, as before; heapify does not add Py_TPFLAGS_HAVE_GC (every allocation and the dealloc would change) [gc-flag-needed]");
        assertRerunReportsTheSame(AFTER);
    }

    @Test
    void aPointerTheFileReleasesIsAStrongReference() {
        // Py_XDECREF owns it: visited and cleared as before, and no note
        String c = BEFORE.replace("    last = (FooObject *)op;\n", "    Py_XDECREF(last);\n    last = (FooObject *)op;\n");
        String out = MigrationAssert.migrate(Path.of("m.c"), c, 11).output();
        assertTrue(out.contains("    Py_VISIT(st->last);\n") && out.contains("    Py_CLEAR(st->last);\n"), out);
    }

    @Test
    void aPointerAssignedFromACallIsAStrongReference() {
        String c = BEFORE.replace("last = (FooObject *)op;", "last = (FooObject *)PyObject_GetAttrString(op, \"x\");");
        String out = MigrationAssert.migrate(Path.of("m.c"), c, 11).output();
        assertTrue(out.contains("    Py_VISIT(st->last);\n"), out);
    }

    @Test
    void aPointerThatIsDereferencedKeepsItsType() {
        String c = BEFORE.replace("    PyObject *was = (PyObject *)last;\n", "    PyObject *was = last->v;\n");
        String out = MigrationAssert.migrate(Path.of("m.c"), c, 11).output();
        assertTrue(!out.contains("void *last;"), out);
    }
}
