package heapify.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import heapify.corpus.CpythonSource;
import heapify.render.Renderer;
import heapify.source.SourceText;
import heapify.transform.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules module-unit and clinic-state together, shaped like CPython 3.11's _io BufferedRWPair:
 * pair.c defines the extern Pair_Type, whose clinic class line names {@code "&Pair_Type"}, and
 * the tree's clinic wrote an exact check of it into the {@code __init__} parser of
 * clinic/pair.c.h. Pair_Type joins the module's state (mod.h); the class line names
 * {@code clinic_state()->Pair_Type}, {@code clinic_state()} finds the state from the parser's
 * {@code self} through the header's accessor, and the tree's clinic (CPython 3.11.2's, obtained
 * at test time) regenerates the parser. The inputs are clinic's own output for their clinic input.
 */
class ModuleUnitClinicTest {
    private static final Renderer RENDERER =
            new Renderer(Path.of(System.getProperty("heapify.root", "."), "templates"));

    private static final String HEADER = """
            #ifndef MOD_H
            #define MOD_H

            #include "Python.h"

            extern PyTypeObject Pair_Type;

            extern PyModuleDef mod_module;

            typedef struct {
                int initialized;
                PyObject *error;
            } mod_state;

            #define MOD_STATE(mod) ((mod_state *)PyModule_GetState(mod))

            #endif
            """;

    private static final String INIT_FILE = """
            #include "mod.h"

            static int
            mod_traverse(PyObject *module, visitproc visit, void *arg)
            {
                mod_state *state = MOD_STATE(module);
                Py_VISIT(state->error);
                return 0;
            }

            static int
            mod_clear(PyObject *module)
            {
                mod_state *state = MOD_STATE(module);
                Py_CLEAR(state->error);
                return 0;
            }

            PyModuleDef mod_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "mod",
                .m_size = sizeof(mod_state),
                .m_traverse = mod_traverse,
                .m_clear = mod_clear,
            };

            mod_state *
            mod_global_state(void)
            {
                return MOD_STATE(PyState_FindModule(&mod_module));
            }

            static PyTypeObject *static_types[] = {
                &PyBaseObject_Type,
                &Pair_Type,
            };

            PyMODINIT_FUNC
            PyInit_mod(void)
            {
                PyObject *m = PyModule_Create(&mod_module);
                mod_state *state = NULL;
                if (m == NULL) {
                    return NULL;
                }
                state = MOD_STATE(m);
                state->error = PyErr_NewException("mod.error", NULL, NULL);
                if (state->error == NULL) {
                    goto fail;
                }
                for (size_t i = 0; i < Py_ARRAY_LENGTH(static_types); i++) {
                    if (PyModule_AddType(m, static_types[i]) < 0) {
                        goto fail;
                    }
                }
                state->initialized = 1;
                return m;

              fail:
                Py_DECREF(m);
                return NULL;
            }
            """;

    private static final String PAIR = """
            #include "mod.h"

            /*[clinic input]
            module mod
            class mod.Pair "PairObject *" "&Pair_Type"
            [clinic start generated code]*/
            /*[clinic end generated code: output=da39a3ee5e6b4b0d input=2df3037725db3fe1]*/

            typedef struct {
                PyObject_HEAD
                long n;
            } PairObject;

            /*[clinic input]
            mod.Pair.__init__
                n: long
                /
            [clinic start generated code]*/

            static int
            mod_Pair___init___impl(PairObject *self, long n)
            /*[clinic end generated code: output=ab17a2ab291e83da input=52589e2f0bcc579b]*/
            {
                self->n = n;
                return 0;
            }

            #include "clinic/pair.c.h"

            static void
            pair_dealloc(PairObject *self)
            {
                Py_TYPE(self)->tp_free((PyObject *)self);
            }

            PyTypeObject Pair_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "mod.Pair",
                .tp_basicsize = sizeof(PairObject),
                .tp_dealloc = (destructor)pair_dealloc,
                .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                .tp_init = mod_Pair___init__,
                .tp_new = PyType_GenericNew,
            };
            """;

