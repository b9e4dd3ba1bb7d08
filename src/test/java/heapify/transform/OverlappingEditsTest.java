package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;

import org.junit.jupiter.api.Test;

/**
 * Inputs FuzzTest found that ended in an {@code [internal-error]} (two transformers planned
 * overlapping edits, so the file was left unchanged): each now migrates, byte for byte, and a
 * second run on the output changes nothing.
 */
class OverlappingEditsTest {
    @Test
    void readyWithoutBracesWhoseBodyCreatesTheModule() {
        // fuzz m01598/m02056: the if was both replaced by the type's creation and deleted as the module's creation
        assertMigrates(READY_BODY_CREATES, READY_BODY_CREATES_AFTER);
        assertRerunReportsTheSame(READY_BODY_CREATES_AFTER);
    }

    @Test
    void macroDefinedInsideTheModuleDefinitionStaysAndGetsTheState() {
        // fuzz m02329: the definition's deletion covered the #define that gets a state parameter
        assertMigrates(MACRO_IN_DEF, MACRO_IN_DEF_AFTER);
        assertRerunReportsTheSame(MACRO_IN_DEF_AFTER);
    }

    static final String READY_BODY_CREATES = """
            #include "Python.h"

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(PyObject),
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
                if (PyType_Ready(&Foo_Type) < 0)
                    m = PyModule_Create(&m_module);
                return m;
            }
            """;

    static final String READY_BODY_CREATES_AFTER = """
            #include "Python.h"

            static PyType_Slot Foo_slots[] = {
                {0, NULL},
            };

            static PyType_Spec Foo_spec = {
                .name = "m.Foo",
                .basicsize = sizeof(PyObject),
                .flags = Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION,
                .slots = Foo_slots,
            };

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

            static int
            m_exec(PyObject *m)
            {
                m_state *st = get_m_state(m);
                st->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    m, &Foo_spec, NULL);
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

    static final String MACRO_IN_DEF = """
            #include "Python.h"

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(PyObject),
            };

            static struct PyModuleDef m_module = {
            #define Foo_Check(op) PyObject_TypeCheck(op, &Foo_Type)
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
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

    static final String MACRO_IN_DEF_AFTER = """
            #include "Python.h"

            static PyType_Slot Foo_slots[] = {
                {0, NULL},
            };

            static PyType_Spec Foo_spec = {
                .name = "m.Foo",
                .basicsize = sizeof(PyObject),
                .flags = Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION,
                .slots = Foo_slots,
            };

            #define Foo_Check(st, op) PyObject_TypeCheck(op, (st)->Foo_Type)

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
}
