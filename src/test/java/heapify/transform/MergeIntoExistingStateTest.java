package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.apply.FileMigrator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule state-merged: a single-phase module with its own state, reached through
 * {@code PyState_FindModule} (as _pickle and _elementtree), keeps that state and stays
 * single-phase; its types join the state and are created in PyInit after the module exists.
 */
class MergeIntoExistingStateTest {
    private static final String BEFORE = """
            #include "Python.h"

            typedef struct {
                PyObject *error;
            } m_state;

            static struct PyModuleDef m_module;

            static m_state *
            get_m_state(PyObject *module)
            {
                return (m_state *)PyModule_GetState(module);
            }

            /* the state of this interpreter's module */
            static m_state *
            m_global_state(void)
            {
                return get_m_state(PyState_FindModule(&m_module));
            }

            typedef struct {
                PyObject_HEAD
                long value;
            } FooObject;

            static void
            Foo_dealloc(FooObject *self)
            {
                PyObject_Free(self);
            }

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_dealloc = (destructor)Foo_dealloc,
                .tp_flags = Py_TPFLAGS_DEFAULT,
            };

            static PyObject *
            make_foo(PyObject *module, PyObject *arg)
            {
                FooObject *self = PyObject_New(FooObject, &Foo_Type);
                if (self == NULL) {
                    return NULL;
                }
                self->value = PyLong_AsLong(arg);
                return (PyObject *)self;
            }

            static PyMethodDef m_methods[] = {
                {"make_foo", make_foo, METH_O, NULL},
                {NULL, NULL},
            };

            static int
            m_traverse(PyObject *module, visitproc visit, void *arg)
            {
                m_state *st = get_m_state(module);
                Py_VISIT(st->error);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state *st = get_m_state(module);
                Py_CLEAR(st->error);
                return 0;
            }

            static void
            m_free(void *module)
            {
                m_clear((PyObject *)module);
            }

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = sizeof(m_state),
                .m_methods = m_methods,
                .m_traverse = m_traverse,
                .m_clear = m_clear,
                .m_free = m_free,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m;
                m_state *st;

                m = PyState_FindModule(&m_module);
                if (m) {
                    return Py_NewRef(m);
                }
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                st = get_m_state(m);
                st->error = PyErr_NewException("m.error", NULL, NULL);
                if (st->error == NULL) {
                    Py_DECREF(m);
                    return NULL;
                }
                if (PyModule_AddObjectRef(m, "Foo", (PyObject *)&Foo_Type) < 0) {
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    private static final String AFTER = """
            #include "Python.h"

            typedef struct {
                PyObject *error;
                PyTypeObject *Foo_Type;
            } m_state;

            static struct PyModuleDef m_module;

            static m_state *
            get_m_state(PyObject *module)
            {
                return (m_state *)PyModule_GetState(module);
            }

            /* the state of this interpreter's module */
            static m_state *
            m_global_state(void)
            {
                return get_m_state(PyState_FindModule(&m_module));
            }

            typedef struct {
                PyObject_HEAD
                long value;
            } FooObject;

            static void
            Foo_dealloc(FooObject *self)
            {
                PyTypeObject *tp = Py_TYPE(self);
                PyObject_Free(self);
                Py_DECREF(tp);
            }

            static PyType_Slot Foo_slots[] = {
                {Py_tp_dealloc, (destructor)Foo_dealloc},
                {0, NULL},
            };

