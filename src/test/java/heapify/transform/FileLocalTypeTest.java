package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two idioms of hand-written one-file modules (pywatchman's {@code bser.c}): a type defined without
 * {@code static} that no other file names ({@code apply.FileLocalTypes}, rule
 * {@code extern-type-file-local}), and a Python 2 entry point in the {@code #else} of
 * {@code #if PY_MAJOR_VERSION >= 3} ({@code model.PythonTwoBranch}), which no target compiles and
 * which is therefore no outside caller. The Python 2 branch is left byte for byte.
 */
class FileLocalTypeTest {
    private static final String BEFORE = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
                long v;
            } FooObject;

            PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
            };

            #if PY_MAJOR_VERSION >= 3
            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                "m",
                NULL,
                -1,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                Py_INCREF(&Foo_Type);
                PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type);
                return m;
            }
            #else
            PyMODINIT_FUNC
            initm(void)
            {
                PyObject *m = Py_InitModule("m", NULL);
                if (PyType_Ready(&Foo_Type) < 0) {
                    return;
                }
                Py_INCREF(&Foo_Type);
                PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type);
            }
            #endif
            """;

    private static final String AFTER = """
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

            #if PY_MAJOR_VERSION >= 3

            static int
            m_exec(PyObject *m)
            {
                m_state *st = get_m_state(m);
                st->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    m, &Foo_spec, NULL);
                if (st->Foo_Type == NULL) {
                    return -1;
                }
                PyModule_AddType(m, st->Foo_Type);
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
            #else
            PyMODINIT_FUNC
            initm(void)
            {
                PyObject *m = Py_InitModule("m", NULL);
                if (PyType_Ready(&Foo_Type) < 0) {
                    return;
                }
                Py_INCREF(&Foo_Type);
                PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type);
            }
            #endif
            """;

    private static final String NOTE = "m.c:8:1: note: type 'Foo_Type' is defined without 'static', but no other file in "
            + "its folder or its local includes names it: migrated as a type of this file [extern-type-file-local]";

    @TempDir
    Path dir;

    @Test
    void typeNoOtherFileNamesMigratesAndPythonTwoBranchStaysAsWritten() {
        Path file = dir.resolve("m.c");
        assertMigrates(file, BEFORE, AFTER, NOTE);
        assertRerunReportsTheSame(file, AFTER);
    }

    @Test
    void typeNamedInASiblingFileStaysExported() throws IOException {
        Files.writeString(dir.resolve("other.c"), "extern PyTypeObject Foo_Type;\n");
        assertMigrates(dir.resolve("m.c"), BEFORE, BEFORE,
                "m.c:8:1: warning: type 'Foo_Type' has external linkage (not static); left static "
                        + "[type-exported-in-header]");
    }

    @Test
    void typeNamedInAHeaderIncludedFromElsewhereStaysExported() throws IOException {
        Path include = Files.createDirectories(dir.resolve("include"));
        Files.writeString(include.resolve("foo.h"), "/* Foo_Type is defined in src/m.c */\n");
        Path src = Files.createDirectories(dir.resolve("src"));
        String before = BEFORE.replace("#include \"Python.h\"\n", "#include \"Python.h\"\n#include \"../include/foo.h\"\n");
        assertMigrates(src.resolve("m.c"), before, before,
                "m.c:9:1: warning: type 'Foo_Type' has external linkage (not static); left static "
                        + "[type-exported-in-header]");
    }
    /** The file's own Python 3 marker: {@code #ifdef IS_PY3K}, defined under {@code #if PY_MAJOR_VERSION >= 3}. */
    private static String withMarker(String c) {
        return c.replace("#include \"Python.h\"\n", "#include \"Python.h\"\n\n#if PY_MAJOR_VERSION >= 3\n"
                + "#define IS_PY3K\n#endif\n").replace("#if PY_MAJOR_VERSION >= 3\n\n", "#ifdef IS_PY3K\n\n")
                .replace("#if PY_MAJOR_VERSION >= 3\nstatic struct", "#ifdef IS_PY3K\nstatic struct");
    }

    @Test
    void aPythonTwoBranchOfTheFilesOwnPythonThreeMarkerIsNoOutsideCaller() {
        Path file = dir.resolve("m.c");
        String before = withMarker(BEFORE);
        String after = withMarker(AFTER);
        assertTrue(before.contains("#ifdef IS_PY3K\nstatic struct") && after.contains("#ifdef IS_PY3K\n\nstatic int"),
                after);
        assertMigrates(file, before, after, NOTE.replace("m.c:8:1", "m.c:12:1"));
        assertRerunReportsTheSame(file, after);
    }

    @Test
    void aMarkerTheFileAlsoDefinesForPythonTwoIsNoProofOfDeadCode() {
        String before = withMarker(BEFORE).replace("#define IS_PY3K\n#endif\n", "#define IS_PY3K\n#else\n"
                + "#define IS_PY3K 2\n#endif\n");
        String out = MigrationAssert.migrate(dir.resolve("m.c"), before, 11).output();
        assertTrue(out.contains("initm(void)\n{\n    PyObject *m = Py_InitModule(\"m\", NULL);\n"
                + "    if (PyType_Ready(&Foo_Type) < 0) {"), out);
        assertTrue(out.contains("PyTypeObject Foo_Type = {"), out);
    }
}
