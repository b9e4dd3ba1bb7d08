package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Rule module-def-conditional: a single-phase module whose {@code PyModuleDef} initializer holds a
 * preprocessor conditional stays as it is. Before, the definition read ended in the first branch,
 * and moving it after exec left {@code #else} / {@code 0};} / {@code #endif} behind: an
 * {@code #else} without its {@code #if} (reduced from an idiom of pygame's imageext.c).
 */
class ModuleDefConditionalTest {
    private static final String DEF_WITH_BRANCHES = """
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

            static void
            m_free(void *ptr)
            {
            }

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                static struct PyModuleDef mmodule = {
                    PyModuleDef_HEAD_INIT, "m", NULL, -1,
                    NULL, NULL, NULL, NULL,
            #ifdef WITH_FREE
                    m_free};
            #else
                    0};
            #endif
                PyObject *m;
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&mmodule);
                if (m == NULL) {
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
    void aConditionalInsideTheModuleDefinitionKeepsTheFileAsItWas() {
        MigrationAssert.assertUnchanged(DEF_WITH_BRANCHES,
                "m.c:23:5: warning: the module definition 'mmodule' holds a preprocessor conditional ('#ifdef"
                        + " WITH_FREE', line 26); heapify moves and rewrites the definition as one piece and cannot"
                        + " keep both branches, so the module stays single-phase and the file unchanged"
                        + " [module-def-conditional]");
    }

    @Test
    void theSameDefinitionWithoutTheConditionalMigrates() {
        String c = DEF_WITH_BRANCHES.replace("#ifdef WITH_FREE\n        m_free};\n#else\n        0};\n#endif\n",
                "        m_free};\n");
        String out = MigrationAssert.migrate(Path.of("m.c"), c, 11).output();
        assertTrue(out.contains("m_exec(PyObject *"), out);
        assertTrue(out.contains(".m_free = m_free_heapify,"), out);
        assertTrue(!out.contains("#else") && !out.contains("WITH_FREE"), out);
    }
}
