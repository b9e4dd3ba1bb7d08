package heapify.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import heapify.render.Renderer;
import heapify.source.SourceText;
import heapify.transform.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule module-unit with a single-phase init that keeps its state found by PyState_FindModule,
 * shaped like CPython 3.11's _io: mod.c adds the module's types from a static array in one loop
 * and sets a base before it; counter.c defines Counter_Type, used by nothing else, and Base_Type,
 * which mod.c names as that base. Counter_Type is created after the loop from its spec on the
 * static base; the module stays single-phase; Base_Type and the array's other entries stay.
 */
class ModuleUnitSinglePhaseTest {
    private static final Renderer RENDERER =
            new Renderer(Path.of(System.getProperty("heapify.root", "."), "templates"));

    private static final String HEADER = """
            #ifndef MOD_H
            #define MOD_H

            #include "Python.h"

            extern PyTypeObject Base_Type;
            extern PyTypeObject Counter_Type;

            #endif
            """;

    private static final String TYPE_FILE = """
            #include "mod.h"

            typedef struct {
                PyObject_HEAD
                long n;
            } CounterObject;

            static void
            counter_dealloc(CounterObject *self)
            {
                Py_TYPE(self)->tp_free((PyObject *)self);
            }

            PyTypeObject Base_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "mod.Base",
                .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
            };

            PyTypeObject Counter_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "mod.Counter",
                .tp_basicsize = sizeof(CounterObject),
                .tp_dealloc = (destructor)counter_dealloc,
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
            };
            """;

    private static final String INIT_FILE = """
            #include "mod.h"

            struct PyModuleDef mod_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "mod",
                .m_size = sizeof(int),
            };

            int *
            mod_state(void)
            {
                return PyModule_GetState(PyState_FindModule(&mod_module));
            }

            static PyTypeObject *static_types[] = {
                &Base_Type,
                &Counter_Type,
            };

            PyMODINIT_FUNC
            PyInit_mod(void)
            {
                PyObject *m = PyModule_Create(&mod_module);
                if (m == NULL) {
                    return NULL;
                }
                Counter_Type.tp_base = &Base_Type;
                for (size_t i = 0; i < Py_ARRAY_LENGTH(static_types); i++) {
                    if (PyModule_AddType(m, static_types[i]) < 0) {
                        goto fail;
                    }
                }
                return m;

              fail:
                Py_DECREF(m);
                return NULL;
            }
            """;

    private static final String HEADER_AFTER = """
            #ifndef MOD_H
            #define MOD_H

            #include "Python.h"

            extern PyTypeObject Base_Type;
            extern PyType_Spec Counter_Type_spec;

            #endif
            """;

    private static final String TYPE_FILE_AFTER = """
            #include "mod.h"

            typedef struct {
                PyObject_HEAD
                long n;
            } CounterObject;

            static void
            counter_dealloc(CounterObject *self)
            {
                PyTypeObject *tp = Py_TYPE(self);
                tp->tp_free((PyObject *)self);
                Py_DECREF(tp);
            }

            PyTypeObject Base_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "mod.Base",
                .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
            };

            static PyType_Slot Counter_Type_slots[] = {
                {Py_tp_dealloc, (destructor)counter_dealloc},
                {Py_tp_new, PyType_GenericNew},
                {0, NULL},
            };

            PyType_Spec Counter_Type_spec = {
                .name = "mod.Counter",
                .basicsize = sizeof(CounterObject),
                .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
                .slots = Counter_Type_slots,
            };
            """;

    private static final String INIT_FILE_AFTER = """
            #include "mod.h"

            struct PyModuleDef mod_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "mod",
                .m_size = sizeof(int),
            };

            int *
            mod_state(void)
            {
                return PyModule_GetState(PyState_FindModule(&mod_module));
            }

            static PyTypeObject *static_types[] = {
                &Base_Type,
            };

            PyMODINIT_FUNC
            PyInit_mod(void)
            {
                PyObject *m = PyModule_Create(&mod_module);
                if (m == NULL) {
                    return NULL;
                }
                for (size_t i = 0; i < Py_ARRAY_LENGTH(static_types); i++) {
                    if (PyModule_AddType(m, static_types[i]) < 0) {
                        goto fail;
                    }
                }

                PyTypeObject *counter_type = (PyTypeObject *)PyType_FromModuleAndSpec(
                        m, &Counter_Type_spec, (PyObject *)&Base_Type);
                if (counter_type == NULL) {
                    goto fail;
                }
                int rc = PyModule_AddType(m, counter_type);
                Py_DECREF(counter_type);
                if (rc < 0) {
                    goto fail;
                }
                return m;

              fail:
                Py_DECREF(m);
                return NULL;
            }
            """;

