package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * capsule-exports-type through a macro: pygame's modules export their C API with
 * {@code encapsulate_api(c_api, "mask")}, a macro of a local header that calls
 * {@code PyCapsule_New}. The capsule holds the type, so the module must stay as it was; the first
 * heapify that read {@code MODINIT_DEFINE} migrated pygame.mask past it.
 */
class CapsuleMacroTest {
    private static final String BEFORE = """
            #include "Python.h"
            #include "api.h"

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

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                static void *c_api[1];
                PyObject *m;
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                c_api[0] = &Foo_Type;
                if (PyModule_Add(m, "_C_API", encapsulate_api(c_api, "_C_API")) < 0) {
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    /** A consumer: an import macro of a local header caches another module's C API in a static. */
    private static final String CONSUMER = """
            #include "Python.h"
            #include "imp.h"

            static void *api;

            static PyObject *
            m_f(PyObject *self, PyObject *unused)
            {
                Py_RETURN_NONE;
            }

            static PyMethodDef m_methods[] = {
                {"f", m_f, METH_NOARGS, NULL},
                {NULL, NULL, 0, NULL},
            };

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT, "m", NULL, -1, m_methods,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                import_api("base");
                if (PyErr_Occurred()) {
                    return NULL;
                }
                return PyModule_Create(&m_module);
            }
            """;

    @TempDir
    Path dir;

    @Test
    void moduleReadingACapsuleThroughALocalHeaderClaimsNoIsolation() throws IOException {
        // pygame.mouse claimed Py_MOD_PER_INTERPRETER_GIL_SUPPORTED on 3.12, and the own-GIL
        // import failed in import_pygame_base(): pygame.base is single-phase
        Files.writeString(dir.resolve("imp.h"), "#define import_api(m) (api = PyCapsule_Import(m \"._C_API\", 0))\n");
        Path file = dir.resolve("m.c");
        Files.writeString(file, CONSUMER);
        var r = MigrationAssert.migrate(file, CONSUMER, 11);
        assertFalse(r.output().contains("Py_mod_multiple_interpreters"), r.output());
        assertTrue(r.output().contains("PyModuleDef_Init"), r.output());
        assertEquals(java.util.List.of("m.c:17:1: warning: the module reads another module's C API capsule "
                + "through 'imp.h' into process-wide pointers; it claims no isolation [capsule-exports-type]",
                "m.c:17:1: note: no Py_mod_multiple_interpreters slot: shared state remains "
                + "(a C API capsule read through 'imp.h') [shared-state-left]"), r.formattedDiagnostics());
    }

    @Test
    void capsuleMadeThroughAnIncludedMacroKeepsTheTypeStatic() throws IOException {
        Files.writeString(dir.resolve("api.h"),
                "#define encapsulate_api(ptr, module) PyCapsule_New(ptr, \"m.\" module, NULL)\n");
        assertMigrates(dir.resolve("m.c"), BEFORE, BEFORE,
                "m.c:8:1: warning: type 'Foo_Type' left static: the module exports a C API capsule "
                        + "(encapsulate_api, line 33) whose consumers keep process-wide pointers to it; not "
                        + "isolatable without an API change, file left unchanged [capsule-exports-type]");
    }
}
