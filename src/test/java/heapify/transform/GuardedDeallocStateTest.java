package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule guarded-dealloc-state: a dealloc reads the state off its type's module and tests it for NULL. */
class GuardedDeallocStateTest {
    /** A freelist as _asyncio's FutureIter keeps one: pushed in the dealloc, popped at creation. */
    private static final String BEFORE = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
                PyObject *v;
            } FooObject;

            static PyTypeObject Foo_Type;

            #define MAXFREE 8
            static FooObject *free_list = NULL;
            static int numfree = 0;

            static PyObject *
            foo_new(PyObject *module, PyObject *v)
            {
                FooObject *op;
                if (numfree) {
                    numfree--;
                    op = free_list;
                    free_list = (FooObject *)op->v;
                    _Py_NewReference((PyObject *)op);
                }
                else {
                    op = PyObject_New(FooObject, &Foo_Type);
                    if (op == NULL) {
                        return NULL;
                    }
                }
                Py_INCREF(v);
                op->v = v;
                return (PyObject *)op;
            }

            static void
            Foo_dealloc(FooObject *op)
            {
                Py_CLEAR(op->v);
                if (numfree < MAXFREE) {
                    numfree++;
                    op->v = (PyObject *)free_list;
                    free_list = op;
                }
                else {
                    PyObject_Free(op);
                }
            }

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_dealloc = (destructor)Foo_dealloc,
                .tp_flags = Py_TPFLAGS_DEFAULT,
            };

            static PyMethodDef m_methods[] = {
                {"new", foo_new, METH_O, NULL},
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
                PyObject_HEAD
                PyObject *v;
            } FooObject;

            #define MAXFREE 8
            typedef struct {
                PyTypeObject *Foo_Type;
                FooObject *free_list;
                int numfree;
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

            /* The state in a dealloc, read off the type without walking its MRO: NULL once
               the GC has cleared the type's module (gh-115874). */
            static m_state *
            find_m_state_in_dealloc(PyObject *self)
            {
                PyObject *module = ((PyHeapTypeObject *)Py_TYPE(self))->ht_module;
                if (module == NULL || PyModule_GetDef(module) != &m_module) {
                    return NULL;
                }
                return get_m_state(module);
            }

            static PyObject *
            foo_new(PyObject *module, PyObject *v)
            {
                m_state *st = get_m_state(module);
                FooObject *op;
                if (st->numfree) {
                    st->numfree--;
                    op = st->free_list;
                    st->free_list = (FooObject *)op->v;
                    _Py_NewReference((PyObject *)op);
                }
                else {
                    op = PyObject_New(FooObject, st->Foo_Type);
                    if (op == NULL) {
                        return NULL;
                    }
                }
                Py_INCREF(v);
                op->v = v;
                return (PyObject *)op;
            }

            static void
            Foo_dealloc(FooObject *op)
            {
                m_state *st = find_m_state_in_dealloc((PyObject *)op);
                PyTypeObject *tp = Py_TYPE(op);
                Py_CLEAR(op->v);
                if (st != NULL && st->numfree < MAXFREE) {
                    st->numfree++;
                    op->v = (PyObject *)st->free_list;
                    st->free_list = op;
                }
                else {
                    PyObject_Free(op);
                    Py_DECREF(tp);
                }
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

            static PyMethodDef m_methods[] = {
                {"new", foo_new, METH_O, NULL},
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
    void theFreelistPushIsGuardedAndWithoutAStateTheObjectIsFreed() {
        assertMigrates(BEFORE, AFTER,
                "m.c:11:1: note: 'free_list' is a pointer the file never owns (no reference count macro, only assigned from variables): its state field is not visited or cleared [state-borrowed-reference]",
                "m.c:37:1: note: 'Foo_dealloc' reads the state off its type's module (NULL once the GC has cleared it); each condition that uses the state tests it for NULL first, so without one the dealloc takes the path that needs none [guarded-dealloc-state]",
                "m.c:49:1: note: 'Foo_Type' instances hold object references but the type is not GC, as before; heapify does not add Py_TPFLAGS_HAVE_GC (every allocation and the dealloc would change) [gc-flag-needed]");
        assertRerunReportsTheSame(AFTER);
    }

    @Test
    void aSubclassableTypesDeallocStaysWithoutState() {
        // a Python subclass's type has no ht_module: the guard would skip the push for a live
        // module, so the freelist stays static, as before this rule
        String c = BEFORE.replace(".tp_flags = Py_TPFLAGS_DEFAULT,", ".tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,");
        var r = MigrationAssert.migrate(Path.of("m.c"), c, 11);
        assertTrue(!r.output().contains("find_m_state_in_dealloc"), r.output());
        assertEquals(List.of("free_list", "numfree"), r.formattedDiagnostics().stream()
                .filter(d -> d.contains("[state-unreachable]")).map(d -> d.replaceAll("^[^']*'(\\w+)'.*$", "$1")).toList());
    }

    @Test
    void aStateUseOutsideAConditionThatTestsItKeepsTheDeallocWithoutState() {
        String c = BEFORE.replace("    Py_CLEAR(op->v);\n    if (numfree", "    Py_CLEAR(op->v);\n    numfree += 0;\n    if (numfree");
        var r = MigrationAssert.migrate(Path.of("m.c"), c, 11);
        assertTrue(!r.output().contains("find_m_state_in_dealloc"), r.output());
    }
}
