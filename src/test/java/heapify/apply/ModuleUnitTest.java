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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule module-unit on a two-file module shaped like CPython 3.11's _multiprocessing: counter.c
 * defines {@code Counter_Type} without {@code static}, mod.h declares it extern, mod.c's exec adds
 * it and writes its dict. Migrated together, byte for byte; one file alone, or a type another file
 * uses, stays as it was with the reason.
 */
class ModuleUnitTest {
    private static final Renderer RENDERER =
            new Renderer(Path.of(System.getProperty("heapify.root", "."), "templates"));

    private static final String HEADER = """
            #ifndef MOD_H
            #define MOD_H

            #include "Python.h"

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

            static int
            mod_exec(PyObject *module)
            {
                if (PyModule_AddType(module, &Counter_Type) < 0) {
                    return -1;
                }
                if (PyDict_SetItemString(Counter_Type.tp_dict, "LIMIT", Py_None) < 0) {
                    return -1;
                }
                return 0;
            }

            static PyModuleDef_Slot mod_slots[] = {
                {Py_mod_exec, mod_exec},
                {0, NULL}
            };

            static struct PyModuleDef mod_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "mod",
                .m_slots = mod_slots,
            };

            PyMODINIT_FUNC
            PyInit_mod(void)
            {
                return PyModuleDef_Init(&mod_module);
            }
            """;

    private static final String HEADER_AFTER = """
            #ifndef MOD_H
            #define MOD_H

            #include "Python.h"

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

            static int
            mod_exec(PyObject *module)
            {
                PyTypeObject *counter_type = (PyTypeObject *)PyType_FromModuleAndSpec(
                        module, &Counter_Type_spec, NULL);
                if (counter_type == NULL) {
                    return -1;
                }
                int rc = PyModule_AddType(module, counter_type);
                Py_DECREF(counter_type);
                if (rc < 0) {
                    return -1;
                }
                if (PyDict_SetItemString(counter_type->tp_dict, "LIMIT", Py_None) < 0) {
                    return -1;
                }
                PyType_Modified(counter_type);
                return 0;
            }

            static PyModuleDef_Slot mod_slots[] = {
                {Py_mod_exec, mod_exec},
                {0, NULL}
            };

            static struct PyModuleDef mod_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "mod",
                .m_slots = mod_slots,
            };

            PyMODINIT_FUNC
            PyInit_mod(void)
            {
                return PyModuleDef_Init(&mod_module);
            }
            """;

    private static final String TYPE_NOTE = "counter.c:14:1: note: type 'Counter_Type' is declared extern in 'mod.h' "
            + "and used only by 'mod.c': migrated with its module; 'mod.h' declares its spec 'Counter_Type_spec' "
            + "instead, and 'mod_exec' creates it [module-unit]";
    private static final String INIT_NOTE = "mod.c:6:5: note: type 'Counter_Type', defined in another file of the "
            + "module, is created here from 'Counter_Type_spec', which 'mod.h' now declares instead of the type; "
            + "'mod_exec' holds it in 'counter_type' [module-unit]";

    @TempDir
    Path dir;

    @BeforeEach
    void writeModule() throws IOException {
        Files.writeString(dir.resolve("mod.h"), HEADER);
        Files.writeString(dir.resolve("counter.c"), TYPE_FILE);
        Files.writeString(dir.resolve("mod.c"), INIT_FILE);
    }

    private FileMigrator.Result migrate(FileMigrator m, String name) throws IOException {
        Path p = dir.resolve(name);
        return m.migrate(SourceText.of(p, Files.readString(p)), name);
    }