            static PyType_Spec Foo_spec = {
                .name = "m.Foo",
                .basicsize = sizeof(FooObject),
                .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE |
                          Py_TPFLAGS_DISALLOW_INSTANTIATION),
                .slots = Foo_slots,
            };

            static PyObject *
            make_foo(PyObject *module, PyObject *arg)
            {
                FooObject *self = PyObject_New(FooObject, m_global_state()->Foo_Type);
                if (self == NULL) {
                    return NULL;
                }
                self->value = PyLong_AsLong(arg);
                return (PyObject *)self;
            }

            static PyMethodDef m_methods[] = {
                {"make_foo", make_foo, METH_O, NULL},
                {NULL, NULL},
            };

            static int
            m_traverse(PyObject *module, visitproc visit, void *arg)
            {
                m_state *st = get_m_state(module);
                Py_VISIT(st->error);
                Py_VISIT(st->Foo_Type);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state *st = get_m_state(module);
                Py_CLEAR(st->error);
                Py_CLEAR(st->Foo_Type);
                return 0;
            }

            static void
            m_free(void *module)
            {
                m_clear((PyObject *)module);
            }

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = sizeof(m_state),
                .m_methods = m_methods,
                .m_traverse = m_traverse,
                .m_clear = m_clear,
                .m_free = m_free,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m;
                m_state *st;

                m = PyState_FindModule(&m_module);
                if (m) {
                    return Py_NewRef(m);
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                st = get_m_state(m);
                st->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    m, &Foo_spec, NULL);
                if (st->Foo_Type == NULL) {
                    Py_DECREF(m);
                    return NULL;
                }
                st->error = PyErr_NewException("m.error", NULL, NULL);
                if (st->error == NULL) {
                    Py_DECREF(m);
                    return NULL;
                }
                if (PyModule_AddObjectRef(m, "Foo", (PyObject *)st->Foo_Type) < 0) {
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    /** The same module with a second type that PyInit adds through a helper of its own. */
    private static final String BEFORE_INIT_HELPER = """
            #include "Python.h"

            typedef struct {
                PyObject *error;
            } m_state;

            static struct PyModuleDef m_module;

            static m_state *
            get_m_state(PyObject *module)
            {
                return (m_state *)PyModule_GetState(module);
            }

            /* the state of this interpreter's module */
            static m_state *
            m_global_state(void)
            {
                return get_m_state(PyState_FindModule(&m_module));
            }

            typedef struct {
                PyObject_HEAD
                long value;
            } FooObject;

            static void
            Foo_dealloc(FooObject *self)
            {
                PyObject_Free(self);
            }

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_dealloc = (destructor)Foo_dealloc,
                .tp_flags = Py_TPFLAGS_DEFAULT,
            };

            static PyTypeObject Bar_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Bar",
                .tp_basicsize = sizeof(PyObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
            };

            static int
            add_bar(PyObject *m)
            {
                if (PyType_Ready(&Bar_Type) < 0) {
                    return -1;
                }
                return PyModule_AddObjectRef(m, "Bar", (PyObject *)&Bar_Type);
            }

            static PyObject *
            make_foo(PyObject *module, PyObject *arg)
            {
                FooObject *self = PyObject_New(FooObject, &Foo_Type);
                if (self == NULL) {
                    return NULL;
                }
                self->value = PyLong_AsLong(arg);
                return (PyObject *)self;
            }

            static PyMethodDef m_methods[] = {
                {"make_foo", make_foo, METH_O, NULL},
                {NULL, NULL},
            };

            static int
            m_traverse(PyObject *module, visitproc visit, void *arg)
            {
                m_state *st = get_m_state(module);
                Py_VISIT(st->error);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state *st = get_m_state(module);
                Py_CLEAR(st->error);
                return 0;
            }

            static void
            m_free(void *module)
            {
                m_clear((PyObject *)module);
            }

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = sizeof(m_state),
                .m_methods = m_methods,
                .m_traverse = m_traverse,
                .m_clear = m_clear,
                .m_free = m_free,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m;
                m_state *st;

                m = PyState_FindModule(&m_module);
                if (m) {
                    return Py_NewRef(m);
                }
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                st = get_m_state(m);
                st->error = PyErr_NewException("m.error", NULL, NULL);
                if (st->error == NULL) {
                    Py_DECREF(m);
                    return NULL;
                }
                if (PyModule_AddObjectRef(m, "Foo", (PyObject *)&Foo_Type) < 0) {
                    Py_DECREF(m);
                    return NULL;
                }
                if (add_bar(m) < 0) {
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    private static final String AFTER_INIT_HELPER = """
            #include "Python.h"

            typedef struct {
                PyObject *error;
                PyTypeObject *Foo_Type;
            } m_state;

            static struct PyModuleDef m_module;

            static m_state *
            get_m_state(PyObject *module)
            {
                return (m_state *)PyModule_GetState(module);
            }

            /* the state of this interpreter's module */
            static m_state *
            m_global_state(void)
            {
                return get_m_state(PyState_FindModule(&m_module));
            }

            typedef struct {
                PyObject_HEAD
                long value;
            } FooObject;

            static void
            Foo_dealloc(FooObject *self)
            {
                PyTypeObject *tp = Py_TYPE(self);
                PyObject_Free(self);
                Py_DECREF(tp);
            }

            static PyType_Slot Foo_slots[] = {
                {Py_tp_dealloc, (destructor)Foo_dealloc},
                {0, NULL},
            };

            static PyType_Spec Foo_spec = {
                .name = "m.Foo",
                .basicsize = sizeof(FooObject),
                .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE |
                          Py_TPFLAGS_DISALLOW_INSTANTIATION),
                .slots = Foo_slots,
            };

            /* TODO(heapify): type 'Bar_Type' is used where the module state cannot be
               reached ('add_bar' runs during PyInit, before PyState_FindModule finds the
               module); left static (migrate it by hand) */
            static PyTypeObject Bar_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Bar",
                .tp_basicsize = sizeof(PyObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
            };

            static int
            add_bar(PyObject *m)
            {
                if (PyType_Ready(&Bar_Type) < 0) {
                    return -1;
                }
                return PyModule_AddObjectRef(m, "Bar", (PyObject *)&Bar_Type);
            }

            static PyObject *
            make_foo(PyObject *module, PyObject *arg)
            {
                FooObject *self = PyObject_New(FooObject, m_global_state()->Foo_Type);
                if (self == NULL) {
                    return NULL;
                }
                self->value = PyLong_AsLong(arg);
                return (PyObject *)self;
            }

            static PyMethodDef m_methods[] = {
                {"make_foo", make_foo, METH_O, NULL},
                {NULL, NULL},
            };

            static int
            m_traverse(PyObject *module, visitproc visit, void *arg)
            {
                m_state *st = get_m_state(module);
                Py_VISIT(st->error);
                Py_VISIT(st->Foo_Type);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state *st = get_m_state(module);
                Py_CLEAR(st->error);
                Py_CLEAR(st->Foo_Type);
                return 0;
            }

            static void
            m_free(void *module)
            {
                m_clear((PyObject *)module);
            }

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = sizeof(m_state),
                .m_methods = m_methods,
                .m_traverse = m_traverse,
                .m_clear = m_clear,
                .m_free = m_free,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m;
                m_state *st;

                m = PyState_FindModule(&m_module);
                if (m) {
                    return Py_NewRef(m);
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                st = get_m_state(m);
                st->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    m, &Foo_spec, NULL);
                if (st->Foo_Type == NULL) {
                    Py_DECREF(m);
                    return NULL;
                }
                st->error = PyErr_NewException("m.error", NULL, NULL);
                if (st->error == NULL) {
                    Py_DECREF(m);
                    return NULL;
                }
                if (PyModule_AddObjectRef(m, "Foo", (PyObject *)st->Foo_Type) < 0) {
                    Py_DECREF(m);
                    return NULL;
                }
                if (add_bar(m) < 0) {
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    /** A subclass of a merged type, for a 3.9 target: tuple bases, tp_new cleared under a version guard. */
    private static final String BEFORE_SUBCLASS = """
            #include "Python.h"

            typedef struct {
                PyObject *error;
            } m_state;

            static struct PyModuleDef m_module;

            static m_state *
            get_m_state(PyObject *module)
            {
                return (m_state *)PyModule_GetState(module);
            }

            /* the state of this interpreter's module */
            static m_state *
            m_global_state(void)
            {
                return get_m_state(PyState_FindModule(&m_module));
            }

            typedef struct {
                PyObject_HEAD
                long value;
            } FooObject;

            static void
            Foo_dealloc(FooObject *self)
            {
                PyObject_Free(self);
            }

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_dealloc = (destructor)Foo_dealloc,
                .tp_flags = Py_TPFLAGS_DEFAULT,
            };

            static PyTypeObject Sub_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Sub",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_base = &Foo_Type,
            };

            static PyObject *
            make_foo(PyObject *module, PyObject *arg)
            {
                FooObject *self = PyObject_New(FooObject, &Foo_Type);
                if (self == NULL) {
                    return NULL;
                }
                self->value = PyLong_AsLong(arg);
                return (PyObject *)self;
            }

            static PyMethodDef m_methods[] = {
                {"make_foo", make_foo, METH_O, NULL},
                {NULL, NULL},
            };

            static int
            m_traverse(PyObject *module, visitproc visit, void *arg)
            {
                m_state *st = get_m_state(module);
                Py_VISIT(st->error);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state *st = get_m_state(module);
                Py_CLEAR(st->error);
                return 0;
            }

            static void
            m_free(void *module)
            {
                m_clear((PyObject *)module);
            }

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = sizeof(m_state),
                .m_methods = m_methods,
                .m_traverse = m_traverse,
                .m_clear = m_clear,
                .m_free = m_free,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m;
                m_state *st;

                m = PyState_FindModule(&m_module);
                if (m) {
                    return Py_NewRef(m);
                }
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                if (PyType_Ready(&Sub_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                st = get_m_state(m);
                st->error = PyErr_NewException("m.error", NULL, NULL);
                if (st->error == NULL) {
                    Py_DECREF(m);
                    return NULL;
                }
                if (PyModule_AddObjectRef(m, "Foo", (PyObject *)&Foo_Type) < 0) {
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    private static final String AFTER_SUBCLASS_39 = """
            #include "Python.h"

            typedef struct {
                PyObject *error;
                PyTypeObject *Foo_Type;
                PyTypeObject *Sub_Type;
            } m_state;

            static struct PyModuleDef m_module;

            static m_state *
            get_m_state(PyObject *module)
            {
                return (m_state *)PyModule_GetState(module);
            }

            /* the state of this interpreter's module */
            static m_state *
            m_global_state(void)
            {
                return get_m_state(PyState_FindModule(&m_module));
            }

            typedef struct {
                PyObject_HEAD
                long value;
            } FooObject;

            static void
            Foo_dealloc(FooObject *self)
            {
                PyTypeObject *tp = Py_TYPE(self);
                PyObject_Free(self);
                Py_DECREF(tp);
            }

            static PyType_Slot Foo_slots[] = {
                {Py_tp_dealloc, (destructor)Foo_dealloc},
                {0, NULL},
            };

            static PyType_Spec Foo_spec = {
                .name = "m.Foo",
                .basicsize = sizeof(FooObject),
            #if PY_VERSION_HEX >= 0x030A0000
                .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE |
                          Py_TPFLAGS_DISALLOW_INSTANTIATION),
            #else
                .flags = Py_TPFLAGS_DEFAULT,
            #endif
                .slots = Foo_slots,
            };

            static PyType_Slot Sub_slots[] = {
                {0, NULL},
            };

            static PyType_Spec Sub_spec = {
                .name = "m.Sub",
                .basicsize = sizeof(FooObject),
            #if PY_VERSION_HEX >= 0x030A0000
                .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE |
                          Py_TPFLAGS_DISALLOW_INSTANTIATION),
            #else
                .flags = Py_TPFLAGS_DEFAULT,
            #endif
                .slots = Sub_slots,
            };

            static PyObject *
            make_foo(PyObject *module, PyObject *arg)
            {
                FooObject *self = PyObject_New(FooObject, m_global_state()->Foo_Type);
                if (self == NULL) {
                    return NULL;
                }
                self->value = PyLong_AsLong(arg);
                return (PyObject *)self;
            }

            static PyMethodDef m_methods[] = {
                {"make_foo", make_foo, METH_O, NULL},
                {NULL, NULL},
            };

            static int
            m_traverse(PyObject *module, visitproc visit, void *arg)
            {
                m_state *st = get_m_state(module);
                Py_VISIT(st->error);
                Py_VISIT(st->Foo_Type);
                Py_VISIT(st->Sub_Type);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state *st = get_m_state(module);
                Py_CLEAR(st->error);
                Py_CLEAR(st->Foo_Type);
                Py_CLEAR(st->Sub_Type);
                return 0;
            }

            static void
            m_free(void *module)
            {
                m_clear((PyObject *)module);
            }

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = sizeof(m_state),
                .m_methods = m_methods,
                .m_traverse = m_traverse,
                .m_clear = m_clear,
                .m_free = m_free,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m;
                m_state *st;

                m = PyState_FindModule(&m_module);
                if (m) {
                    return Py_NewRef(m);
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                st = get_m_state(m);
                st->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    m, &Foo_spec, NULL);
                if (st->Foo_Type == NULL) {
                    Py_DECREF(m);
                    return NULL;
                }
            #if PY_VERSION_HEX < 0x030A0000
                st->Foo_Type->tp_new = NULL;
            #endif
                {
                    PyObject *bases = PyTuple_Pack(1, (PyObject *)st->Foo_Type);
                    if (bases == NULL) {
                        Py_DECREF(m);
                        return NULL;
                    }
                    st->Sub_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                        m, &Sub_spec, bases);
                    Py_DECREF(bases);
                }
                if (st->Sub_Type == NULL) {
                    Py_DECREF(m);
                    return NULL;
                }
            #if PY_VERSION_HEX < 0x030A0000
                st->Sub_Type->tp_new = NULL;
            #endif
                st->error = PyErr_NewException("m.error", NULL, NULL);
                if (st->error == NULL) {
                    Py_DECREF(m);
                    return NULL;
                }
                if (PyModule_AddObjectRef(m, "Foo", (PyObject *)st->Foo_Type) < 0) {
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    @Test
    void typesJoinTheExistingStateAndTheModuleStaysSinglePhase() {
        // contract: one state (the module's own struct, getter, accessor and hooks), the type
        // created in PyInit from the new module's state, reached through the accessor elsewhere
        assertMigrates(BEFORE, AFTER,
                "m.c:5:1: note: 1 type(s) join the existing state 'm_state', reached through 'm_global_state()' "
                + "and, in PyInit, the new module's state; the module stays single-phase [state-merged]");
    }

    @Test
    void aSecondRunChangesNothingAndReportsNothing() {
        // contract: the merged state is read back from the code; nothing static is left to name
        assertRerunReportsTheSame(AFTER);
    }

    @Test
    void aTypeNamedByAFunctionPyInitCallsStaysStatic() {
        // contract: PyState_FindModule finds nothing until PyInit returns, so a helper PyInit
        // calls cannot use the accessor: its type stays static, named on every run
        assertMigrates(BEFORE_INIT_HELPER, AFTER_INIT_HELPER,
                "m.c:5:1: note: 1 type(s) join the existing state 'm_state', reached through 'm_global_state()' "
                + "and, in PyInit, the new module's state; the module stays single-phase [state-merged]",
                "m.c:41:1: warning: type 'Bar_Type' is used where the module state cannot be reached ('add_bar' "
                + "runs during PyInit, before PyState_FindModule finds the module); left static "
                + "[state-unreachable]");
        assertRerunReportsTheSame(AFTER_INIT_HELPER,
                "m.c:52:1: warning: type 'Bar_Type' is used where the module state cannot be reached ('add_bar' "
                + "runs during PyInit, before PyState_FindModule finds the module); left static "
                + "[state-unreachable]");
    }

    @Test
    void aStateOfAnotherShapeKeepsTheFileUnchanged() {
        // contract: without hooks that list the fields, heapify would not know where the type
        // goes: the file is left as it was, with the reason
        String noTraverse = BEFORE.replace("    .m_traverse = m_traverse,\n", "");
        FileMigrator.Result r = MigrationAssert.migrate(Path.of("m.c"), noTraverse, 11);
        assertEquals(noTraverse, r.output());
        assertEquals(java.util.List.of("m.c:19:24: warning: PyState_FindModule finds no multi-phase module; heapify "
                + "does not yet thread the state to its callers instead, so the module stays single-phase and the "
                + "file unchanged [state-find-module]"), r.formattedDiagnostics());
    }

    @Test
    void aSubclassTargetingPython39GetsTupleBasesAndNoTpNew() {
        // contract: the creation in PyInit follows rules 3 and 11 as exec's does (one-class bases and
        // DISALLOW_INSTANTIATION are 3.10), the base created first
        FileMigrator.Result r = MigrationAssert.migrate(Path.of("m.c"), BEFORE_SUBCLASS, 9);
        assertEquals(AFTER_SUBCLASS_39, r.output());
        assertEquals(java.util.List.of("m.c:5:1: note: 2 type(s) join the existing state 'm_state', reached through "
                + "'m_global_state()' and, in PyInit, the new module's state; the module stays single-phase [state-merged]",
                "m.c:33:1: note: 'Foo_Type' cannot be made immutable before 3.10; IMMUTABLETYPE is guarded "
                + "[immutable-unavailable]",
                "m.c:41:1: note: 'Sub_Type' cannot be made immutable before 3.10; IMMUTABLETYPE is guarded "
                + "[immutable-unavailable]"), r.formattedDiagnostics());
    }

    @Test
    void aTypeNamedInAFunctionADeallocCallsStaysStaticAndTheFileUnchanged() {
        // contract: a dealloc may run when PyState_FindModule finds nothing (lesson 14), so a helper
        // it calls keeps its type static; with no type left to merge the file stays as it was (a
        // subtype check: an exact one would compare the dealloc, rule exact-check-by-dealloc)
        String before = BEFORE.replace("""
                static void
                Foo_dealloc(FooObject *self)
                {
                    PyObject_Free(self);
                }""", """
                static PyTypeObject Foo_Type;

                static int
                foo_exact(FooObject *self)
                {
                    return PyObject_TypeCheck(self, &Foo_Type);
                }

                static void
                Foo_dealloc(FooObject *self)
                {
                    assert(foo_exact(self));
                    PyObject_Free(self);
                }""");
        MigrationAssert.assertUnchanged(before, "m.c:42:1: warning: type 'Foo_Type' is used where the module state "
                + "cannot be reached ('foo_exact' runs in a dealloc, which must not look the state up); left static "
                + "[state-unreachable]");
    }

    @Test
    void aGlobalTheModuleWritesStaysProcessWideAndIsNamedOnEveryRun() {
        // contract: clause 4; only types join the existing state, so each global left is named
        String global = """
                static long made;

                static PyObject *
                make_foo(PyObject *module, PyObject *arg)
                {
                    made++;""";
        String head = """
                static PyObject *
                make_foo(PyObject *module, PyObject *arg)
                {""";
        assertMigrates(BEFORE.replace(head, global), AFTER.replace(head, global),
                "m.c:5:1: note: 1 type(s) join the existing state 'm_state', reached through 'm_global_state()' and, "
                        + "in PyInit, the new module's state; the module stays single-phase [state-merged]",
                "m.c:41:1: warning: 'made' left process-wide: heapify merges types into the existing state "
                        + "'m_state', not globals [module-state-exists]");
        assertRerunReportsTheSame(AFTER.replace(head, global), "m.c:49:1: warning: 'made' left process-wide: heapify "
                + "merges types into the existing state 'm_state', not globals [module-state-exists]");
    }

    /** The output builds with -Wall -Werror against a real 3.11, and works in a subinterpreter and after it. */
    @Test
    void theMergedModuleBuildsAndRunsInEachInterpreter(@TempDir Path tree) throws Exception {
        Path m = tree.resolve("m.c");
        Files.writeString(m, AFTER);
        Path python = ClinicStateTypesTest.python311();
        String inc = run(tree, python.toString(), "-c", "import sysconfig; print(sysconfig.get_paths()['include'])");
        String suffix = run(tree, python.toString(), "-c",
                "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))");
        run(tree, "gcc", "-shared", "-fPIC", "-Wall", "-Wextra", "-Wno-unused-parameter",
                "-Wno-missing-field-initializers", "-Werror", "-I" + inc, m.toString(), "-o",
                tree.resolve("m" + suffix).toString());
        String out = run(tree, python.toString(), "-c", String.join("; ", "import m, _testcapi",
                "f = m.make_foo(3)", "print(type(f) is m.Foo, m.Foo.__flags__ & (1 << 9) != 0, m.Foo.__flags__ & (1 << 8) != 0)",
                "exec('try: m.Foo()\\nexcept TypeError as e: print(e)')",
                "print(_testcapi.run_in_subinterp('import m; assert type(m.make_foo(1)) is m.Foo'))",
                "print(type(m.make_foo(4)) is m.Foo)"));
        assertEquals("True True True\ncannot create 'm.Foo' instances\n0\nTrue", out);
    }

    private static String run(Path dir, String... cmd) throws Exception {
        ProcessBuilder b = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        b.environment().put("PYTHONPATH", dir.toString()); // a subinterpreter's sys.path has no '' of -c
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }
}
