package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule 7: a module function whose module parameter is declared as an object struct pointer
 * ({@code Camera(pgCameraObject *self, PyObject *arg)} in a module's method table, an idiom of
 * pygame's _camera.c) reaches the state through a cast. Before, {@code get_m_state(self)} passed a
 * {@code FooObject *} where the getter takes a {@code PyObject *}: -Wincompatible-pointer-types, an
 * error from GCC 14 on.
 */
class ModuleFunctionSelfTypeTest {
    private static final String MODULE = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
                int open;
            } FooObject;

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
            };

            static PyObject *
            make(FooObject *self, PyObject *arg)
            {
                return (PyObject *)PyObject_New(FooObject, &Foo_Type);
            }

            static PyObject *
            make2(PyObject *self, PyObject *arg)
            {
                return (PyObject *)PyObject_New(FooObject, &Foo_Type);
            }

            static PyMethodDef m_methods[] = {
                {"make", (PyCFunction)make, METH_NOARGS, NULL},
                {"make2", (PyCFunction)make2, METH_NOARGS, NULL},
                {NULL, NULL, 0, NULL}};

            static struct PyModuleDef mmodule = {
                PyModuleDef_HEAD_INIT, "m", NULL, -1, m_methods,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
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

    @TempDir
    Path tree;

    @Test
    void aModuleParameterOfAnotherPointerTypeIsCast() {
        String out = MigrationAssert.migrate(Path.of("m.c"), MODULE, 11).output();
        assertTrue(out.contains("make(FooObject *self, PyObject *arg)\n{\n"
                + "    m_state *st = get_m_state((PyObject *)self);\n"), out);
        assertTrue(out.contains("make2(PyObject *self, PyObject *arg)\n{\n"
                + "    m_state *st = get_m_state(self);\n"), out);
    }

    @Test
    void theMigratedModuleBuildsWithoutAPointerWarning() throws Exception {
        Path m = tree.resolve("m.c");
        Files.writeString(m, MigrationAssert.migrate(Path.of("m.c"), MODULE, 11).output());
        Path python = ClinicStateTypesTest.python311();
        String inc = run(python.toString(), "-c", "import sysconfig; print(sysconfig.get_paths()['include'])");
        run("gcc", "-fsyntax-only", "-Wall", "-Werror", "-I" + inc, m.toString());
    }

    private String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(tree.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }
}
