package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;
import static heapify.transform.MigrationAssert.assertUnchanged;

import org.junit.jupiter.api.Test;

/**
 * Rule python2-entry-point ({@code model.PythonTwoInitHead}, {@code transform.DropPythonTwoInit}):
 * an init head split by {@code #if} between {@code PyInit_m(void)} and a Python 2
 * {@code initm(void)} sharing one body (audit's auparse, cffi's _cffi_backend) is read as
 * {@code PyInit_m}; the exec head replaces the Python 3 head and the conditional goes with its
 * Python 2 branch. Examples reduced from the idiom, not the packages' code.
 */
class PythonTwoEntryPointTest {
    private static final String BRIEF = """
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

            static struct PyModuleDef m_def = {
                PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL, NULL, NULL, NULL, NULL
            };

            PyMODINIT_FUNC
            #if PY_MAJOR_VERSION >= 3
            PyInit_m(void)
            #else
            initm(void)
            #endif
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

    private static final String BRIEF_AFTER = """
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

    private static final String MARKER = """
            #include "Python.h"

            #if PY_MAJOR_VERSION > 2
            #define IS_PY3K
            #define MODINITERROR return NULL
            #else
            #define MODINITERROR return
            #endif

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

            #ifdef IS_PY3K
            static struct PyModuleDef m_def = {
                PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL, NULL, NULL, NULL, NULL
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            #else
            PyMODINIT_FUNC
            initm(void)
            #endif
            {
                PyObject *m;

                if (PyType_Ready(&Foo_Type) < 0)
                    return NULL;
            #ifdef IS_PY3K
                m = PyModule_Create(&m_def);
            #else
                m = Py_InitModule3("m", NULL, NULL);
            #endif
                if (m == NULL)
                    return NULL;
                Py_INCREF(&Foo_Type);
                if (PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type) < 0)
                    return NULL;
            #ifdef IS_PY3K
                return m;
            #endif
            }
            """;

    private static final String MARKER_AFTER = """
            #include "Python.h"

            #if PY_MAJOR_VERSION > 2
            #define IS_PY3K
            #define MODINITERROR return NULL
            #else
            #define MODINITERROR return
            #endif

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
                if (PyModule_AddType(m, st->Foo_Type) < 0)
                    return -1;
            #ifdef IS_PY3K
                return 0;
            #endif
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

    private static final String MACRO = """
            #include "Python.h"

            #if PY_MAJOR_VERSION > 2
            #define IS_PY3K
            #define MODINITERROR return NULL
            #else
            #define MODINITERROR return
            #endif

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

            #ifdef IS_PY3K
            static struct PyModuleDef m_def = {
                PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL, NULL, NULL, NULL, NULL
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            #else
            PyMODINIT_FUNC
            initm(void)
            #endif
            {
                PyObject *m;

                if (PyType_Ready(&Foo_Type) < 0)
                    MODINITERROR;
            #ifdef IS_PY3K
                m = PyModule_Create(&m_def);
            #else
                m = Py_InitModule3("m", NULL, NULL);
            #endif
                if (m == NULL)
                    MODINITERROR;
                Py_INCREF(&Foo_Type);
                if (PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type) < 0)
                    MODINITERROR;
            #ifdef IS_PY3K
                return m;
            #endif
            }
            """;

    private static final String MACRO_AFTER = """
            #include "Python.h"

            #if PY_MAJOR_VERSION > 2
            #define IS_PY3K
            #define MODINITERROR return -1
            #else
            #define MODINITERROR return
            #endif

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
                if (PyModule_AddType(m, st->Foo_Type) < 0)
                    MODINITERROR;
            #ifdef IS_PY3K
                return 0;
            #endif
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

