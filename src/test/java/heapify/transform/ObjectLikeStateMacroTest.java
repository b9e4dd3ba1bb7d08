package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;
import static heapify.transform.MigrationAssert.assertUnchanged;

import org.junit.jupiter.api.Test;

/**
 * Rule 9, {@code transform.StateMacros}: an object-like macro that names a moved global, defined
 * once and used only as code inside functions (audit's {@code PARSER_CHECK}, which raises
 * {@code NoParserError}), becomes {@code PARSER_CHECK(st)}, and each use gets {@code (st)}.
 * Before, it kept the exception static, and init's write of it kept the module single-phase.
 * Reduced from the idiom, not the package's code.
 */
class ObjectLikeStateMacroTest {
    private static final String CHECK = """
            #include "Python.h"

            static PyObject *NoParserError = NULL;

            #define PARSER_CHECK                                               \\
                if (self->au == NULL) {                                        \\
                    PyErr_SetString(NoParserError, "object has no parser");    \\
                    return NULL;                                               \\
                }

            typedef struct {
                PyObject_HEAD
                void *au;
            } ParserObject;

            static PyObject *
            Parser_reset(ParserObject *self, PyObject *Py_UNUSED(ignored))
            {
                PARSER_CHECK;
                Py_RETURN_NONE;
            }

            static PyMethodDef Parser_methods[] = {
                {"reset", (PyCFunction)Parser_reset, METH_NOARGS, NULL},
                {NULL}
            };

            static PyTypeObject Parser_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Parser",
                .tp_basicsize = sizeof(ParserObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_methods = Parser_methods,
                .tp_new = PyType_GenericNew,
            };

            static struct PyModuleDef m_def = {
                PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL, NULL, NULL, NULL, NULL
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m = PyModule_Create(&m_def);
                if (m == NULL) {
                    return NULL;
                }
                if (PyType_Ready(&Parser_Type) < 0) {
                    return NULL;
                }
                Py_INCREF(&Parser_Type);
                if (PyModule_AddObject(m, "Parser", (PyObject *)&Parser_Type) < 0) {
                    return NULL;
                }
                NoParserError = PyErr_NewException("m.NoParser", NULL, NULL);
                Py_INCREF(NoParserError);
                PyModule_AddObject(m, "NoParser", NoParserError);
                return m;
            }
            """;

    private static final String CHECK_AFTER = """
            #include "Python.h"

            typedef struct {
                PyTypeObject *Parser_Type;
                PyObject *NoParserError;
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
                Py_VISIT(st->Parser_Type);
                Py_VISIT(st->NoParserError);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state *st = get_m_state(module);
                Py_CLEAR(st->Parser_Type);
                Py_CLEAR(st->NoParserError);
                return 0;
            }

            static void
            m_free(void *module)
            {
                (void)m_clear((PyObject *)module);
            }

            #define PARSER_CHECK(st)                                           \\
                if (self->au == NULL) {                                        \\
                    PyErr_SetString((st)->NoParserError, "object has no parser");    \\
                    return NULL;                                               \\
                }

            typedef struct {
                PyObject_HEAD
                void *au;
            } ParserObject;

            static PyObject *
            Parser_reset(ParserObject *self, PyObject *Py_UNUSED(ignored))
            {
                m_state *st = PyType_GetModuleState(Py_TYPE(self));
                PARSER_CHECK(st);
                Py_RETURN_NONE;
            }

            static PyMethodDef Parser_methods[] = {
                {"reset", (PyCFunction)Parser_reset, METH_NOARGS, NULL},
                {NULL}
            };

            static PyType_Slot Parser_slots[] = {
                {Py_tp_methods, Parser_methods},
                {Py_tp_new, PyType_GenericNew},
                {0, NULL},
            };

            static PyType_Spec Parser_spec = {
                .name = "m.Parser",
                .basicsize = sizeof(ParserObject),
                .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
                .slots = Parser_slots,
            };

            static int
            m_exec(PyObject *m)
            {
                m_state *st = get_m_state(m);
                st->Parser_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    m, &Parser_spec, NULL);
                if (st->Parser_Type == NULL) {
                    return -1;
                }
                if (PyModule_AddType(m, st->Parser_Type) < 0) {
                    return -1;
                }
                st->NoParserError = PyErr_NewException("m.NoParser", NULL, NULL);
                Py_INCREF(st->NoParserError);
                PyModule_AddObject(m, "NoParser", st->NoParserError);
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

            static struct PyModuleDef m_def = {
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
                return PyModuleDef_Init(&m_def);
            }
            """;

    @Test
    void parameterlessMacroGetsTheState() {
        // contract: the exception moves into the state; the macro takes st and the method passes it;
        // the blanks before the definition line's backslash shrink so that it keeps its column
        assertMigrates(CHECK, CHECK_AFTER);
        assertRerunReportsTheSame(CHECK_AFTER);
    }

    @Test
    void macroDefinedTwiceKeepsWhatItNamesStatic() {
        // contract: two definitions (one per #ifdef branch) are not rewritten; the exception stays
        // static with the reason, and the module single-phase as before
        String before = CHECK.replace("#define PARSER_CHECK ", "#ifdef NDEBUG\n#define PARSER_CHECK ")
                .replace("        return NULL;                                               \\\n    }\n",
                        "        return NULL;                                               \\\n    }\n#else\n"
                                + "#define PARSER_CHECK assert(self->au != NULL)\n#endif\n");
        assertUnchanged(before,
                "m.c:3:1: warning: 'NoParserError' stays static and shared: it is used where the module state "
                        + "cannot be reached (macro 'PARSER_CHECK' has no parameters, and it is defined 2 times) "
                        + "[state-unreachable]",
                "m.c:3:1: warning: 'NoParserError' stays process-wide and 'PyInit_m' writes it during module init; "
                        + "as a multi-phase module every import would overwrite it under the first module object, so "
                        + "the module stays single-phase and the file is left unchanged [exec-writes-shared-state]");
    }
}
