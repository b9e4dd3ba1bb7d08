package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;
import static heapify.transform.MigrationAssert.assertUnchanged;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per clause of the contract "never worse than the input" (migration-rules.md, top),
 * each on a minimal input that an earlier heapify made worse: output byte for byte, the full list
 * of diagnostics, and a second run that changes nothing and reports the same warnings.
 */
class ContractTest {
    @TempDir
    Path dir;

    @Test
    void moduleCreatedByAHelperIsLeftUnchanged() {
        // contract: clause 5; exec once became "return moduleinit();", a pointer returned as int
        assertUnchanged(HELPER_CREATED,
                "m.c:41:1: warning: the module object is created in 'moduleinit', not in 'PyInit_m'; "
                        + "heapify moves a module to multi-phase init only when its PyInit_ function creates it with "
                        + "one PyModule_Create call; file left unchanged [module-created-elsewhere]");
    }

    @Test
    void typeLeftStaticKeepsTheSlotsItsInitSets() {
        // contract: clause 3; 'Bar_Type.tp_new = PyType_GenericNew;' was deleted with Foo's setup
        String diagnostic = "m.c:14:1: warning: type 'Bar_Type' has external linkage (not static); left static "
                        + "[type-exported-in-header]";
        assertMigrates(LEFT_STATIC, LEFT_STATIC_AFTER, diagnostic,
                "m.c:21:1: note: no Py_mod_multiple_interpreters slot: shared state remains (type "
                        + "'Bar_Type' with external linkage) [shared-state-left]");
        assertRerunReportsTheSame(LEFT_STATIC_AFTER, "m.c:20:1: warning: type 'Bar_Type' has external linkage (not static); left static "
                        + "[type-exported-in-header]");
    }

    @Test
    void generatedNamesNeverCollide() {
        // contract: clause 5; a type 'x' and module 'x' both gave 'x_slots', and the file has 'x_exec'
        assertMigrates(COLLIDING, COLLIDING_AFTER);
        assertRerunReportsTheSame(COLLIDING_AFTER);
    }

    @Test
    void helperNamedInPyIdentifierStillGetsTheState() {
        // contract: rule 7; _Py_IDENTIFIER(get_event_loop) made _asyncio's helper get_event_loop a
        // "callback", so every global it used stayed static and the module single-phase
        assertMigrates(IDENTIFIER_NAMED, IDENTIFIER_NAMED_AFTER);
        assertRerunReportsTheSame(IDENTIFIER_NAMED_AFTER);
    }

    @Test
    void clinicClassLineNamingNoCTypeStillReachesTheState() {
        // contract: rule 8; 3.11's _asyncio writes "&Task_Type" for TaskType in its class line, and
        // every impl of the class was "a method of the static type 'Task_Type'", a type that does
        // not exist; the class line's object struct names the type (tp_basicsize)
        assertMigrates(CLASS_LINE_ALIAS, CLASS_LINE_ALIAS_AFTER);
        assertRerunReportsTheSame(CLASS_LINE_ALIAS_AFTER);
    }

    @Test
    void callbackBoundToAnInstanceFindsTheStateThroughIt() {
        // contract: rule 7; _asyncio's task_wakeup, bound by PyCFunction_New(&TaskWakeupDef, task),
        // was "used as a callback, so no state parameter can be passed"; its first argument is the
        // instance it was bound to, whose type leads to the module by definition
        assertMigrates(BOUND_CALLBACK, BOUND_CALLBACK_AFTER);
        assertRerunReportsTheSame(BOUND_CALLBACK_AFTER);
        // bound to something that is no instance of a type of this file: still a callback
        String bare = BOUND_CALLBACK.replace("foo_wakeup(FooObject *self, PyObject *arg)",
                "foo_wakeup(PyObject *self, PyObject *arg)");
        org.junit.jupiter.api.Assertions.assertEquals("m.c:8:1: warning: 'ErrorObject' stays static and shared: it is used where the module state "
                + "cannot be reached ('foo_wakeup': 'foo_wakeup' is used as a callback, so no state parameter can be "
                + "passed) [state-unreachable]", MigrationAssert.migrate(Path.of("m.c"), bare, 11)
                .formattedDiagnostics().get(0));
    }

    @Test
    void globalWrittenByInitKeepsTheModuleSinglePhase() {
        // contract: clause 2; _asyncio crashed after a second exec replaced its static globals
        assertUnchanged(EXEC_WRITES,
                "m.c:7:1: warning: 'default_value' stays static and shared: it is used where the module "
                        + "state cannot be reached ('Foo_dealloc': a dealloc must not look up module state: "
                        + "the GC may have cleared its type's MRO and module first (gh-115874, rule 4)) "
                        + "[state-unreachable]",
                "m.c:7:1: warning: 'default_value' stays process-wide and 'PyInit_m' writes it during "
                        + "module init; as a multi-phase module every import would overwrite it under the first "
                        + "module object, so the module stays single-phase and the file is left unchanged "
                        + "[exec-writes-shared-state]");
    }