    private FileMigrator migrator(String... inputs) {
        return new FileMigrator(RENDERER, new Options(11),
                Set.of(inputs).stream().map(dir::resolve).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void theFilesMigrateTogether() throws IOException {
        FileMigrator m = migrator("mod.c", "counter.c");
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(TYPE_FILE_AFTER, type.output());
        assertEquals(List.of(TYPE_NOTE), type.formattedDiagnostics());
        assertEquals(List.of(), type.included());
        FileMigrator.Result init = migrate(m, "mod.c");
        assertEquals(INIT_FILE_AFTER, init.output());
        assertEquals(List.of(INIT_NOTE), init.formattedDiagnostics());
        assertEquals(1, init.included().size());
        assertEquals("mod.h", init.included().get(0).name());
        assertEquals(HEADER_AFTER, init.included().get(0).output());
        assertEquals(true, type.complete() && init.complete());
    }

    @Test
    void aSecondRunChangesNothing() throws IOException {
        Files.writeString(dir.resolve("mod.h"), HEADER_AFTER);
        Files.writeString(dir.resolve("counter.c"), TYPE_FILE_AFTER);
        Files.writeString(dir.resolve("mod.c"), INIT_FILE_AFTER);
        FileMigrator m = migrator("mod.c", "counter.c");
        for (String f : List.of("counter.c", "mod.c")) {
            FileMigrator.Result r = migrate(m, f);
            assertEquals(Files.readString(dir.resolve(f)), r.output(), f);
            assertEquals(List.of(), r.formattedDiagnostics(), f);
            assertEquals(List.of(), r.included(), f);
        }
    }

    @Test
    void oneFileAloneStaysAsItWas() throws IOException {
        FileMigrator.Result type = migrate(migrator("counter.c"), "counter.c");
        assertEquals(TYPE_FILE, type.output());
        assertEquals(List.of("counter.c:14:1: warning: type 'Counter_Type' is declared extern in 'mod.h' for the "
                + "module of 'mod.c'; left static: its module is migrated as one unit only when 'mod.c' and "
                + "'counter.c' are migrated in the same run (give heapify their folder) [module-unit]"),
                type.formattedDiagnostics());
        FileMigrator.Result init = migrate(migrator("mod.c"), "mod.c");
        assertEquals(INIT_FILE, init.output());
        assertEquals(List.of(), init.included());
    }

    @Test
    void aTypeAnotherFileUsesStaysWithItsUsers() throws IOException {
        Files.writeString(dir.resolve("other.c"), "#include \"mod.h\"\n\nint is_counter(PyObject *o)\n"
                + "{\n    return Py_IS_TYPE(o, &Counter_Type);\n}\n");
        FileMigrator m = migrator("mod.c", "counter.c", "other.c");
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(TYPE_FILE, type.output());
        assertEquals(List.of("counter.c:14:1: warning: type 'Counter_Type' is declared extern in 'mod.h' for the "
                + "module of 'mod.c'; left static: 'other.c' names it outside a function whose first parameter "
                + "points to the instance struct of a type of its file (line 5), where heapify cannot read it from "
                + "the module state [module-unit]"), type.formattedDiagnostics());
        assertEquals(INIT_FILE, migrate(m, "mod.c").output());
    }

    @Test
    void aTypeUnderAnotherConditionThanItsAddStays() throws IOException {
        String guarded = TYPE_FILE.replace("PyTypeObject Counter_Type = {", "#ifdef HAVE_COUNTER\nPyTypeObject "
                + "Counter_Type = {") + "#endif\n";
        Files.writeString(dir.resolve("counter.c"), guarded);
        FileMigrator m = migrator("mod.c", "counter.c");
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(guarded, type.output());
        assertEquals(List.of("counter.c:15:1: warning: type 'Counter_Type' is declared extern in 'mod.h' for the "
                + "module of 'mod.c'; left static: it is defined under preprocessor conditions [#ifdef HAVE_COUNTER "
                + "| 0] other than those of its creation in 'mod.c' [] [module-unit]"), type.formattedDiagnostics());
        assertEquals(INIT_FILE, migrate(m, "mod.c").output());
    }

    @Test
    void aTypeExportedFromTheSharedObjectStays() throws IOException {
        String exported = TYPE_FILE.replace("PyTypeObject Counter_Type = {", "Py_EXPORTED_SYMBOL PyTypeObject "
                + "Counter_Type = {");
        Files.writeString(dir.resolve("counter.c"), exported);
        FileMigrator m = migrator("mod.c", "counter.c");
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(exported, type.output());
        assertEquals(List.of("counter.c:14:1: warning: type 'Counter_Type' is declared extern in 'mod.h' for the "
                + "module of 'mod.c'; left static: 'counter.c' exports it from the shared object "
                + "(Py_EXPORTED_SYMBOL), so other extensions may use it [module-unit]"), type.formattedDiagnostics());
        assertEquals(INIT_FILE, migrate(m, "mod.c").output());
    }

    /** An init that creates the module itself, which heapify's own plan moves to multi-phase. */
    @Test
    void aSinglePhaseInitFileNamesItsInit() throws IOException {
        String single = """
                #include "mod.h"

                static struct PyModuleDef mod_module = {
                    PyModuleDef_HEAD_INIT,
                    .m_name = "mod",
                    .m_size = sizeof(int),
                };

                PyMODINIT_FUNC
                PyInit_mod(void)
                {
                    PyObject *module = PyModule_Create(&mod_module);
                    if (module == NULL) {
                        return NULL;
                    }
                    if (PyModule_AddType(module, &Counter_Type) < 0) {
                        Py_DECREF(module);
                        return NULL;
                    }
                    return module;
                }
                """;
        Files.writeString(dir.resolve("mod.c"), single);
        FileMigrator m = migrator("mod.c", "counter.c");
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(TYPE_FILE, type.output());
        assertEquals(List.of("counter.c:14:1: warning: type 'Counter_Type' is declared extern in 'mod.h' for the "
                + "module of 'mod.c'; left static: its module's init file 'mod.c' cannot create it: 'PyInit_mod' is "
                + "single-phase, and heapify creates types of other files only in a multi-phase init file that has "
                + "nothing of its own to migrate [module-unit]"), type.formattedDiagnostics());
        assertEquals(single, migrate(m, "mod.c").output());
    }

    @Test
    void anInitFileWithStateOfItsOwnNamesIt() throws IOException {
        String own = INIT_FILE.replace("static int\nmod_exec", "static PyObject *cache;\n\nstatic PyTypeObject "
                + "Local_Type = {\n    PyVarObject_HEAD_INIT(NULL, 0)\n    .tp_name = \"mod.Local\",\n    "
                + ".tp_flags = Py_TPFLAGS_DEFAULT,\n};\n\nstatic int\nmod_exec").replace("    return 0;\n}\n\nstatic "
                + "PyModuleDef_Slot", "    cache = Py_None;\n    if (PyModule_AddType(module, &Local_Type) < 0) {\n"
                + "        return -1;\n    }\n    return 0;\n}\n\nstatic PyModuleDef_Slot");
        Files.writeString(dir.resolve("mod.c"), own);
        FileMigrator.Result type = migrate(migrator("mod.c", "counter.c"), "counter.c");
        assertEquals(TYPE_FILE, type.output());
        assertEquals(List.of("counter.c:14:1: warning: type 'Counter_Type' is declared extern in 'mod.h' for the "
                + "module of 'mod.c'; left static: its module's init file 'mod.c' cannot create it: it has static "
                + "types of its own ('Local_Type'), it has process-wide state of its own ('cache'), and heapify "
                + "creates types of other files only in a multi-phase init file that has nothing of its own to "
                + "migrate [module-unit]"), type.formattedDiagnostics());
    }

    /** mercurial's cext: manifest.c's static types, set up by manifest_module_init, which parsers.c's init calls. */
    @Test
    void aStaticTypeThatAFunctionTheInitCallsSetsUpNamesItsModule() throws IOException {
        Files.delete(dir.resolve("counter.c"));
        String setUp = TYPE_FILE.replace("PyTypeObject Counter_Type = {", "static PyTypeObject Counter_Type = {")
                + "\nvoid counter_module_init(PyObject *mod)\n{\n    if (PyType_Ready(&Counter_Type) < 0) {\n"
                + "        return;\n    }\n    PyModule_AddType(mod, &Counter_Type);\n}\n";
        Files.writeString(dir.resolve("lazy.c"), setUp);
        Files.writeString(dir.resolve("mod.c"), INIT_FILE.replaceFirst("(?s)    if \\(PyModule_AddType.*?    return 0;",
                "    counter_module_init(module);\n    return 0;"));
        Files.writeString(dir.resolve("mod.h"), HEADER.replace("extern PyTypeObject Counter_Type;",
                "void counter_module_init(PyObject *mod);"));
        FileMigrator.Result type = migrate(migrator("mod.c", "lazy.c"), "lazy.c");
        assertEquals(setUp, type.output());
        assertEquals(List.of("lazy.c:14:1: warning: type 'Counter_Type' is set up by 'counter_module_init', which "
                + "the init of 'mod.c' calls; left static: 'counter_module_init' readies it and adds it to the module "
                + "it is given in 'lazy.c', while heapify creates a type of another file only where its module's "
                + "init file adds it [module-unit]"), type.formattedDiagnostics());
    }

    /** A single-phase init with m_size -1, as mercurial's parsers.c and zstd.c: {@code PyInit_} calls the set-up function. */
    private static final String LEGACY_INIT = """
            #include "mod.h"

            static struct PyModuleDef mod_module = {
                PyModuleDef_HEAD_INIT, "mod", NULL, -1, NULL
            };

            PyMODINIT_FUNC
            PyInit_mod(void)
            {
                PyObject *m = PyModule_Create(&mod_module);
                if (m != NULL) {
                    counter_module_init(m);
                }
                return m;
            }
            """;

    private static final String SET_UP = TYPE_FILE.replace("PyTypeObject Counter_Type = {",
            "static PyTypeObject Counter_Type = {") + "\nvoid counter_module_init(PyObject *mod)\n{\n"
            + "    if (PyType_Ready(&Counter_Type) < 0) {\n        return;\n    }\n"
            + "    PyModule_AddType(mod, &Counter_Type);\n}\n";

    /** mercurial's parsers.c: the module keeps one dict for every interpreter, so a heap type would be shared too. */
    @Test
    void aTypeSetUpForALegacySinglePhaseModuleSaysEveryInterpreterSharesIt() throws IOException {
        Files.delete(dir.resolve("counter.c"));
        Files.writeString(dir.resolve("lazy.c"), SET_UP);
        Files.writeString(dir.resolve("mod.c"), LEGACY_INIT);
        Files.writeString(dir.resolve("mod.h"), HEADER.replace("extern PyTypeObject Counter_Type;",
                "void counter_module_init(PyObject *mod);"));
        FileMigrator m = migrator("mod.c", "lazy.c");
        FileMigrator.Result type = migrate(m, "lazy.c");
        assertEquals(SET_UP, type.output());
        assertEquals(List.of("lazy.c:14:1: warning: type 'Counter_Type' is set up by 'counter_module_init', which "
                + "the init of 'mod.c' calls; left static: its module stays single-phase with m_size -1 (rule "
                + "init-calls-other-file on 'mod.c'), so Python runs 'PyInit_mod' once per process and gives every "
                + "later interpreter a copy of the module's dict: a type created from a spec there would still be "
                + "one object that all interpreters share, as this static one is [module-unit]"),
                type.formattedDiagnostics());
        assertEquals(LEGACY_INIT, migrate(m, "mod.c").output());
    }

    /** pillow's _imaging.c: its method table names the function that readies the type, no function of it calls it. */
    @Test
    void aSetUpFunctionTheInitOnlyNamesIsSaidToBeNamed() throws IOException {
        Files.delete(dir.resolve("counter.c"));
        Files.writeString(dir.resolve("lazy.c"), SET_UP.replace("void counter_module_init(PyObject *mod)",
                "PyObject *\ncounter_new(PyObject *mod, PyObject *args)").replace("        return;",
                "        return NULL;").replace("    PyModule_AddType(mod, &Counter_Type);\n",
                "    return PyObject_New(PyObject, &Counter_Type);\n"));
        Files.writeString(dir.resolve("mod.h"), HEADER.replace("extern PyTypeObject Counter_Type;",
                "PyObject *counter_new(PyObject *mod, PyObject *args);"));
        Files.writeString(dir.resolve("mod.c"), LEGACY_INIT.replace("PyModuleDef_HEAD_INIT, \"mod\", NULL, -1, NULL",
                "PyModuleDef_HEAD_INIT, \"mod\", NULL, -1, mod_methods").replace("static struct PyModuleDef",
                "static PyMethodDef mod_methods[] = {\n    {\"counter\", counter_new, METH_VARARGS, NULL},\n"
                + "    {NULL, NULL}\n};\n\nstatic struct PyModuleDef").replace("                    counter_module_init(m);\n",
                "                    PyModule_AddIntConstant(m, \"n\", 1);\n").replace("if (m != NULL) {\n        counter_module_init(m);",
                "if (m != NULL) {\n        PyModule_AddIntConstant(m, \"n\", 1);"));
        FileMigrator.Result type = migrate(migrator("mod.c", "lazy.c"), "lazy.c");
        assertEquals(List.of("lazy.c:14:1: warning: type 'Counter_Type' is set up by 'counter_new', which 'mod.c' "
                + "names; left static: 'counter_new' readies it when it is called in 'lazy.c', while heapify "
                + "creates a type of another file only where its module's init file adds it [module-unit]"),
                type.formattedDiagnostics());
    }

    /**
     * python-zstandard: c-ext/*.c define the types their header declares, and zstd.c, one folder
     * up, includes that header through -Ic-ext and calls their set-up functions.
     */
    @Test
    void anInitFileOneFolderUpThatIncludesTheHeaderThroughAnIncludePathIsNamed() throws IOException {
        Files.delete(dir.resolve("counter.c"));
        Files.delete(dir.resolve("mod.h"));
        Path ext = Files.createDirectories(dir.resolve("ext"));
        String extern = SET_UP.replace("static PyTypeObject Counter_Type = {", "PyTypeObject Counter_Type = {");
        Files.writeString(ext.resolve("lazy.c"), extern);
        Files.writeString(ext.resolve("mod.h"), HEADER);
        Files.writeString(dir.resolve("mod.c"), LEGACY_INIT.replace("#include \"mod.h\"\n",
                "#include \"mod.h\"\n\nvoid counter_module_init(PyObject *mod);\n"));
        FileMigrator m = migrator("mod.c", "ext/lazy.c");
        FileMigrator.Result type = migrate(m, "ext/lazy.c");
        assertEquals(extern, type.output());
        String why = "ext/lazy.c:14:1: warning: type 'Counter_Type' is declared extern in 'mod.h'; left static: ";
        assertEquals(List.of(why + "its module's init file '../mod.c', in another folder, includes 'mod.h' through an "
                + "include path; it is set up by 'counter_module_init', which the init of '../mod.c' calls, and its "
                + "module stays single-phase with m_size -1 (rule init-calls-other-file on 'mod.c'), so Python runs "
                + "'PyInit_mod' once per process and gives every later interpreter a copy of the module's dict: a "
                + "type created from a spec there would still be one object that all interpreters share, as this "
                + "static one is [module-unit]"), type.formattedDiagnostics());
        // a header of that name beside the init file is the one it includes: no module of this folder
        Files.writeString(dir.resolve("mod.h"), "#include \"Python.h\"\n");
        assertEquals(List.of(why + "no file of its folder with a PyInit_ function includes 'mod.h' [module-unit]"),
                migrate(migrator("mod.c", "ext/lazy.c"), "ext/lazy.c").formattedDiagnostics());
    }
}
