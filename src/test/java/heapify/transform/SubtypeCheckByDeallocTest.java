package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Rule subtype-check-by-dealloc: in a module whose types join its existing state, a subtype-check
 * macro compares the type's own dealloc first, so an exact instance needs no PyState_FindModule.
 */
class SubtypeCheckByDeallocTest {
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

            static PyTypeObject Foo_Type;

            #define Foo_Check(op) PyObject_TypeCheck(op, &Foo_Type)

            static PyObject *
            is_foo(PyObject *module, PyObject *arg)
            {
                return PyBool_FromLong(Foo_Check(arg));
            }

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_dealloc = (destructor)Foo_dealloc,
                .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
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
                {"is_foo", is_foo, METH_O, NULL},
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

    @Test
    void aSubtypeCheckMacroComparesTheDeallocFirst() {
        assertTrue(BEFORE.contains("#define Foo_Check(op) PyObject_TypeCheck(op, &Foo_Type)\n"), BEFORE);
        heapify.apply.FileMigrator.Result r = MigrationAssert.migrate(Path.of("m.c"), BEFORE, 11);
        String out = r.output();
        // before: #define Foo_Check(op) PyObject_TypeCheck(op, &Foo_Type)
        assertTrue(out.contains("""
                #define Foo_Check(op) \\
                    (Py_TYPE(op)->tp_dealloc == (destructor)Foo_dealloc || \\
                     PyObject_TypeCheck(op, m_global_state()->Foo_Type))
                """), out);
        assertTrue(!out.contains("static PyTypeObject Foo_Type = {"), "Foo migrates: " + out);
        assertTrue(String.join("\n", r.formattedDiagnostics()).contains("'Foo_Check' compares the dealloc ('(destructor)Foo_dealloc') before the "
                + "subtype check: an instance of 'Foo_Type' needs no state lookup [subtype-check-by-dealloc]"), String.join("\n", r.formattedDiagnostics()));
    }

    @Test
    void anArgumentWithACallKeepsTheMacroAsItWas() {
        // the rewrite evaluates the argument twice: only names, members and subscripts may be passed
        String c = BEFORE.replace("Foo_Check(arg)", "Foo_Check(PySequence_GetItem(arg, 0))");
        String out = MigrationAssert.migrate(Path.of("m.c"), c, 11).output();
        assertTrue(out.contains("#define Foo_Check(op) PyObject_TypeCheck(op, m_global_state()->Foo_Type)\n"), out);
        assertTrue(!out.contains("tp_dealloc == (destructor)Foo_dealloc ||"), out);
    }
}