    private static final String PAIR_CLINIC = """
            /*[clinic input]
            preserve
            [clinic start generated code]*/

            static int
            mod_Pair___init___impl(PairObject *self, long n);

            static int
            mod_Pair___init__(PyObject *self, PyObject *args, PyObject *kwargs)
            {
                int return_value = -1;
                long n;

                if ((Py_IS_TYPE(self, &Pair_Type) ||
                     Py_TYPE(self)->tp_new == Pair_Type.tp_new) &&
                    !_PyArg_NoKeywords("Pair", kwargs)) {
                    goto exit;
                }
                if (!_PyArg_CheckPositional("Pair", PyTuple_GET_SIZE(args), 1, 1)) {
                    goto exit;
                }
                n = PyLong_AsLong(PyTuple_GET_ITEM(args, 0));
                if (n == -1 && PyErr_Occurred()) {
                    goto exit;
                }
                return_value = mod_Pair___init___impl((PairObject *)self, n);

            exit:
                return return_value;
            }
            /*[clinic end generated code: output=c53ac83b6bf476a9 input=a9049054013a1b77]*/
            """;

    private static final String HEADER_AFTER = """
            #ifndef MOD_H
            #define MOD_H

            #include "Python.h"

            extern PyType_Spec Pair_Type_spec;

            extern PyModuleDef mod_module;

            typedef struct {
                int initialized;
                PyObject *error;
                PyTypeObject *Pair_Type;
            } mod_state;

            #define MOD_STATE(mod) ((mod_state *)PyModule_GetState(mod))

            static inline mod_state *
            find_mod_state_by_def(PyTypeObject *type)
            {
                PyObject *mod = PyType_GetModuleByDef(type, &mod_module);
                assert(mod != NULL);
                return MOD_STATE(mod);
            }

            #endif
            """;

    private static final String PAIR_AFTER = """
            #include "mod.h"

            /*[clinic input]
            module mod
            class mod.Pair "PairObject *" "clinic_state()->Pair_Type"
            [clinic start generated code]*/
            /*[clinic end generated code: output=da39a3ee5e6b4b0d input=db92277a1e959155]*/

            typedef struct {
                PyObject_HEAD
                long n;
            } PairObject;

            /*[clinic input]
            mod.Pair.__init__
                n: long
                /
            [clinic start generated code]*/

            static int
            mod_Pair___init___impl(PairObject *self, long n)
            /*[clinic end generated code: output=ab17a2ab291e83da input=52589e2f0bcc579b]*/
            {
                self->n = n;
                return 0;
            }

            #define clinic_state() (find_mod_state_by_def(Py_TYPE(self)))
            #include "clinic/pair.c.h"
            #undef clinic_state

            static void
            pair_dealloc(PairObject *self)
            {
                PyTypeObject *tp = Py_TYPE(self);
                tp->tp_free((PyObject *)self);
                Py_DECREF(tp);
            }

            static PyType_Slot Pair_Type_slots[] = {
                {Py_tp_dealloc, (destructor)pair_dealloc},
                {Py_tp_init, mod_Pair___init__},
                {Py_tp_new, PyType_GenericNew},
                {0, NULL},
            };

            PyType_Spec Pair_Type_spec = {
                .name = "mod.Pair",
                .basicsize = sizeof(PairObject),
                .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE |
                          Py_TPFLAGS_IMMUTABLETYPE),
                .slots = Pair_Type_slots,
            };
            """;

    private static final String PAIR_CLINIC_AFTER = """
            /*[clinic input]
            preserve
            [clinic start generated code]*/

            static int
            mod_Pair___init___impl(PairObject *self, long n);

            static int
            mod_Pair___init__(PyObject *self, PyObject *args, PyObject *kwargs)
            {
                int return_value = -1;
                long n;

                if ((Py_IS_TYPE(self, clinic_state()->Pair_Type) ||
                     Py_TYPE(self)->tp_new == clinic_state()->Pair_Type->tp_new) &&
                    !_PyArg_NoKeywords("Pair", kwargs)) {
                    goto exit;
                }
                if (!_PyArg_CheckPositional("Pair", PyTuple_GET_SIZE(args), 1, 1)) {
                    goto exit;
                }
                n = PyLong_AsLong(PyTuple_GET_ITEM(args, 0));
                if (n == -1 && PyErr_Occurred()) {
                    goto exit;
                }
                return_value = mod_Pair___init___impl((PairObject *)self, n);

            exit:
                return return_value;
            }
            /*[clinic end generated code: output=6216edb557fc1965 input=a9049054013a1b77]*/
            """;

