package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;

import org.junit.jupiter.api.Test;

/**
 * Rule 7: a type whose {@code tp_flags} is a macro of the file that holds
 * {@code Py_TPFLAGS_BASETYPE} (pygame's {@code BUFFER_TPFLAGS}, {@code MIXIN_TPFLAGS}) can have
 * Python subclasses, whose ht_module is NULL: its methods must find the state by definition,
 * not with {@code PyType_GetModuleState(Py_TYPE(self))}, which crashed pygame's newbuffer tests.
 */
class FlagsMacroTest {
    private static final String BEFORE = """
            #include "Python.h"

            #define FOO_TPFLAGS (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE)

            typedef struct {
                PyObject_HEAD
            } FooObject;

            static PyTypeObject Foo_Type;

            static PyObject *
            Foo_copy(PyObject *self, PyObject *unused)
            {
                return PyType_GenericAlloc(&Foo_Type, 0);
            }

            static PyMethodDef Foo_methods[] = {
                {"copy", Foo_copy, METH_NOARGS, NULL},
                {NULL, NULL, 0, NULL},
            };

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = FOO_TPFLAGS,
                .tp_methods = Foo_methods,
                .tp_new = PyType_GenericNew,
            };

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m;
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                Py_INCREF(&Foo_Type);
                if (PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type) < 0) {
                    Py_DECREF(&Foo_Type);
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    private static final String AFTER = """
            #include "Python.h"

            #define FOO_TPFLAGS (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE)

            typedef struct {
                PyObject_HEAD
            } FooObject;

            typedef struct {
                PyTypeObject *Foo_Type;
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

            static struct PyModuleDef m_module;

            static PyObject *
            Foo_copy(PyObject *self, PyObject *unused)
            {
                m_state *st = get_m_state(PyType_GetModuleByDef(Py_TYPE(self), &m_module));
                return PyType_GenericAlloc(st->Foo_Type, 0);
            }

            static PyMethodDef Foo_methods[] = {
                {"copy", Foo_copy, METH_NOARGS, NULL},
                {NULL, NULL, 0, NULL},
            };

            static PyType_Slot Foo_slots[] = {
                {Py_tp_methods, Foo_methods},
                {Py_tp_new, PyType_GenericNew},
                {0, NULL},
            };

            static PyType_Spec Foo_spec = {
                .name = "m.Foo",
                .basicsize = sizeof(FooObject),
                .flags = FOO_TPFLAGS | Py_TPFLAGS_IMMUTABLETYPE,
                .slots = Foo_slots,
            };

            static int
            m_exec(PyObject *m)
            {
                m_state *st = get_m_state(m);
                st->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    m, &Foo_spec, NULL);
                if (st->Foo_Type == NULL) {
                    return -1;
                }
                if (PyModule_AddType(m, st->Foo_Type) < 0) {
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
    void baseTypeFlagInAMacroGetsTheLookupByDefinition() {
        assertMigrates(BEFORE, AFTER);
        assertRerunReportsTheSame(AFTER);
    }
}