    private static final String BASE_KEPT = "counter.c:14:1: warning: type 'Base_Type' is declared extern in 'mod.h' "
            + "for the module of 'mod.c'; left static: 'mod.c' cannot create it: the single-phase init file names "
            + "it at line 27, where heapify does not rewrite it to a created type [module-unit]";

    @TempDir
    Path dir;

    @BeforeEach
    void writeModule() throws IOException {
        write(HEADER, TYPE_FILE, INIT_FILE);
    }

    private void write(String header, String type, String init) throws IOException {
        Files.writeString(dir.resolve("mod.h"), header);
        Files.writeString(dir.resolve("counter.c"), type);
        Files.writeString(dir.resolve("mod.c"), init);
    }

    private FileMigrator.Result migrate(FileMigrator m, String name) throws IOException {
        Path p = dir.resolve(name);
        return m.migrate(SourceText.of(p, Files.readString(p)), name);
    }

    private FileMigrator migrator() {
        return new FileMigrator(RENDERER, new Options(11),
                Set.of("mod.c", "counter.c").stream().map(dir::resolve).collect(Collectors.toSet()));
    }

    @Test
    void theTypeIsCreatedAfterTheLoopOnItsStaticBase() throws IOException {
        FileMigrator m = migrator();
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(TYPE_FILE_AFTER, type.output());
        // Base_Type is named once, with its module's reason, as on a rerun
        assertEquals(List.of(BASE_KEPT, "counter.c:20:1: note: type 'Counter_Type' is "
                + "declared extern in 'mod.h' and used only by 'mod.c': migrated with its module; 'mod.h' declares "
                + "its spec 'Counter_Type_spec' instead, and 'PyInit_mod' creates it [module-unit]"),
                type.formattedDiagnostics());
        FileMigrator.Result init = migrate(m, "mod.c");
        assertEquals(INIT_FILE_AFTER, init.output());
        assertEquals(List.of(FIND_MODULE, "mod.c:28:5: "
                + "note: type 'Counter_Type', defined in another file of the module, is created after this loop "
                + "from 'Counter_Type_spec', which 'mod.h' now declares instead of the type, no longer added from "
                + "its static array; 'PyInit_mod' holds it in 'counter_type' [module-unit]"),
                init.formattedDiagnostics());
        assertEquals(1, init.included().size());
        assertEquals(HEADER_AFTER, init.included().get(0).output());
    }

    @Test
    void aSecondRunChangesNothing() throws IOException {
        write(HEADER_AFTER, TYPE_FILE_AFTER, INIT_FILE_AFTER);
        FileMigrator m = migrator();
        for (String f : List.of("counter.c", "mod.c")) {
            FileMigrator.Result r = migrate(m, f);
            assertEquals(Files.readString(dir.resolve(f)), r.output(), f);
            assertEquals(List.of(), r.included(), f);
        }
        // and warns as the first run did (its notes said what moved), at the lines they moved to
        assertEquals(List.of(BASE_KEPT.replace("counter.c:14:1", "counter.c:16:1").replace("line 27", "line 33")),
                migrate(m, "counter.c").formattedDiagnostics());
        assertEquals(List.of(FIND_MODULE), migrate(m, "mod.c").formattedDiagnostics());
    }

    private static final String FIND_MODULE = "mod.c:12:30: warning: PyState_FindModule finds no multi-phase "
            + "module; heapify does not yet thread the state to its callers instead, so the module stays single-phase, "
            + "and heapify changes the file only to create the types of its module's other files (rule module-unit) "
            + "[state-find-module]";