    @Test
    void initCallingAFunctionOfAnotherFileKeepsTheModuleSinglePhase() {
        // contract: clause 2; python-zstandard's zstd.c became multi-phase while its init called
        // 16 *_module_init functions of other files that set static globals: its suite failed 27
        // tests on 3.12.1, and crashed on 3.11.7, after a subinterpreter had imported the module
        assertUnchanged(OTHER_FILE_INIT,
                "m.c:14:5: warning: 'm_init' calls 2 functions of other files ('foo_module_init', "
                        + "'bar_module_init') during module init; heapify cannot see what state they set, and a multi-phase module "
                        + "would run them again on every import, so the module stays single-phase and the file is "
                        + "left unchanged [init-calls-other-file]");
    }

    @Test
    void typeOfAModuleWhoseInitCallsAnotherFileIsNamed() {
        // contract: clause 4; the type that would have migrated says why it stays static
        assertUnchanged(OTHER_FILE_INIT_WITH_TYPE,
                "m.c:7:1: warning: type 'Foo_Type' left static: the module init calls 'other_init' of another "
                        + "file, so the module stays single-phase [init-calls-other-file]",
                "m.c:34:9: warning: 'PyInit_m' calls 'other_init', a function of another file, during module "
                        + "init; heapify cannot see what state it sets, and a multi-phase module would run it "
                        + "again on every import, so the module stays single-phase and the file is left unchanged "
                        + "[init-calls-other-file]");
    }

    @Test
    void moduleStateGoesOutsideTheConditionalHoldingItsFirstUser() {
        // contract: clause 5; mercurial's osutil.c got its state struct inside '#ifdef _WIN32',
        // before its first user, and the build check refused it: unknown type name 'osutil_state'
        assertMigrates(FIRST_USER_IN_IFDEF, FIRST_USER_IN_IFDEF_AFTER);
        assertRerunReportsTheSame(FIRST_USER_IN_IFDEF_AFTER);
    }

    @Test
    void stateVariableNeverCollidesWithTheFilesOwnSt() {
        // contract: clause 5; mercurial's osutil.c has makestat(const struct stat *st), and the state
        // parameter added before it made 'osutil_state *st, const struct stat *st': conflicting types
        assertMigrates(OWN_ST, OWN_ST_AFTER);
        assertRerunReportsTheSame(OWN_ST_AFTER);
    }

    @Test
    void initDefinedThroughAMacroIsNamed() {
        // contract: clause 4; pygame's MODINIT_DEFINE(color) { ... } was reported as a file without init.
        // Here the macro's definition is nowhere in sight (one that is: InitMacroTest)
        assertUnchanged(MACRO_INIT,
                "m.c:7:1: warning: type 'Foo_Type' left static: the file creates its module, but its init "
                        + "function is defined through the macro 'MODINIT_DEFINE(m)', which heapify does not expand; "
                        + "file left unchanged [no-init-function]");
    }

    @Test
    void initHeaderSplitByPython2BranchIsNamed() {
        // contract: clause 4; PyInit_x(void) / #else / initx(void) / #endif { ... } in a shape heapify does
        // not read (an #include in the Python 2 branch; audit's and cffi's shape: PythonTwoEntryPointTest)
        assertUnchanged(PY2_SPLIT_INIT,
                "m.c:7:1: warning: type 'Foo_Type' left static: the file creates its module, but the header "
                        + "of 'PyInit_m' is split by #if from the 'initm' header that shares its body (a Python 2 "
                        + "entry point), which heapify does not separate; file left unchanged [no-init-function]");
    }

    @Test
    void externTypeInAFileWithoutInitIsNamed() {
        // contract: clause 4; _ctypes' and _multiprocessing's extern types got no diagnostic at all
        assertUnchanged(EXTERN_TYPE,
                "m.c:3:1: warning: type 'Foo_Type' has external linkage in a file without a PyInit_ "
                        + "function: it belongs to a module made of several files, which heapify does not migrate as "
                        + "one unit; left static [no-init-function]");
    }

    @Test
    void typeInAnIncludedHeaderStaysStaticAndBlocksTheIsolationClaim() throws Exception {
        // contract: clause 1; a module claimed a per-interpreter GIL with static state in its headers
        Files.writeString(dir.resolve("bar.h"), BAR_H);
        Path m = dir.resolve("m.c");
        String diagnostic = "m.c:2:1: warning: type 'Bar_Type' is defined in the included file 'bar.h'; heapify "
                        + "migrates the file that initializes the module only; left static [type-in-included-file]";
        assertMigrates(m, INCLUDING, INCLUDING_AFTER, diagnostic,
                "m.c:16:1: note: no Py_mod_multiple_interpreters slot: shared state remains (static type "
                        + "'Bar_Type' in 'bar.h', 'bar_cache' in 'bar.h') [shared-state-left]");
        assertRerunReportsTheSame(m, INCLUDING_AFTER, diagnostic);
    }