    private static final String CFFI = """
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

            #if PY_MAJOR_VERSION >= 3
            static struct PyModuleDef m_def = {
                PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL, NULL, NULL, NULL, NULL
            };
            #define INITERROR return NULL

            PyMODINIT_FUNC
            PyInit_m(void)
            #else
            #define INITERROR return

            PyMODINIT_FUNC
            initm(void)
            #endif
            {
                PyObject *m;
            #if PY_MAJOR_VERSION >= 3
                m = PyModule_Create(&m_def);
            #else
                m = Py_InitModule("m", NULL);
            #endif
                if (m == NULL) {
                    INITERROR;
                }
                if (PyType_Ready(&Foo_Type) < 0) {
                    INITERROR;
                }
                Py_INCREF(&Foo_Type);
                if (PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type) < 0) {
                    INITERROR;
                }
            #if PY_MAJOR_VERSION >= 3
                return m;
            #endif
            }
            """;

    private static final String CFFI_AFTER = """
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

            #define INITERROR return -1

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
                    INITERROR;
                }
            #if PY_MAJOR_VERSION >= 3
                return 0;
            #endif
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

    private static final String NOTE = "m.c:20:1: note: the Python 2 entry point 'initm' and its #if are "
            + "dropped: a module of heap types builds on Python 3 only [python2-entry-point]";

    @Test
    void splitNameMigratesAsItsPythonThreeHead() {
        // contract: PyMODINIT_FUNC / #if PY_MAJOR_VERSION >= 3 / PyInit_m(void) / #else / initm(void) / #endif
        // becomes the exec head alone, and the module goes multi-phase with its type in the state
        assertMigrates(BRIEF, BRIEF_AFTER, NOTE);
        assertRerunReportsTheSame(BRIEF_AFTER);
    }

    @Test
    void pythonTwoBranchFirstGivesTheSameOutput() {
        // contract: #if PY_MAJOR_VERSION < 3 / initm(void) / #else / PyInit_m(void) / #endif; heapify
        // used to replace that head up to PyInit_m(void) and leave '#endif' without its '#if'
        String before = BRIEF.replace("#if PY_MAJOR_VERSION >= 3\nPyInit_m(void)\n#else\ninitm(void)\n",
                "#if PY_MAJOR_VERSION < 3\ninitm(void)\n#else\nPyInit_m(void)\n");
        assertMigrates(before, BRIEF_AFTER, NOTE);
    }

    @Test
    void conditionalAroundDefinitionAndHeadsGoesWhole() {
        // contract: #ifdef IS_PY3K (the file's own Python 3 marker) around the module definition
        // and the Python 3 head: the definition moves after exec, the #ifdef/#else/#endif lines
        // and the Python 2 head go, one blank line stays before exec; in the body the conditional
        // around PyModule_Create and Py_InitModule3 goes whole, with the NULL check after it
        assertMigrates(MARKER, MARKER_AFTER, NOTE.replace("m.c:20:1", "m.c:28:1"));
        assertRerunReportsTheSame(MARKER_AFTER);
    }

    @Test
    void pythonTwoBranchWithMoreThanTheHeadStaysUnread() {
        // contract: an #include in the Python 2 branch is not the head's: the file stays as it
        // was, with the reason
        String before = BRIEF.replace("#else\ninitm(void)", "#else\n#include \"py2compat.h\"\ninitm(void)");
        assertUnchanged(before, "m.c:8:1: warning: type 'Foo_Type' left static: the file creates its module, but "
                + "the header of 'PyInit_m' is split by #if from the 'initm' header that shares its body (a Python 2 "
                + "entry point), which heapify does not separate; file left unchanged [no-init-function]");
    }

    @Test
    void initReturningThroughABareReturnMacroMigrates() {
        // contract: #define MODINITERROR return NULL (Python 3) / return (Python 2), named only in init:
        // the Python 3 definition returns -1 in exec; the Python 2 one is left as it was
        assertMigrates(MACRO, MACRO_AFTER, NOTE.replace("m.c:20:1", "m.c:28:1"));
        assertRerunReportsTheSame(MACRO_AFTER);
    }

    @Test
    void macroDefinedInEachBranchOfTheSplitHead() {
        // contract: cffi's shape: the module definition and '#define INITERROR return NULL' in the
        // Python 3 branch, '#define INITERROR return' in the Python 2 one; the definition that stays
        // returns -1, the other goes with its branch
        assertMigrates(CFFI, CFFI_AFTER, NOTE.replace("m.c:20:1", "m.c:22:1"));
        assertRerunReportsTheSame(CFFI_AFTER);
    }
}
