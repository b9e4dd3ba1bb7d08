package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule init-macro ({@code model.InitMacros}): pygame writes every init as
 * {@code MODINIT_DEFINE(color) { ... }}, the macro defined in a local header as
 * {@code PyMODINIT_FUNC PyInit_##mod_name(void)}. Read through that definition the function is the
 * module's {@code PyInit_m}, and migrates like one; without the definition it stays unread.
 */
class InitMacroTest {
    static final String HEADER =
            "#define MODINIT_DEFINE(mod_name) PyMODINIT_FUNC PyInit_##mod_name(void)\n";

    static final String BEFORE = """
            #include "Python.h"
            #include "compat.h"

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

            MODINIT_DEFINE(m)
            {
                static struct PyModuleDef _module = {
                    PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL, NULL, NULL, NULL, NULL};
                PyObject *module;
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                module = PyModule_Create(&_module);
                if (module == NULL) {
                    return NULL;
                }
                Py_INCREF(&Foo_Type);
                if (PyModule_AddObject(module, "Foo", (PyObject *)&Foo_Type)) {
                    Py_DECREF(&Foo_Type);
                    Py_DECREF(module);
                    return NULL;
                }
                return module;
            }
            """;

    static final String AFTER = """
            #include "Python.h"
            #include "compat.h"

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
            m_exec(PyObject *module)
            {
                m_state *st = get_m_state(module);
                st->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    module, &Foo_spec, NULL);
                if (st->Foo_Type == NULL) {
                    return -1;
                }
                if (PyModule_AddType(module, st->Foo_Type)) {
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

            static struct PyModuleDef _module = {
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
                return PyModuleDef_Init(&_module);
            }
            """;

    private static final String NOTE = "m.c:17:1: note: 'MODINIT_DEFINE(m)' is read as 'PyInit_m(void)', as the "
            + "macro's definition in the file or a local include writes it [init-macro]";

    @TempDir
    Path dir;

    @Test
    void initDefinedThroughAnIncludedMacroBecomesMultiPhase() throws IOException {
        Files.writeString(dir.resolve("compat.h"), HEADER);
        Path file = dir.resolve("m.c");
        assertMigrates(file, BEFORE, AFTER, NOTE);
        assertRerunReportsTheSame(file, AFTER);
    }

    @Test
    void macroDefinedInTheFileItselfCounts() throws IOException {
        Path file = dir.resolve("m.c");
        String before = BEFORE.replace("#include \"compat.h\"\n", HEADER);
        assertMigrates(file, before, AFTER.replace("#include \"compat.h\"\n", HEADER), NOTE);
    }

    @Test
    void macroWithoutAVisibleDefinitionStaysUnread() {
        // compat.h is not there: what MODINIT_DEFINE expands to is unknown
        assertMigrates(dir.resolve("m.c"), BEFORE, BEFORE,
                "m.c:9:1: warning: type 'Foo_Type' left static: the file creates its module, but its init "
                        + "function is defined through the macro 'MODINIT_DEFINE(m)', which heapify does not "
                        + "expand; file left unchanged [no-init-function]");
    }

    @Test
    void macroWritingAnotherHeaderIsNotAnInitMacro() throws IOException {
        Files.writeString(dir.resolve("compat.h"),
                "#define MODINIT_DEFINE(mod_name) PyMODINIT_FUNC PyInit_pg_##mod_name(void)\n");
        assertMigrates(dir.resolve("m.c"), BEFORE, BEFORE,
                "m.c:9:1: warning: type 'Foo_Type' left static: the file creates its module, but its init "
                        + "function is defined through the macro 'MODINIT_DEFINE(m)', which heapify does not "
                        + "expand; file left unchanged [no-init-function]");
    }
}
