package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;

import org.junit.jupiter.api.Test;

/**
 * Rule 6 for a {@code PyModuleDef} written inside its single-phase {@code PyInit_} (pillow's
 * {@code _imagingcms}, {@code _imagingmath}; pygame's modules): it is the module's definition all
 * the same, and multi-phase init moves it to file scope after exec, where {@code PyInit_} can
 * hand it to {@code PyModuleDef_Init}. Before, heapify found no definition and left the module
 * single-phase with {@code [initializer-unparsed]}, its types static.
 */
class LocalModuleDefTest {
    private static final String BEFORE = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
                long v;
            } FooObject;

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m;

                static PyModuleDef m_module = {
                    PyModuleDef_HEAD_INIT,
                    "m",  /* m_name */
                    NULL, /* m_doc */
                    -1,   /* m_size */
                };

                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                Py_INCREF(&Foo_Type);
                if (PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type) < 0) {
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    private static final String AFTER = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
                long v;
            } FooObject;

            static PyType_Slot Foo_slots[] = {
                {Py_tp_new, PyType_GenericNew},
                {0, NULL},
            };

            static PyType_Spec Foo_spec = {
                .name = "m.Foo",
                .basicsize = sizeof(FooObject),
                .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
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

            static PyModuleDef m_module = {
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
    void definitionInsideSinglePhaseInitMovesToFileScope() {
        assertMigrates(BEFORE, AFTER);
        assertRerunReportsTheSame(AFTER);
    }

    /**
     * A multi-phase init's local definition names local slots too: heapify does not move that init,
     * and, with nothing static to migrate, has nothing to say (a definition is not process-wide
     * state: earlier heapify flagged it as a function-level static).
     */
    @Test
    void definitionInsideMultiPhaseInitIsLeftWhereItIs() {
        String before = """
                #include "Python.h"

                static int
                mp_exec(PyObject *m)
                {
                    return PyModule_AddIntConstant(m, "answer", 42);
                }

                PyMODINIT_FUNC
                PyInit_mp(void)
                {
                    static PyModuleDef_Slot slots[] = {
                        {Py_mod_exec, mp_exec},
                        {0, NULL},
                    };
                    static PyModuleDef mp_module = {
                        PyModuleDef_HEAD_INIT,
                        .m_name = "mp",
                        .m_slots = slots,
                    };
                    return PyModuleDef_Init(&mp_module);
                }
                """;
        assertMigrates(before, before);
    }
}