    @Test
    void theLastEntryOfTheArrayStays() throws IOException {
        String alone = INIT_FILE.replace("    &Base_Type,\n", "").replace("    Counter_Type.tp_base = &Base_Type;\n",
                "");
        String one = TYPE_FILE.replaceFirst("(?s)PyTypeObject Base_Type = \\{.*?};\n\n", "");
        write(HEADER.replace("extern PyTypeObject Base_Type;\n", ""), one, alone);
        FileMigrator m = migrator();
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(one, type.output());
        assertEquals(List.of("counter.c:14:1: warning: type 'Counter_Type' is declared extern in 'mod.h' for the "
                + "module of 'mod.c'; left static: every type of the array 'static_types' it is added from would "
                + "migrate, and heapify leaves no array empty [module-unit]"), type.formattedDiagnostics());
        assertEquals(alone, migrate(m, "mod.c").output());
    }

    @Test
    void aTypeNamedElsewhereInTheInitStays() throws IOException {
        String named = INIT_FILE.replace("    return m;\n", "    if (!PyType_HasFeature(&Counter_Type, 0)) {\n"
                + "        goto fail;\n    }\n    return m;\n");
        write(HEADER, TYPE_FILE, named);
        FileMigrator m = migrator();
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(TYPE_FILE, type.output());
        assertEquals(named, migrate(m, "mod.c").output());
        assertEquals(true, type.formattedDiagnostics().contains("counter.c:20:1: warning: type 'Counter_Type' is "
                + "declared extern in 'mod.h' for the module of 'mod.c'; left static: 'mod.c' cannot create it: the "
                + "single-phase init file names it at line 33, where heapify does not rewrite it to a created type "
                + "[module-unit]"), type.formattedDiagnostics().toString());
    }

    @Test
    void aBaseSetUnderAConditionForAStaticSubclassStays() throws IOException {
        // CPython 3.11's _io: PyWindowsConsoleIO_Type.tp_base = &PyRawIOBase_Type; under #ifdef MS_WINDOWS
        String windows = INIT_FILE.replace("    &Counter_Type,\n", "#ifdef MS_WINDOWS\n    &Counter_Type,\n#endif\n")
                .replace("    Counter_Type.tp_base = &Base_Type;\n",
                        "#ifdef MS_WINDOWS\n    Counter_Type.tp_base = &Base_Type;\n#endif\n");
        write(HEADER, TYPE_FILE, windows);
        FileMigrator m = migrator();
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(TYPE_FILE, type.output());
        assertEquals(true, type.formattedDiagnostics().contains("counter.c:14:1: warning: type 'Base_Type' is "
                + "declared extern in 'mod.h' for the module of 'mod.c'; left static: 'mod.c' cannot create it: its "
                + "subclass 'Counter_Type' takes it as its base under a preprocessor condition (line 30) and stays "
                + "static, and a static type cannot derive from a heap type [module-unit]"),
                type.formattedDiagnostics().toString());
        assertEquals(windows, migrate(m, "mod.c").output());
    }

    @Test
    void aBaseOfAStaticSubclassSaysSoBesideItsOwnReason() throws IOException {
        // CPython 3.11's _io: PyRawIOBase_Type, which stays, names &PyIOBase_Type in its initializer
        String named = INIT_FILE.replace("    Counter_Type.tp_base = &Base_Type;\n", "")
                .replace("    return m;\n", "    if (!PyType_HasFeature(&Counter_Type, 0)) {\n"
                + "        goto fail;\n    }\n    return m;\n");
        String derived = TYPE_FILE.replace("    .tp_name = \"mod.Counter\",\n",
                "    .tp_name = \"mod.Counter\",\n    .tp_base = &Base_Type,\n");
        write(HEADER, derived, named);
        FileMigrator m = migrator();
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(derived, type.output());
        assertEquals(List.of("counter.c:14:1: warning: type 'Base_Type' is declared extern in 'mod.h' for the module "
                + "of 'mod.c'; left static: 'counter.c' names it outside a function whose first parameter points to "
                + "the instance struct of a type of its file (line 23), where heapify cannot read it from the module "
                + "state; and 'Counter_Type' ('counter.c'), which stays static, derives from it [module-unit]",
                "counter.c:20:1: warning: type 'Counter_Type' is declared extern in 'mod.h' for the module of 'mod.c'; "
                + "left static: 'mod.c' cannot create it: the single-phase init file names it at line 32, where "
                + "heapify does not rewrite it to a created type [module-unit]"), type.formattedDiagnostics());
    }