    @Test
    void typeWithoutInitializerFilledInByInitKeepsTheModuleSinglePhase() {
        // contract: clause 2; a struct-sequence type filled in by exec raised SystemError on re-import
        assertUnchanged(BARE_TYPE,
                "m.c:3:21: warning: 'PairType' stays process-wide and 'PyInit_m' writes it during module "
                        + "init; as a multi-phase module every import would overwrite it under the first module "
                        + "object, so the module stays single-phase and the file is left unchanged "
                        + "[exec-writes-shared-state]");
    }

    @Test
    void metatypeSetInInitKeepsBothTypesStatic() {
        // contract: clause 6; Py_SET_TYPE(&Foo_Type, &Meta_Type) was deleted and the metatype lost
        assertUnchanged(META_IN_INIT,
                "m.c:3:1: warning: type 'Meta_Type' is the metatype of the static type 'Foo_Type'; left "
                        + "static [static-subclass-of-migrated]",
                "m.c:9:1: warning: type 'Foo_Type' has the metatype '&Meta_Type'; PyType_FromMetaclass "
                        + "needs 3.12; left static [metaclass-needs-3.12]");
    }

    @Test
    void internalFieldSetInInitKeepsTheTypeStatic() {
        // contract: rule 1; Foo_Type.tp_dict = ... in init became {Py_tp_dict, ...}
        assertUnchanged(DICT_IN_INIT,
                "m.c:3:1: warning: type 'Foo_Type' gets 'tp_dict' in the init code, which a heap type "
                        + "cannot; left static [type-internal-field-set]",
                "m.c:3:1: warning: 'Foo_Type' stays process-wide and 'PyInit_m' writes it during module "
                        + "init; as a multi-phase module every import would overwrite it under the first module "
                        + "object, so the module stays single-phase and the file is left unchanged "
                        + "[exec-writes-shared-state]");
    }

    @Test
    void pyStateFindModuleKeepsTheModuleSinglePhase() {
        // contract: clause 6; PyState_FindModule returns NULL once the module is multi-phase
        assertUnchanged(FIND_MODULE,
                "m.c:20:22: warning: PyState_FindModule finds no multi-phase module; heapify does not yet "
                        + "thread the state to its callers instead, so the module stays single-phase and the file "
                        + "unchanged [state-find-module]");
    }

    @Test
    void aTypePointerGlobalMovesIntoTheState() {
        // contract: clauses 1 and 2; a PyTypeObject * global was neither moved nor counted as shared
        assertMigrates(TYPE_POINTER, TYPE_POINTER_AFTER);
        assertRerunReportsTheSame(TYPE_POINTER_AFTER);
    }

    @Test
    void theStateTypeAndGetterNamesNeverCollide() {
        // contract: clause 5; a file with its own 'm_state' got a second m_state typedef
        assertMigrates(OWN_STATE_NAME, OWN_STATE_NAME_AFTER);
    }

    @Test
    void offsetMembersNeverMakeASecondMembersSlot() {
        // contract: clause 5; members from another file plus an offset gave two Py_tp_members (3.12 refuses)
        String diagnostic = "m.c:10:1: warning: members 'foo_members' of 'Foo_Type' are not a table in this file, so "
                        + "the offset members cannot join them; left static [initializer-unparsed]";
        assertUnchanged(FOREIGN_MEMBERS, diagnostic);
    }

    private static final String HELPER_CREATED = """
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

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
            };

            static PyObject *
            moduleinit(void)
            {
                PyObject *m;
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                Py_INCREF(&Foo_Type);
                if (PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type) < 0) {
                    Py_DECREF(&Foo_Type);
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                return moduleinit();
            }
            """;

