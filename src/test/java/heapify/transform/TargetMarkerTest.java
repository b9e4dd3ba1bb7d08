package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;
import static heapify.transform.MigrationAssert.assertUnchanged;

import org.junit.jupiter.api.Test;

/**
 * Rule 2, {@code #if} inside an initializer ({@code model.PythonTwoBranch.alwaysCompiled}):
 * {@code #ifdef USE_RICH_COMPARISON} / {@code .tp_richcompare} / {@code #else} / {@code .tp_compare}
 * where the file defines the marker only under {@code PY_MAJOR_VERSION > 2} and
 * {@code PY_MINOR_VERSION >= 5} (audit's auparse) is the first branch on every target; the
 * {@code #else} is no target's. Reduced from the idiom, not the package's code.
 */
class TargetMarkerTest {
    private static final String RICH = """
            #include "Python.h"

            #if PY_MAJOR_VERSION > 2
            #if PY_MINOR_VERSION >= 5
            #define USE_RICH_COMPARISON
            #endif
            #endif

            typedef struct {
                PyObject_HEAD
                long v;
            } FooObject;

            #ifdef USE_RICH_COMPARISON
            static PyObject *
            Foo_richcompare(PyObject *a, PyObject *b, int op)
            {
                Py_RETURN_NOTIMPLEMENTED;
            }
            #else
            static int
            Foo_compare(PyObject *a, PyObject *b)
            {
                return 0;
            }
            #endif

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
            #ifdef USE_RICH_COMPARISON
                .tp_richcompare = Foo_richcompare,
            #else
                .tp_compare = Foo_compare,
            #endif
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
            };

            static struct PyModuleDef m_def = {
                PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL, NULL, NULL, NULL, NULL
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m = PyModule_Create(&m_def);
                if (m == NULL) {
                    return NULL;
                }
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                Py_INCREF(&Foo_Type);
                if (PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type) < 0) {
                    return NULL;
                }
                return m;
            }
            """;

    private static final String RICH_AFTER = """
            #include "Python.h"

            #if PY_MAJOR_VERSION > 2
            #if PY_MINOR_VERSION >= 5
            #define USE_RICH_COMPARISON
            #endif
            #endif

            typedef struct {
                PyObject_HEAD
                long v;
            } FooObject;

            #ifdef USE_RICH_COMPARISON
            static PyObject *
            Foo_richcompare(PyObject *a, PyObject *b, int op)
            {
                Py_RETURN_NOTIMPLEMENTED;
            }
            #else
            static int
            Foo_compare(PyObject *a, PyObject *b)
            {
                return 0;
            }
            #endif

            static PyType_Slot Foo_slots[] = {
                {Py_tp_richcompare, Foo_richcompare},
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

            static struct PyModuleDef m_def = {
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
                return PyModuleDef_Init(&m_def);
            }
            """;

    @Test
    void markerEveryTargetDefinesSelectsTheFirstBranch() {
        // contract: the type migrates with the first branch's slot; the #else (tp_compare, a
        // Python 2 field) is read as no target's and goes with the initializer
        assertMigrates(RICH, RICH_AFTER);
        assertRerunReportsTheSame(RICH_AFTER);
    }

    @Test
    void markerDefinedUnderAPlatformTestStaysAGuard() {
        // contract: under '#ifdef _WIN32' the marker is not defined on every target: type left
        // static, with the reason
        String before = RICH.replace("#if PY_MINOR_VERSION >= 5", "#ifdef _WIN32");
        assertUnchanged(before, "m.c:28:1: warning: '#ifdef USE_RICH_COMPARISON' inside the initializer of "
                + "'Foo_Type' is not a version guard the target always meets; left static [initializer-unparsed]");
    }
}