    /** counter.c's own exact check, before its dealloc: rewritten (rule exact-check-by-dealloc), so it migrates. */
    private static final String CHECKED = TYPE_FILE.replace("static void\ncounter_dealloc", """
            static PyObject *
            counter_exact(PyObject *self)
            {
                if (Py_IS_TYPE(self, &Counter_Type)) {
                    Py_RETURN_TRUE;
                }
                Py_RETURN_FALSE;
            }

            static void
            counter_dealloc""");

    @Test
    void anExactCheckInItsOwnFileComparesTheDealloc() throws IOException {
        write(HEADER, CHECKED, INIT_FILE);
        FileMigrator m = migrator();
        FileMigrator.Result type = migrate(m, "counter.c");
        String out = type.output();
        // the dealloc takes the file's own typedef, complete before the check: declared ahead
        assertEquals(true, out.contains("""
                } CounterObject;

                static void counter_dealloc(CounterObject *self);

                static PyObject *
                counter_exact(PyObject *self)
                {
                    if (Py_TYPE(self)->tp_dealloc == (destructor)counter_dealloc) {
                """), out);
        assertEquals(true, out.contains("PyType_Spec Counter_Type_spec = {"), out);
        assertEquals(INIT_FILE_AFTER, migrate(m, "mod.c").output());
    }

    @Test
    void anotherUseInItsOwnFileKeepsItStatic() throws IOException {
        String used = CHECKED.replace("Py_IS_TYPE(self, &Counter_Type)", "PyObject_TypeCheck(self, &Counter_Type)");
        write(HEADER, used, INIT_FILE);
        FileMigrator m = migrator();
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(used, type.output());
        assertEquals(true, type.formattedDiagnostics().contains("counter.c:29:1: warning: type 'Counter_Type' is "
                + "declared extern in 'mod.h' for the module of 'mod.c'; left static: 'counter.c' names it outside a "
                + "function whose first parameter points to the instance struct of a type of its file (line 11), "
                + "where heapify cannot read it from the module state [module-unit]"),
                type.formattedDiagnostics().toString());
        assertEquals(INIT_FILE, migrate(m, "mod.c").output());
    }

    @Test
    void typesCreatedAfterTheLoopShareOneResult() throws IOException {
        String header = HEADER.replace("extern PyTypeObject Counter_Type;\n",
                "extern PyTypeObject Counter_Type;\nextern PyTypeObject Other_Type;\n");
        String type = TYPE_FILE + """

                PyTypeObject Other_Type = {
                    PyVarObject_HEAD_INIT(NULL, 0)
                    .tp_name = "mod.Other",
                    .tp_basicsize = sizeof(CounterObject),
                    .tp_flags = Py_TPFLAGS_DEFAULT,
                    .tp_new = PyType_GenericNew,
                };
                """;
        String init = INIT_FILE.replace("    &Counter_Type,\n", "    &Counter_Type,\n    &Other_Type,\n");
        write(header, type, init);
        FileMigrator m = migrator();
        assertEquals(true, migrate(m, "counter.c").output().contains("PyType_Spec Other_Type_spec = {"));
        String out = migrate(m, "mod.c").output();
        assertEquals(true, out.contains("""
                    int rc = PyModule_AddType(m, counter_type);
                    Py_DECREF(counter_type);
                    if (rc < 0) {
                        goto fail;
                    }

                    PyTypeObject *other_type = (PyTypeObject *)PyType_FromModuleAndSpec(
                            m, &Other_Type_spec, NULL);
                    if (other_type == NULL) {
                        goto fail;
                    }
                    rc = PyModule_AddType(m, other_type);
                """), out);
    }
}
