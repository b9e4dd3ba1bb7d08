package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.apply.FileMigrator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Rule new-own-type: the tp_new of a type without subclasses allocates with its own type
 * parameter instead of reading the type from the module state.
 */
class NewOwnTypeTest {
    private static final String BEFORE = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
                long n;
            } FooObject;

            static PyTypeObject Foo_Type;

            static PyObject *
            Foo_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
            {
                FooObject *self = PyObject_New(FooObject, &Foo_Type);
                if (self == NULL) {
                    return NULL;
                }
                self->n = 0;
                return (PyObject *)self;
            }

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = Foo_new,
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
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                if (PyModule_AddObjectRef(m, "Foo", (PyObject *)&Foo_Type) < 0) {
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    private static String migrated(String before) {
        FileMigrator.Result r = MigrationAssert.migrate(Path.of("m.c"), before, 11);
        assertTrue(r.changed(), r.formattedDiagnostics().toString());
        return r.output();
    }

    @Test
    void aTypeWithoutSubclassesAllocatesWithItsTypeParameter() {
        String after = migrated(BEFORE);
        assertTrue(after.contains("    FooObject *self = PyObject_New(FooObject, type);\n"), after);
        assertFalse(after.contains("PyType_GetModuleState(type)"), after);
        MigrationAssert.assertRerunReportsTheSame(after);
    }

    @Test
    void aSubclassableTypeStillReadsItsTypeFromTheState() {
        // a subclass's tp_new call passes the subclass: the type parameter is not Foo there
        String after = migrated(BEFORE.replace(".tp_flags = Py_TPFLAGS_DEFAULT,",
                ".tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,"));
        assertTrue(after.contains("PyObject_New(FooObject, st->Foo_Type)"), after);
    }

    @Test
    void aTypeParameterTheBodyAssignsIsNotTrusted() {
        String after = migrated(BEFORE.replace("    FooObject *self = PyObject_New(FooObject, &Foo_Type);\n",
                "    FooObject *self;\n    type = NULL;\n    self = PyObject_New(FooObject, &Foo_Type);\n"));
        assertTrue(after.contains("PyObject_New(FooObject, st->Foo_Type)"), after);
    }

    @Test
    void aComparisonWithTheTypeStaysOnTheState() {
        // 'type == &Foo_Type' would become 'type == type': a check of nothing, and gcc's -Wall warns;
        // and a state kept only for the assert would be unused under NDEBUG: nothing changes
        String after = migrated(BEFORE.replace("    FooObject *self = PyObject_New(FooObject, &Foo_Type);\n",
                "    FooObject *self;\n    assert(type == &Foo_Type);\n    self = PyObject_New(FooObject, &Foo_Type);\n"));
        assertTrue(after.contains("    assert(type == st->Foo_Type);\n    self = PyObject_New(FooObject, st->Foo_Type);\n"),
                after);
    }

    @Test
    void aTpNewTheFileAlsoCallsIsNotChanged() {
        String after = migrated(BEFORE.replace("static struct PyModuleDef m_module", """
                static PyObject *
                make(PyObject *module, PyObject *unused)
                {
                    return Foo_new(&PyBaseObject_Type, NULL, NULL);
                }

                static struct PyModuleDef m_module"""));
        assertTrue(after.contains("PyObject_New(FooObject, st->Foo_Type)"), after);
    }
}