    private static final String LEFT_STATIC = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
            } FooObject;

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
            };

            PyTypeObject Bar_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Bar",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
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
                Foo_Type.tp_new = PyType_GenericNew;
                Bar_Type.tp_new = PyType_GenericNew;
                if (PyType_Ready(&Foo_Type) < 0 || PyType_Ready(&Bar_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                Py_INCREF(&Foo_Type);
                if (PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type) < 0) {
                    Py_DECREF(&Foo_Type);
                    Py_DECREF(m);
                    return NULL;
                }
                Py_INCREF(&Bar_Type);
                if (PyModule_AddObject(m, "Bar", (PyObject *)&Bar_Type) < 0) {
                    Py_DECREF(&Bar_Type);
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    private static final String LEFT_STATIC_AFTER = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
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

            /* TODO(heapify): 'Bar_Type' is visible to other extensions; left static */
            PyTypeObject Bar_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Bar",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
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
            m_exec(PyObject *m)
            {
                m_state *st = get_m_state(m);
                st->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    m, &Foo_spec, NULL);
                if (st->Foo_Type == NULL) {
                    return -1;
                }
                Bar_Type.tp_new = PyType_GenericNew;
                if (PyType_Ready(st->Foo_Type) < 0 || PyType_Ready(&Bar_Type) < 0) {
                    return -1;
                }
                if (PyModule_AddType(m, st->Foo_Type) < 0) {
                    return -1;
                }
                Py_INCREF(&Bar_Type);
                if (PyModule_AddObject(m, "Bar", (PyObject *)&Bar_Type) < 0) {
                    Py_DECREF(&Bar_Type);
                    return -1;
                }
                return 0;
            }

            static PyModuleDef_Slot m_slots[] = {
                {Py_mod_exec, m_exec},
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
            """;

    private static final String COLLIDING = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
            } xObject;

            static PyTypeObject x_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "x.x",
                .tp_basicsize = sizeof(xObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
            };

            static int x_exec = 0;

            static struct PyModuleDef x_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "x",
                .m_size = -1,
            };

            PyMODINIT_FUNC
            PyInit_x(void)
            {
                PyObject *m;
                if (PyType_Ready(&x_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&x_module);
                if (m == NULL) {
                    return NULL;
                }
                Py_INCREF(&x_Type);
                if (PyModule_AddObject(m, "x", (PyObject *)&x_Type) < 0) {
                    Py_DECREF(&x_Type);
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    private static final String COLLIDING_AFTER = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
            } xObject;

            static PyType_Slot x_slots[] = {
                {Py_tp_new, PyType_GenericNew},
                {0, NULL},
            };

            static PyType_Spec x_spec = {
                .name = "x.x",
                .basicsize = sizeof(xObject),
                .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
                .slots = x_slots,
            };

            typedef struct {
                PyTypeObject *x_Type;
                int x_exec;
            } x_state;

            static inline x_state *
            get_x_state(PyObject *module)
            {
                void *state = PyModule_GetState(module);
                assert(state != NULL);
                return (x_state *)state;
            }

            static int
            x_traverse(PyObject *module, visitproc visit, void *arg)
            {
                x_state *st = get_x_state(module);
                Py_VISIT(st->x_Type);
                return 0;
            }

            static int
            x_clear(PyObject *module)
            {
                x_state *st = get_x_state(module);
                Py_CLEAR(st->x_Type);
                return 0;
            }

            static void
            x_free(void *module)
            {
                (void)x_clear((PyObject *)module);
            }

            static int
            x_exec_heapify(PyObject *m)
            {
                x_state *st = get_x_state(m);
                st->x_Type = (PyTypeObject *)PyType_FromModuleAndSpec(m, &x_spec, NULL);
                if (st->x_Type == NULL) {
                    return -1;
                }
                if (PyModule_AddType(m, st->x_Type) < 0) {
                    return -1;
                }
                return 0;
            }

            static PyModuleDef_Slot x_slots_heapify[] = {
                {Py_mod_exec, x_exec_heapify},
            #if PY_VERSION_HEX >= 0x030C0000
                {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
            #endif
                /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
                {0, NULL},
            };

            static struct PyModuleDef x_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "x",
                .m_size = sizeof(x_state),
                .m_slots = x_slots_heapify,
                .m_traverse = x_traverse,
                .m_clear = x_clear,
                .m_free = x_free,
            };

            PyMODINIT_FUNC
            PyInit_x(void)
            {
                return PyModuleDef_Init(&x_module);
            }
            """;

    private static final String IDENTIFIER_NAMED = """
            #include "Python.h"

            _Py_IDENTIFIER(get_loop);

            static PyObject *ErrorObject;

            static PyObject *
            get_loop(PyObject *obj)
            {
                if (obj == Py_None) {
                    PyErr_SetString(ErrorObject, "no loop");
                    return NULL;
                }
                return _PyObject_CallMethodIdNoArgs(obj, &PyId_get_loop);
            }

            static PyObject *
            m_loop(PyObject *module, PyObject *obj)
            {
                return get_loop(obj);
            }

            static PyMethodDef m_methods[] = {
                {"loop", m_loop, METH_O, NULL},
                {NULL, NULL, 0, NULL},
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
                PyObject *m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                ErrorObject = PyErr_NewException("m.error", NULL, NULL);
                if (ErrorObject == NULL) {
                    return NULL;
                }
                return m;
            }
            """;

    private static final String IDENTIFIER_NAMED_AFTER = """
            #include "Python.h"

            _Py_IDENTIFIER(get_loop);

            typedef struct {
                PyObject *ErrorObject;
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
                Py_VISIT(st->ErrorObject);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state *st = get_m_state(module);
                Py_CLEAR(st->ErrorObject);
                return 0;
            }

            static void
            m_free(void *module)
            {
                (void)m_clear((PyObject *)module);
            }

            static PyObject *
            get_loop(m_state *st, PyObject *obj)
            {
                if (obj == Py_None) {
                    PyErr_SetString(st->ErrorObject, "no loop");
                    return NULL;
                }
                return _PyObject_CallMethodIdNoArgs(obj, &PyId_get_loop);
            }

            static PyObject *
            m_loop(PyObject *module, PyObject *obj)
            {
                m_state *st = get_m_state(module);
                return get_loop(st, obj);
            }

            static PyMethodDef m_methods[] = {
                {"loop", m_loop, METH_O, NULL},
                {NULL, NULL, 0, NULL},
            };

            static int
            m_exec(PyObject *m)
            {
                m_state *st = get_m_state(m);
                st->ErrorObject = PyErr_NewException("m.error", NULL, NULL);
                if (st->ErrorObject == NULL) {
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

    private static final String CLASS_LINE_ALIAS = """
            #include "Python.h"

            /*[clinic input]
            module m
            class m.Foo "FooObject *" "&Foo_Type_Not_A_Name"
            [clinic start generated code]*/
            /*[clinic end generated code: output=da39a3ee5e6b4b0d input=111d8abff9a28626]*/

            typedef struct {
                PyObject_HEAD
                long v;
            } FooObject;

            static PyObject *ErrorObject;

            #include "clinic/m.c.h"

            /*[clinic input]
            m.Foo.check

            Raise m.error.
            [clinic start generated code]*/

            static PyObject *
            m_Foo_check_impl(FooObject *self)
            /*[clinic end generated code: output=0af34179ba7936eb input=e2e0319d0bf0019c]*/
            {
                PyErr_SetString(ErrorObject, "checked");
                return NULL;
            }

            static PyMethodDef Foo_methods[] = {
                M_FOO_CHECK_METHODDEF
                {NULL, NULL, 0, NULL},
            };

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_methods = Foo_methods,
                .tp_new = PyType_GenericNew,
            };

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                PyObject *mod = PyModule_Create(&m_module);
                if (mod == NULL) {
                    return NULL;
                }
                ErrorObject = PyErr_NewException("m.error", NULL, NULL);
                if (ErrorObject == NULL) {
                    return NULL;
                }
                if (PyModule_AddObjectRef(mod, "Foo", (PyObject *)&Foo_Type) < 0) {
                    return NULL;
                }
                return mod;
            }
            """;

    private static final String CLASS_LINE_ALIAS_AFTER = """
            #include "Python.h"

            /*[clinic input]
            module m
            class m.Foo "FooObject *" "&Foo_Type_Not_A_Name"
            [clinic start generated code]*/
            /*[clinic end generated code: output=da39a3ee5e6b4b0d input=111d8abff9a28626]*/

            typedef struct {
                PyObject_HEAD
                long v;
            } FooObject;

            typedef struct {
                PyTypeObject *Foo_Type;
                PyObject *ErrorObject;
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
                Py_VISIT(st->ErrorObject);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state *st = get_m_state(module);
                Py_CLEAR(st->Foo_Type);
                Py_CLEAR(st->ErrorObject);
                return 0;
            }

            static void
            m_free(void *module)
            {
                (void)m_clear((PyObject *)module);
            }

            static struct PyModuleDef m_module;

            #include "clinic/m.c.h"

            /*[clinic input]
            m.Foo.check

            Raise m.error.
            [clinic start generated code]*/

            static PyObject *
            m_Foo_check_impl(FooObject *self)
            /*[clinic end generated code: output=0af34179ba7936eb input=e2e0319d0bf0019c]*/
            {
                m_state *st = get_m_state(PyType_GetModuleByDef(Py_TYPE(self), &m_module));
                PyErr_SetString(st->ErrorObject, "checked");
                return NULL;
            }

            static PyMethodDef Foo_methods[] = {
                M_FOO_CHECK_METHODDEF
                {NULL, NULL, 0, NULL},
            };

            static PyType_Slot Foo_slots[] = {
                {Py_tp_methods, Foo_methods},
                {Py_tp_new, PyType_GenericNew},
                {0, NULL},
            };

            static PyType_Spec Foo_spec = {
                .name = "m.Foo",
                .basicsize = sizeof(FooObject),
                .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
                .slots = Foo_slots,
            };

            static int
            m_exec(PyObject *mod)
            {
                m_state *st = get_m_state(mod);
                st->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    mod, &Foo_spec, NULL);
                if (st->Foo_Type == NULL) {
                    return -1;
                }
                st->ErrorObject = PyErr_NewException("m.error", NULL, NULL);
                if (st->ErrorObject == NULL) {
                    return -1;
                }
                if (PyModule_AddType(mod, st->Foo_Type) < 0) {
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

    private static final String BOUND_CALLBACK = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
                long v;
            } FooObject;

            static PyObject *ErrorObject;

            static PyObject *
            foo_wakeup(FooObject *self, PyObject *arg)
            {
                PyErr_SetObject(ErrorObject, arg);
                return NULL;
            }

            static PyMethodDef foo_wakeup_def = {
                "wakeup",
                (PyCFunction)foo_wakeup,
                METH_O,
                NULL
            };

            static PyObject *
            Foo_waker(FooObject *self, PyObject *Py_UNUSED(ignored))
            {
                return PyCFunction_New(&foo_wakeup_def, (PyObject *)self);
            }

            static PyMethodDef Foo_methods[] = {
                {"waker", (PyCFunction)Foo_waker, METH_NOARGS, NULL},
                {NULL, NULL, 0, NULL},
            };

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                .tp_methods = Foo_methods,
                .tp_new = PyType_GenericNew,
            };

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                PyObject *mod = PyModule_Create(&m_module);
                if (mod == NULL) {
                    return NULL;
                }
                ErrorObject = PyErr_NewException("m.error", NULL, NULL);
                if (ErrorObject == NULL) {
                    return NULL;
                }
                if (PyModule_AddObjectRef(mod, "Foo", (PyObject *)&Foo_Type) < 0) {
                    return NULL;
                }
                return mod;
            }
            """;

    private static final String BOUND_CALLBACK_AFTER = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
                long v;
            } FooObject;

            typedef struct {
                PyTypeObject *Foo_Type;
                PyObject *ErrorObject;
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
                Py_VISIT(st->ErrorObject);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state *st = get_m_state(module);
                Py_CLEAR(st->Foo_Type);
                Py_CLEAR(st->ErrorObject);
                return 0;
            }

            static void
            m_free(void *module)
            {
                (void)m_clear((PyObject *)module);
            }

            static struct PyModuleDef m_module;

            static PyObject *
            foo_wakeup(FooObject *self, PyObject *arg)
            {
                m_state *st = get_m_state(PyType_GetModuleByDef(Py_TYPE(self), &m_module));
                PyErr_SetObject(st->ErrorObject, arg);
                return NULL;
            }

            static PyMethodDef foo_wakeup_def = {
                "wakeup",
                (PyCFunction)foo_wakeup,
                METH_O,
                NULL
            };

            static PyObject *
            Foo_waker(FooObject *self, PyObject *Py_UNUSED(ignored))
            {
                return PyCFunction_New(&foo_wakeup_def, (PyObject *)self);
            }

            static PyMethodDef Foo_methods[] = {
                {"waker", (PyCFunction)Foo_waker, METH_NOARGS, NULL},
                {NULL, NULL, 0, NULL},
            };

            static PyType_Slot Foo_slots[] = {
                {Py_tp_methods, Foo_methods},
                {Py_tp_new, PyType_GenericNew},
                {0, NULL},
            };

            static PyType_Spec Foo_spec = {
                .name = "m.Foo",
                .basicsize = sizeof(FooObject),
                .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE |
                          Py_TPFLAGS_IMMUTABLETYPE),
                .slots = Foo_slots,
            };

            static int
            m_exec(PyObject *mod)
            {
                m_state *st = get_m_state(mod);
                st->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    mod, &Foo_spec, NULL);
                if (st->Foo_Type == NULL) {
                    return -1;
                }
                st->ErrorObject = PyErr_NewException("m.error", NULL, NULL);
                if (st->ErrorObject == NULL) {
                    return -1;
                }
                if (PyModule_AddType(mod, st->Foo_Type) < 0) {
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

    private static final String EXEC_WRITES = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
            } FooObject;

            static PyObject *default_value;

            static void
            Foo_dealloc(PyObject *self)
            {
                PyObject_SetAttrString(default_value, "last", Py_None);
                Py_TYPE(self)->tp_free(self);
            }

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_dealloc = Foo_dealloc,
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
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
                default_value = PyDict_New();
                if (default_value == NULL) {
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    private static final String EXTERN_TYPE = """
            #include "Python.h"

            PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(PyObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
            };
            """;

    private static final String BAR_H = """
            static PyObject *bar_cache;

            static PyTypeObject Bar_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Bar",
                .tp_basicsize = sizeof(PyObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
            };
            """;

    private static final String INCLUDING = """
            #include "Python.h"
            #include "bar.h"

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
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m;
                if (PyType_Ready(&Foo_Type) < 0 || PyType_Ready(&Bar_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                Py_INCREF(&Foo_Type);
                if (PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type) < 0) {
                    Py_DECREF(&Foo_Type);
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    private static final String INCLUDING_AFTER = """
            #include "Python.h"
            #include "bar.h"

            typedef struct {
                PyObject_HEAD
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
            m_exec(PyObject *m)
            {
                m_state *st = get_m_state(m);
                st->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    m, &Foo_spec, NULL);
                if (st->Foo_Type == NULL) {
                    return -1;
                }
                if (PyType_Ready(st->Foo_Type) < 0 || PyType_Ready(&Bar_Type) < 0) {
                    return -1;
                }
                if (PyModule_AddType(m, st->Foo_Type) < 0) {
                    return -1;
                }
                return 0;
            }

            static PyModuleDef_Slot m_slots[] = {
                {Py_mod_exec, m_exec},
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
            """;

    private static final String FOREIGN_MEMBERS = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
                PyObject *dict;
            } FooObject;

            extern PyMemberDef foo_members[];

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_members = foo_members,
                .tp_dictoffset = offsetof(FooObject, dict),
                .tp_new = PyType_GenericNew,
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
                Py_INCREF(&Foo_Type);
                if (PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type) < 0) {
                    Py_DECREF(&Foo_Type);
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;
    private static final String BARE_TYPE = """
            #include "Python.h"

            static PyTypeObject PairType;

            static PyStructSequence_Field pair_fields[] = {
                {"a", NULL},
                {NULL, NULL},
            };

            static PyStructSequence_Desc pair_desc = {"m.Pair", NULL, pair_fields, 1};

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                if (PyStructSequence_InitType2(&PairType, &pair_desc) < 0) {
                    return NULL;
                }
                return m;
            }
            """;

    private static final String META_IN_INIT = """
            #include "Python.h"

            static PyTypeObject Meta_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Meta",
                .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
            };

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(PyObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
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
                Meta_Type.tp_base = &PyType_Type;
                if (PyType_Ready(&Meta_Type) < 0) {
                    return NULL;
                }
                Py_SET_TYPE(&Foo_Type, &Meta_Type);
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                return m;
            }
            """;

    private static final String DICT_IN_INIT = """
            #include "Python.h"

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(PyObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
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
                Foo_Type.tp_dict = PyDict_New();
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                return m;
            }
            """;

    private static final String FIND_MODULE = """
            #include "Python.h"

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(PyObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
            };

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
            };

            static PyObject *
            me(PyObject *self, PyObject *unused)
            {
                return Py_NewRef(PyState_FindModule(&m_module));
            }

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m;
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                return m;
            }
            """;

    private static final String TYPE_POINTER = """
            #include "Python.h"

            static PyTypeObject *FooType;

            static PyType_Slot Foo_slots[] = {
                {0, NULL},
            };

            static PyType_Spec Foo_spec = {
                .name = "m.Foo",
                .basicsize = sizeof(PyObject),
                .flags = Py_TPFLAGS_DEFAULT,
                .slots = Foo_slots,
            };

            static PyObject *
            make(PyObject *module, PyObject *unused)
            {
                return PyObject_CallNoArgs((PyObject *)FooType);
            }

            static PyMethodDef m_methods[] = {
                {"make", make, METH_NOARGS, NULL},
                {NULL, NULL, 0, NULL},
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
                PyObject *m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                FooType = (PyTypeObject *)PyType_FromSpec(&Foo_spec);
                if (FooType == NULL) {
                    return NULL;
                }
                Py_INCREF(FooType);
                if (PyModule_AddObject(m, "Foo", (PyObject *)FooType) < 0) {
                    return NULL;
                }
                return m;
            }
            """;

    private static final String TYPE_POINTER_AFTER = """
            #include "Python.h"

            typedef struct {
                PyTypeObject *FooType;
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
                Py_VISIT(st->FooType);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state *st = get_m_state(module);
                Py_CLEAR(st->FooType);
                return 0;
            }

            static void
            m_free(void *module)
            {
                (void)m_clear((PyObject *)module);
            }

            static PyType_Slot Foo_slots[] = {
                {0, NULL},
            };

            static PyType_Spec Foo_spec = {
                .name = "m.Foo",
                .basicsize = sizeof(PyObject),
                .flags = Py_TPFLAGS_DEFAULT,
                .slots = Foo_slots,
            };

            static PyObject *
            make(PyObject *module, PyObject *unused)
            {
                m_state *st = get_m_state(module);
                return PyObject_CallNoArgs((PyObject *)st->FooType);
            }

            static PyMethodDef m_methods[] = {
                {"make", make, METH_NOARGS, NULL},
                {NULL, NULL, 0, NULL},
            };

            static int
            m_exec(PyObject *m)
            {
                m_state *st = get_m_state(m);
                st->FooType = (PyTypeObject *)PyType_FromSpec(&Foo_spec);
                if (st->FooType == NULL) {
                    return -1;
                }
                Py_INCREF(st->FooType);
                if (PyModule_AddObject(m, "Foo", (PyObject *)st->FooType) < 0) {
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

    private static final String OWN_STATE_NAME = """
            #include "Python.h"

            typedef int m_state;

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(PyObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
            };

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
            };

            static PyObject *
            me(PyObject *self, PyObject *unused)
            {
                return PyLong_FromLong((m_state)1);
            }

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m;
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                return m;
            }
            """;

    private static final String OWN_STATE_NAME_AFTER = """
            #include "Python.h"

            typedef int m_state;

            static PyType_Slot Foo_slots[] = {
                {Py_tp_new, PyType_GenericNew},
                {0, NULL},
            };

            static PyType_Spec Foo_spec = {
                .name = "m.Foo",
                .basicsize = sizeof(PyObject),
                .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
                .slots = Foo_slots,
            };

            static PyObject *
            me(PyObject *self, PyObject *unused)
            {
                return PyLong_FromLong((m_state)1);
            }

            typedef struct {
                PyTypeObject *Foo_Type;
            } m_state_heapify;

            static inline m_state_heapify *
            get_m_state(PyObject *module)
            {
                void *state = PyModule_GetState(module);
                assert(state != NULL);
                return (m_state_heapify *)state;
            }

            static int
            m_traverse(PyObject *module, visitproc visit, void *arg)
            {
                m_state_heapify *st = get_m_state(module);
                Py_VISIT(st->Foo_Type);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state_heapify *st = get_m_state(module);
                Py_CLEAR(st->Foo_Type);
                return 0;
            }

            static void
            m_free(void *module)
            {
                (void)m_clear((PyObject *)module);
            }

            static int
            m_exec(PyObject *m)
            {
                m_state_heapify *st = get_m_state(m);
                st->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    m, &Foo_spec, NULL);
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
                .m_size = sizeof(m_state_heapify),
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
    private static final String OTHER_FILE_INIT = """
            #include "Python.h"

            void foo_module_init(PyObject *m);
            extern void bar_module_init(PyObject *m);

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                "m",
                NULL,
                -1,
            };

            static void m_init(PyObject *m) {
                foo_module_init(m);
                bar_module_init(m);
            }

            PyMODINIT_FUNC PyInit_m(void) {
                PyObject *m = PyModule_Create(&m_module);
                if (m) {
                    m_init(m);
                    if (PyErr_Occurred()) {
                        Py_DECREF(m);
                        m = NULL;
                    }
                }
                return m;
            }
            """;

    private static final String OTHER_FILE_INIT_WITH_TYPE = """
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

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
            };

            int other_init(PyObject *m);

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
                if (other_init(m) < 0) {
                    Py_DECREF(m);
                    return NULL;
                }
                Py_INCREF(&Foo_Type);
                PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type);
                return m;
            }
            """;
    private static final String FIRST_USER_IN_IFDEF = """
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

            #ifdef _WIN32
            static PyObject *make_win(void)
            {
                return PyObject_CallObject((PyObject *)&Foo_Type, NULL);
            }
            #endif

            static PyObject *
            m_make(PyObject *self, PyObject *unused)
            {
            #ifdef _WIN32
                return make_win();
            #else
                return PyObject_CallObject((PyObject *)&Foo_Type, NULL);
            #endif
            }

            static PyMethodDef m_methods[] = {
                {"make", m_make, METH_NOARGS, NULL},
                {NULL, NULL, 0, NULL},
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
                PyObject *m;
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                Py_INCREF(&Foo_Type);
                PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type);
                return m;
            }
            """;

    private static final String FIRST_USER_IN_IFDEF_AFTER = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
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

            #ifdef _WIN32
            static PyObject *make_win(m_state *st)
            {
                return PyObject_CallObject((PyObject *)st->Foo_Type, NULL);
            }
            #endif

            static PyObject *
            m_make(PyObject *self, PyObject *unused)
            {
                m_state *st = get_m_state(self);
            #ifdef _WIN32
                return make_win(st);
            #else
                return PyObject_CallObject((PyObject *)st->Foo_Type, NULL);
            #endif
            }

            static PyMethodDef m_methods[] = {
                {"make", m_make, METH_NOARGS, NULL},
                {NULL, NULL, 0, NULL},
            };

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

    private static final String OWN_ST = """
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

            static PyObject *
            new_foo(const char *st)
            {
                PyObject *o = PyObject_CallObject((PyObject *)&Foo_Type, NULL);
                if (o != NULL && PyObject_SetAttrString(o, "name", Py_None) < 0) {
                    Py_CLEAR(o);
                }
                (void)st;
                return o;
            }

            static PyObject *
            m_make(PyObject *self, PyObject *unused)
            {
                return new_foo("x");
            }

            static PyMethodDef m_methods[] = {
                {"make", m_make, METH_NOARGS, NULL},
                {NULL, NULL, 0, NULL},
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
                PyObject *m;
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                Py_INCREF(&Foo_Type);
                PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type);
                return m;
            }
            """;

    private static final String OWN_ST_AFTER = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
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
                m_state *st_heapify = get_m_state(module);
                Py_VISIT(st_heapify->Foo_Type);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state *st_heapify = get_m_state(module);
                Py_CLEAR(st_heapify->Foo_Type);
                return 0;
            }

            static void
            m_free(void *module)
            {
                (void)m_clear((PyObject *)module);
            }

            static PyObject *
            new_foo(m_state *st_heapify, const char *st)
            {
                PyObject *o = PyObject_CallObject((PyObject *)st_heapify->Foo_Type, NULL);
                if (o != NULL && PyObject_SetAttrString(o, "name", Py_None) < 0) {
                    Py_CLEAR(o);
                }
                (void)st;
                return o;
            }

            static PyObject *
            m_make(PyObject *self, PyObject *unused)
            {
                m_state *st_heapify = get_m_state(self);
                return new_foo(st_heapify, "x");
            }

            static PyMethodDef m_methods[] = {
                {"make", m_make, METH_NOARGS, NULL},
                {NULL, NULL, 0, NULL},
            };

            static int
            m_exec(PyObject *m)
            {
                m_state *st_heapify = get_m_state(m);
                st_heapify->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    m, &Foo_spec, NULL);
                if (st_heapify->Foo_Type == NULL) {
                    return -1;
                }
                PyModule_AddType(m, st_heapify->Foo_Type);
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

    private static final String MACRO_INIT = """
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

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
            };

            MODINIT_DEFINE(m)
            {
                PyObject *m;
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                Py_INCREF(&Foo_Type);
                PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type);
                return m;
            }
            """;

    private static final String PY2_SPLIT_INIT = """
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

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
            };

            #if PY_MAJOR_VERSION >= 3
            PyMODINIT_FUNC
            PyInit_m(void)
            #else
            #include "py2compat.h"
            PyMODINIT_FUNC
            initm(void)
            #endif
            {
                PyObject *m;
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                Py_INCREF(&Foo_Type);
                PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type);
                return m;
            }
            """;
}
