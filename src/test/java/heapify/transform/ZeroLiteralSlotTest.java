package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;

import org.junit.jupiter.api.Test;

/**
 * Rule 2: a positional initializer that writes its empty slots as {@code 0L} (pygame's
 * {@code key.c}, {@code _camera.c}) sets them to null like {@code 0}: any integer constant zero
 * is a null pointer constant in C, so the slots are left out of the spec.
 */
class ZeroLiteralSlotTest {
    private static final String BEFORE = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
            } FooObject;

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                "m.Foo",                  /* tp_name */
                sizeof(FooObject),        /* tp_basicsize */
                0L,                       /* tp_itemsize */
                0L,                       /* tp_dealloc */
                0L,                       /* tp_vectorcall_offset */
                0L,                       /* tp_getattr */
                0L,                       /* tp_setattr */
                0L,                       /* tp_as_async */
                0L,                       /* tp_repr */
                0L,                       /* tp_as_number */
                0L,                       /* tp_as_sequence */
                0L,                       /* tp_as_mapping */
                0L,                       /* tp_hash */
                0L,                       /* tp_call */
                0L,                       /* tp_str */
                0L,                       /* tp_getattro */
                0L,                       /* tp_setattro */
                0UL,                      /* tp_as_buffer */
                Py_TPFLAGS_DEFAULT,       /* tp_flags */
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

            typedef struct {
                PyObject_HEAD
            } FooObject;

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
    void suffixedZerosAreNullSlots() {
        assertMigrates(BEFORE, AFTER);
        assertRerunReportsTheSame(AFTER);
    }
}