    private static final String INIT_FILE_AFTER = """
            #include "mod.h"

            static int
            mod_traverse(PyObject *module, visitproc visit, void *arg)
            {
                mod_state *state = MOD_STATE(module);
                Py_VISIT(state->error);
                Py_VISIT(state->Pair_Type);
                return 0;
            }

            static int
            mod_clear(PyObject *module)
            {
                mod_state *state = MOD_STATE(module);
                Py_CLEAR(state->error);
                Py_CLEAR(state->Pair_Type);
                return 0;
            }

            PyModuleDef mod_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "mod",
                .m_size = sizeof(mod_state),
                .m_traverse = mod_traverse,
                .m_clear = mod_clear,
            };

            mod_state *
            mod_global_state(void)
            {
                return MOD_STATE(PyState_FindModule(&mod_module));
            }

            static PyTypeObject *static_types[] = {
                &PyBaseObject_Type,
            };

            PyMODINIT_FUNC
            PyInit_mod(void)
            {
                PyObject *m = PyModule_Create(&mod_module);
                mod_state *state = NULL;
                if (m == NULL) {
                    return NULL;
                }
                state = MOD_STATE(m);
                state->error = PyErr_NewException("mod.error", NULL, NULL);
                if (state->error == NULL) {
                    goto fail;
                }
                for (size_t i = 0; i < Py_ARRAY_LENGTH(static_types); i++) {
                    if (PyModule_AddType(m, static_types[i]) < 0) {
                        goto fail;
                    }
                }

                state->Pair_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                        m, &Pair_Type_spec, NULL);
                if (state->Pair_Type == NULL) {
                    goto fail;
                }
                if (PyModule_AddType(m, state->Pair_Type) < 0) {
                    goto fail;
                }
                state->initialized = 1;
                return m;

              fail:
                Py_DECREF(m);
                return NULL;
            }
            """;

    @TempDir
    Path tree;

    private Path modules() {
        return tree.resolve("Modules");
    }

    private void write(String header, String init, String pair, String clinic) throws IOException {
        Files.createDirectories(modules().resolve("clinic"));
        Files.writeString(modules().resolve("mod.h"), header);
        Files.writeString(modules().resolve("mod.c"), init);
        Files.writeString(modules().resolve("pair.c"), pair);
        Files.writeString(modules().resolve("clinic/pair.c.h"), clinic);
        Path tools = Files.createDirectories(tree.resolve("Tools/clinic"));
        try (var s = Files.list(CpythonSource.root().resolve("Tools/clinic"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".py")).toList()) {
                Files.copy(p, tools.resolve(p.getFileName()));
            }
        }
    }

    private FileMigrator.Result migrate(FileMigrator m, String name) throws IOException {
        Path p = modules().resolve(name);
        return m.migrate(SourceText.of(p, Files.readString(p)), name);
    }

    private FileMigrator migrator() {
        return new FileMigrator(RENDERER, new Options(11),
                Set.of("mod.c", "pair.c").stream().map(modules()::resolve).collect(Collectors.toSet()));
    }

    @Test
    void theClassLineNamesTheStateFoundFromSelfAndClinicRegeneratesTheParser() throws IOException {
        write(HEADER, INIT_FILE, PAIR, PAIR_CLINIC);
        FileMigrator m = migrator();
        FileMigrator.Result pair = migrate(m, "pair.c");
        assertEquals(PAIR_AFTER, pair.output());
        assertEquals(1, pair.included().size());
        assertEquals(PAIR_CLINIC_AFTER, pair.included().get(0).output());
        assertEquals(true, pair.formattedDiagnostics().toString().contains("[clinic-state]"),
                pair.formattedDiagnostics().toString());
        FileMigrator.Result init = migrate(m, "mod.c");
        assertEquals(1, init.included().size());
        assertEquals(HEADER_AFTER, init.included().get(0).output());
        assertEquals(INIT_FILE_AFTER, init.output());
    }

    @Test
    void aSecondRunChangesNothing() throws IOException {
        write(HEADER_AFTER, INIT_FILE_AFTER, PAIR_AFTER, PAIR_CLINIC_AFTER);
        FileMigrator m = migrator();
        for (String f : List.of("pair.c", "mod.c")) {
            FileMigrator.Result r = migrate(m, f);
            assertEquals(Files.readString(modules().resolve(f)), r.output(), f);
            assertEquals(List.of(), r.included(), f);
        }
    }

    @Test
    void theTreesClinicOverTheMigratedFileChangesNothing() throws Exception {
        write(HEADER_AFTER, INIT_FILE_AFTER, PAIR_AFTER, PAIR_CLINIC_AFTER);
        String python = System.getenv().getOrDefault("HEAPIFY_CLINIC_PYTHON", "python3");
        Process p = new ProcessBuilder(python, tree.resolve("Tools/clinic/clinic.py").toString(),
                modules().resolve("pair.c").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertEquals(PAIR_AFTER, Files.readString(modules().resolve("pair.c")));
        assertEquals(PAIR_CLINIC_AFTER, Files.readString(modules().resolve("clinic/pair.c.h")));
    }
}
