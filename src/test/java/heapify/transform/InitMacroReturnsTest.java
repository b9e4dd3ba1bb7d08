package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Rule init-macro-returns: a single-phase init returning through a macro of the file stays as it is. */
class InitMacroReturnsTest {
    private static final String ADDS_THROUGH_MACROS = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
            } FooObject;

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
            };

            #define ADD_ERROR(m)   \\
                {                  \\
                    Py_DECREF(m);  \\
                    return NULL;   \\
                }
            #define ADD_INT(m, name) \\
                if (PyModule_AddIntConstant(m, #name, name) < 0) ADD_ERROR(m)

            static struct PyModuleDef mmodule = {
                PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m = PyModule_Create(&mmodule);
                if (m == NULL) {
                    return NULL;
                }
                ADD_INT(m, EINTR);
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

    @Test
    void aReturnThroughAChainOfMacrosKeepsTheFileAsItWas() {
        MigrationAssert.assertUnchanged(ADDS_THROUGH_MACROS,
                "m.c:27:1: warning: 'PyInit_m' returns through macro 'ADD_INT' (line 20); an exec function returns -1"
                        + " and must not release its module, and heapify rewrites only the returns it sees, so the"
                        + " module stays single-phase and the file unchanged [init-macro-returns]");
    }

    @Test
    void theSameInitWithItsReturnWrittenOutMigrates() {
        String c = ADDS_THROUGH_MACROS.replace("    ADD_INT(m, EINTR);\n",
                "    if (PyModule_AddIntConstant(m, \"EINTR\", EINTR) < 0) {\n        return NULL;\n    }\n");
        String out = MigrationAssert.migrate(Path.of("m.c"), c, 11).output();
        assertTrue(out.contains("m_exec(PyObject *m)"), out);
        assertTrue(out.contains("    if (PyModule_AddIntConstant(m, \"EINTR\", EINTR) < 0) {\n        return -1;\n    }"),
                out);
    }

    @Test
    void aBareReturnMacroUsedOutsideInitStillKeepsTheFile() {
        // contract: '#define FAIL return NULL' is rewritten only when init alone names it; here a
        // method returns through it too, and 'return -1' there would return an int from a pointer
        String c = ADDS_THROUGH_MACROS.replace("    ADD_INT(m, EINTR);\n", "")
                .replace("#define ADD_INT", "#define FAIL return NULL\n#define ADD_INT")
                .replace("    if (PyType_Ready(&Foo_Type) < 0) {\n        return NULL;",
                        "    if (PyType_Ready(&Foo_Type) < 0) {\n        FAIL;")
                .replace("static struct PyModuleDef", "static PyObject *\nfail(PyObject *self)\n{\n    FAIL;\n}\n\n"
                        + "static struct PyModuleDef");
        MigrationAssert.assertUnchanged(c,
                "m.c:34:1: warning: 'PyInit_m' returns through macro 'FAIL' (line 20); an exec function returns -1"
                        + " and must not release its module, and heapify rewrites only the returns it sees, so the"
                        + " module stays single-phase and the file unchanged [init-macro-returns]");
    }
}
