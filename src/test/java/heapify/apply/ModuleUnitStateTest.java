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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules module-unit and state-merged together, shaped like CPython 3.11's _io: mod.h declares
 * the module's state struct and its getter macro; mod.c, single-phase, adds Counter_Type (of
 * counter.c) from its static array and names it in a module function. Counter_Type joins that
 * state: created after the loop into {@code state->Counter_Type}, visited and cleared by the
 * hooks, read by the module function through {@code MOD_STATE(module)}; never a second state.
 */
class ModuleUnitStateTest {
    private static final Renderer RENDERER =
            new Renderer(Path.of(System.getProperty("heapify.root", "."), "templates"));

    static final String HEADER = """
            #ifndef MOD_H
            #define MOD_H

            #include "Python.h"

            extern PyTypeObject Counter_Type;

            extern PyModuleDef mod_module;

            typedef struct {
                int initialized;
                PyObject *error;
            } mod_state;

            #define MOD_STATE(mod) ((mod_state *)PyModule_GetState(mod))

            #endif
            """;

    static final String TYPE_FILE = """
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

    static final String INIT_FILE = """
            #include "mod.h"

            static PyObject *
            mod_make(PyObject *module, PyObject *unused)
            {
                return PyObject_CallNoArgs((PyObject *)&Counter_Type);
            }

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

            static PyMethodDef mod_methods[] = {
                {"make", mod_make, METH_NOARGS, NULL},
                {NULL, NULL}
            };

            PyModuleDef mod_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "mod",
                .m_size = sizeof(mod_state),
                .m_methods = mod_methods,
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
                &Counter_Type,
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

    private static final String HEADER_AFTER = """
            #ifndef MOD_H
            #define MOD_H

            #include "Python.h"

            extern PyType_Spec Counter_Type_spec;

            extern PyModuleDef mod_module;

            typedef struct {
                int initialized;
                PyObject *error;
                PyTypeObject *Counter_Type;
            } mod_state;

            #define MOD_STATE(mod) ((mod_state *)PyModule_GetState(mod))

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

            static PyObject *
            mod_make(PyObject *module, PyObject *unused)
            {
                mod_state *state = MOD_STATE(module);
                return PyObject_CallNoArgs((PyObject *)state->Counter_Type);
            }

            static int
            mod_traverse(PyObject *module, visitproc visit, void *arg)
            {
                mod_state *state = MOD_STATE(module);
                Py_VISIT(state->error);
                Py_VISIT(state->Counter_Type);
                return 0;
            }

            static int
            mod_clear(PyObject *module)
            {
                mod_state *state = MOD_STATE(module);
                Py_CLEAR(state->error);
                Py_CLEAR(state->Counter_Type);
                return 0;
            }

            static PyMethodDef mod_methods[] = {
                {"make", mod_make, METH_NOARGS, NULL},
                {NULL, NULL}
            };

            PyModuleDef mod_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "mod",
                .m_size = sizeof(mod_state),
                .m_methods = mod_methods,
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

                state->Counter_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                        m, &Counter_Type_spec, NULL);
                if (state->Counter_Type == NULL) {
                    goto fail;
                }
                if (PyModule_AddType(m, state->Counter_Type) < 0) {
                    goto fail;
                }
                state->initialized = 1;
                return m;

              fail:
                Py_DECREF(m);
                return NULL;
            }
            """;

    private static final String NOTE = "mod.c:63:5: note: type 'Counter_Type', defined in another file of the "
            + "module, joins the module's state 'mod_state' ('mod.h'): created after this loop from "
            + "'Counter_Type_spec', visited and cleared with the state's other fields; module functions reach it "
            + "through 'MOD_STATE(module)'; the module stays single-phase [state-merged]";

    @TempDir
    Path dir;

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
    void theTypeJoinsTheStateTheHeaderDeclares() throws IOException {
        write(HEADER, TYPE_FILE, INIT_FILE);
        FileMigrator m = migrator();
        assertEquals(TYPE_FILE_AFTER, migrate(m, "counter.c").output());
        FileMigrator.Result init = migrate(m, "mod.c");
        assertEquals(INIT_FILE_AFTER, init.output());
        assertEquals(true, init.formattedDiagnostics().contains(NOTE), init.formattedDiagnostics().toString());
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
    }

    @Test
    void withoutAGetterOfTheStateTheTypeStays() throws IOException {
        String header = HEADER.replace("#define MOD_STATE(mod) ((mod_state *)PyModule_GetState(mod))\n", "")
                .replace("#endif", "#define MOD_STATE(mod) ((mod_state *)PyModule_GetState(mod))\n#endif")
                .replace("((mod_state *)PyModule_GetState(mod))", "(mod_state *)PyModule_GetState(mod)");
        write(header, TYPE_FILE, INIT_FILE);
        FileMigrator m = migrator();
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(TYPE_FILE, type.output());
        assertEquals(List.of("counter.c:14:1: warning: type 'Counter_Type' is declared extern in 'mod.h' for the "
                + "module of 'mod.c'; left static: 'mod.c' cannot create it: the single-phase init file names it at "
                + "line 6, where heapify does not rewrite it to a created type (the module's state is not of the "
                + "shape heapify merges into) [module-unit]"), type.formattedDiagnostics());
        assertEquals(INIT_FILE, migrate(m, "mod.c").output());
    }

    @Test
    void aModuleFunctionThatNamesStateKeepsItStatic() throws IOException {
        String init = INIT_FILE.replace("    return PyObject_CallNoArgs((PyObject *)&Counter_Type);",
                "    PyObject *state = (PyObject *)&Counter_Type;\n    return PyObject_CallNoArgs(state);");
        write(HEADER, TYPE_FILE, init);
        FileMigrator m = migrator();
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(TYPE_FILE, type.output());
        assertEquals(List.of("counter.c:14:1: warning: type 'Counter_Type' is declared extern in 'mod.h' for the "
                + "module of 'mod.c'; left static: a module function of 'mod.c' that names it already names "
                + "'state', the local heapify would give it [module-unit]"), type.formattedDiagnostics());
        assertEquals(init, migrate(m, "mod.c").output());
    }

    @Test
    void aBaseOfTypesThatMigrateJoinsTheStateAndIsCreatedFirst() throws IOException {
        String header = HEADER.replace("extern PyTypeObject Counter_Type;\n",
                "extern PyTypeObject Base_Type;\nextern PyTypeObject Counter_Type;\n");
        String type = TYPE_FILE.replace("PyTypeObject Counter_Type = {", """
                PyTypeObject Base_Type = {
                    PyVarObject_HEAD_INIT(NULL, 0)
                    .tp_name = "mod.Base",
                    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                    .tp_base = &PyBaseObject_Type,
                };

                PyTypeObject Counter_Type = {""");
        String init = INIT_FILE.replace("    &Counter_Type,\n", "    &Base_Type,\n    &Counter_Type,\n")
                .replace("    for (size_t i", "    Counter_Type.tp_base = &Base_Type;\n    for (size_t i");
        write(header, type, init);
        FileMigrator m = migrator();
        String typeOut = migrate(m, "counter.c").output();
        // the initializer's base is kept as a slot: the init creates it without one
        assertEquals(true, typeOut.contains("    {Py_tp_base, &PyBaseObject_Type},\n"), typeOut);
        assertEquals(true, typeOut.contains("PyType_Spec Base_Type_spec = {"), typeOut);
        FileMigrator.Result r = migrate(m, "mod.c");
        String out = r.output();
        assertEquals(false, out.contains("Counter_Type.tp_base"), out);
        assertEquals(false, java.util.regex.Pattern.compile("&Base_Type\\b").matcher(out).find(), out);
        assertEquals(true, out.contains("""
                    state->Base_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                            m, &Base_Type_spec, NULL);
                    if (state->Base_Type == NULL) {
                        goto fail;
                    }
                    if (PyModule_AddType(m, state->Base_Type) < 0) {
                        goto fail;
                    }

                    state->Counter_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                            m, &Counter_Type_spec, (PyObject *)state->Base_Type);
                """), out);
        assertEquals(true, out.contains("    Py_VISIT(state->Base_Type);\n    Py_VISIT(state->Counter_Type);\n"), out);
        assertEquals(true, r.included().get(0).output().contains("""
                    PyTypeObject *Base_Type;
                    PyTypeObject *Counter_Type;
                } mod_state;
                """), r.included().get(0).output());
    }

    @Test
    void aBaseOfATypeThatStaysStays() throws IOException {
        String header = HEADER.replace("extern PyTypeObject Counter_Type;\n",
                "extern PyTypeObject Base_Type;\nextern PyTypeObject Counter_Type;\n");
        String type = TYPE_FILE.replace("PyTypeObject Counter_Type = {", """
                PyTypeObject Base_Type = {
                    PyVarObject_HEAD_INIT(NULL, 0)
                    .tp_name = "mod.Base",
                    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                };

                PyTypeObject Counter_Type = {""");
        // Counter_Type is also named where heapify does not rewrite it: it stays, so its base does
        String init = INIT_FILE.replace("    &Counter_Type,\n", "    &Base_Type,\n    &Counter_Type,\n")
                .replace("    for (size_t i", "    Counter_Type.tp_base = &Base_Type;\n    for (size_t i")
                .replace("    state->initialized = 1;\n", "    state->initialized = Counter_Type.tp_flags != 0;\n");
        write(header, type, init);
        FileMigrator m = migrator();
        FileMigrator.Result r = migrate(m, "counter.c");
        assertEquals(type, r.output());
        assertEquals(true, r.formattedDiagnostics().contains("counter.c:14:1: warning: type 'Base_Type' is declared "
                + "extern in 'mod.h' for the module of 'mod.c'; left static: the single-phase init file sets it as "
                + "the base of 'Counter_Type', which stays static [module-unit]"), r.formattedDiagnostics().toString());
        assertEquals(init, migrate(m, "mod.c").output());
    }
    static final String BOX_FILE = """
            #include "mod.h"

            typedef struct {
                PyObject_HEAD
            } BoxObject;

            static PyObject *
            box_make(BoxObject *self, PyObject *unused)
            {
                return PyObject_CallNoArgs((PyObject *)&Counter_Type);
            }

            static PyMethodDef box_methods[] = {
                {"make", (PyCFunction)box_make, METH_NOARGS, NULL},
                {NULL, NULL}
            };

            PyTypeObject Box_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "mod.Box",
                .tp_basicsize = sizeof(BoxObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_methods = box_methods,
                .tp_new = PyType_GenericNew,
            };
            """;

    private FileMigrator boxMigrator() {
        return new FileMigrator(RENDERER, new Options(11),
                Set.of("mod.c", "counter.c", "box.c").stream().map(dir::resolve).collect(Collectors.toSet()));
    }

    @Test
    void aMethodOfAnotherFileReadsTheTypeFromTheStateOfItsInstancesType() throws IOException {
        String header = HEADER.replace("extern PyTypeObject Counter_Type;\n",
                "extern PyTypeObject Box_Type;\nextern PyTypeObject Counter_Type;\n");
        String init = INIT_FILE.replace("    &Counter_Type,\n", "    &Box_Type,\n    &Counter_Type,\n");
        write(header, TYPE_FILE, init);
        Files.writeString(dir.resolve("box.c"), BOX_FILE);
        FileMigrator m = boxMigrator();
        FileMigrator.Result box = migrate(m, "box.c");
        assertEquals(true, box.output().contains("""
                box_make(BoxObject *self, PyObject *unused)
                {
                    mod_state *state = find_mod_state_by_def(Py_TYPE(self));
                    return PyObject_CallNoArgs((PyObject *)state->Counter_Type);
                }
                """), box.output());
        assertEquals(true, box.output().contains("PyType_Spec Box_Type_spec = {"), box.output());
        assertEquals(true, box.formattedDiagnostics().toString().contains("type 'Counter_Type' joins the module's "
                + "state 'mod_state': box_make read it as 'state->Counter_Type'"), box.formattedDiagnostics()
                .toString());
        assertEquals(TYPE_FILE_AFTER, migrate(m, "counter.c").output());
        FileMigrator.Result r = migrate(m, "mod.c");
        assertEquals(true, r.output().contains("    Py_VISIT(state->Counter_Type);\n"), r.output());
        String headerOut = r.included().get(0).output();
        assertEquals(HEADER_AFTER.replace("extern PyType_Spec Counter_Type_spec;\n",
                "extern PyType_Spec Box_Type_spec;\nextern PyType_Spec Counter_Type_spec;\n").replace(
                "#define MOD_STATE(mod) ((mod_state *)PyModule_GetState(mod))\n", """
                #define MOD_STATE(mod) ((mod_state *)PyModule_GetState(mod))

                static inline mod_state *
                find_mod_state_by_def(PyTypeObject *type)
                {
                    PyObject *mod = PyType_GetModuleByDef(type, &mod_module);
                    assert(mod != NULL);
                    return MOD_STATE(mod);
                }
                """), headerOut);
        // a rerun over the output changes nothing
        Files.writeString(dir.resolve("mod.h"), headerOut);
        Files.writeString(dir.resolve("box.c"), box.output());
        Files.writeString(dir.resolve("counter.c"), TYPE_FILE_AFTER);
        Files.writeString(dir.resolve("mod.c"), r.output());
        FileMigrator again = boxMigrator();
        for (String f : List.of("box.c", "counter.c", "mod.c")) {
            FileMigrator.Result a = migrate(again, f);
            assertEquals(Files.readString(dir.resolve(f)), a.output(), f);
            assertEquals(List.of(), a.included(), f);
        }
    }

    @Test
    void aMethodOfATypeThatStaysKeepsTheTypeStatic() throws IOException {
        String header = HEADER.replace("extern PyTypeObject Counter_Type;\n",
                "extern PyTypeObject Box_Type;\nextern PyTypeObject Counter_Type;\n");
        // Box_Type is not added by the init: it stays, so its method cannot find the state
        write(header, TYPE_FILE, INIT_FILE);
        Files.writeString(dir.resolve("box.c"), BOX_FILE);
        FileMigrator m = boxMigrator();
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(TYPE_FILE, type.output());
        assertEquals(true, type.formattedDiagnostics().toString().contains("left static: 'box.c' names it in a "
                + "function of 'BoxObject *', which only a type that migrates could give the module's state "
                + "[module-unit]"), type.formattedDiagnostics().toString());
        assertEquals(BOX_FILE, migrate(m, "box.c").output());
    }
    @Test
    void anExactCheckTooLongForItsLineBreaksAfterItsComparison() throws IOException {
        // the only check of its line of code, past 79 columns once it compares the dealloc: broken
        // after '==', the dealloc 8 columns deeper (PEP 7), so the type needs no state there
        String type = TYPE_FILE + """

                int
                counter_check(PyObject *an_object_named_to_wrap_its_ck)
                {
                    return Py_IS_TYPE(an_object_named_to_wrap_its_ck, &Counter_Type);
                }
                """;
        write(HEADER, type, INIT_FILE);
        FileMigrator m = migrator();
        String out = migrate(m, "counter.c").output();
        assertEquals(true, out.contains("""
                    return Py_TYPE(an_object_named_to_wrap_its_ck)->tp_dealloc ==
                            (destructor)counter_dealloc;
                """), out);
        assertEquals(true, out.lines().allMatch(l -> l.length() <= 79), out);
        assertEquals(true, out.contains("PyType_Spec Counter_Type_spec = {"), out);
    }
    @Test
    void beforePython311AMethodOfAnotherFileKeepsTheTypeStatic() throws IOException {
        String header = HEADER.replace("extern PyTypeObject Counter_Type;\n",
                "extern PyTypeObject Box_Type;\nextern PyTypeObject Counter_Type;\n");
        String init = INIT_FILE.replace("    &Counter_Type,\n", "    &Box_Type,\n    &Counter_Type,\n");
        write(header, TYPE_FILE, init);
        Files.writeString(dir.resolve("box.c"), BOX_FILE);
        FileMigrator m = new FileMigrator(RENDERER, new Options(10),
                Set.of("mod.c", "counter.c", "box.c").stream().map(dir::resolve).collect(Collectors.toSet()));
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(TYPE_FILE, type.output());
        assertEquals(true, type.formattedDiagnostics().toString().contains("left static: methods of other types "
                + "would find the module's state with PyType_GetModuleByDef, which is new in Python 3.11 (the target "
                + "is 3.10) [module-unit]"), type.formattedDiagnostics().toString());
        assertEquals(false, migrate(m, "box.c").output().contains("find_mod_state_by_def"));
    }

    @Test
    void aGroupTooLongOnceItReadsTheStateBreaksAfterItsParen() throws IOException {
        // the check's line passes 79 columns with 'state->': its group, aligned after its paren,
        // breaks after that paren, its operands 8 columns deeper than the line
        String header = HEADER.replace("extern PyTypeObject Counter_Type;\n",
                "extern PyTypeObject Box_Type;\nextern PyTypeObject Counter_Type;\n");
        String init = INIT_FILE.replace("    &Counter_Type,\n", "    &Box_Type,\n    &Counter_Type,\n");
        String box = BOX_FILE.replace("    PyObject_HEAD\n", "    PyObject_HEAD\n    int checks_closed_fast_for_a_box;\n")
                .replace("    return PyObject_CallNoArgs((PyObject *)&Counter_Type);\n", """
                    self->checks_closed_fast_for_a_box = (Py_IS_TYPE(unused, &Counter_Type) &&
                                                          PyLong_Check(unused));
                    Py_RETURN_NONE;
                """);
        write(header, TYPE_FILE, init);
        Files.writeString(dir.resolve("box.c"), box);
        FileMigrator.Result r = migrate(boxMigrator(), "box.c");
        assertEquals(true, r.output().contains("""
                {
                    mod_state *state = find_mod_state_by_def(Py_TYPE(self));
                    self->checks_closed_fast_for_a_box = (
                            Py_IS_TYPE(unused, state->Counter_Type) &&
                            PyLong_Check(unused));
                    Py_RETURN_NONE;
                }
                """), r.output());
        assertEquals(true, r.output().lines().allMatch(l -> l.length() <= 79), r.output());
    }

    @Test
    void aLongLineWhoseGroupIsNotAlignedKeepsTheTypeStatic() throws IOException {
        String header = HEADER.replace("extern PyTypeObject Counter_Type;\n",
                "extern PyTypeObject Box_Type;\nextern PyTypeObject Counter_Type;\n");
        String init = INIT_FILE.replace("    &Counter_Type,\n", "    &Box_Type,\n    &Counter_Type,\n");
        String box = BOX_FILE.replace("    PyObject_HEAD\n", "    PyObject_HEAD\n    int checks_closed_fast_for_a_box;\n")
                .replace("    return PyObject_CallNoArgs((PyObject *)&Counter_Type);\n", """
                    self->checks_closed_fast_for_a_box = (Py_IS_TYPE(unused, &Counter_Type) &&
                        PyLong_Check(unused));
                    Py_RETURN_NONE;
                """);
        write(header, TYPE_FILE, init);
        Files.writeString(dir.resolve("box.c"), box);
        FileMigrator m = boxMigrator();
        FileMigrator.Result type = migrate(m, "counter.c");
        assertEquals(TYPE_FILE, type.output());
        assertEquals(true, type.formattedDiagnostics().toString().contains("left static: 'box.c' names it on a "
                + "line that reading it from the state would take past 79 columns (line 11)"),
                type.formattedDiagnostics().toString());
    }

    @Test
    void anArgumentLineTooLongOnceItReadsTheStateBreaksAfterTheTypesArgument() throws IOException {
        // a line of arguments that would pass 79 columns: broken after the type's argument, the
        // rest at the line's indent
        String header = HEADER.replace("extern PyTypeObject Counter_Type;\n",
                "extern PyTypeObject Box_Type;\nextern PyTypeObject Counter_Type;\n");
        String init = INIT_FILE.replace("    &Counter_Type,\n", "    &Box_Type,\n    &Counter_Type,\n");
        String box = BOX_FILE.replace("    return PyObject_CallNoArgs((PyObject *)&Counter_Type);\n", """
                    return PyObject_CallFunction(
                            (PyObject *) &Counter_Type, "OOn", unused, unused, (Py_ssize_t)1);
                """);
        write(header, TYPE_FILE, init);
        Files.writeString(dir.resolve("box.c"), box);
        FileMigrator.Result r = migrate(boxMigrator(), "box.c");
        assertEquals(true, r.output().contains("""
                    mod_state *state = find_mod_state_by_def(Py_TYPE(self));
                    return PyObject_CallFunction(
                            (PyObject *) state->Counter_Type,
                            "OOn", unused, unused, (Py_ssize_t)1);
                """), r.output());
        assertEquals(true, r.output().lines().allMatch(l -> l.length() <= 79), r.output());
    }

    @Test
    void aMethodWithAnEarlierRunsStateLocalReadsTheTypeFromIt() throws IOException {
        // a rerun where an earlier run gave the method its state local (for another type): the
        // type is read from that local, never a second one, and the reasons stay the first run's
        String header = HEADER.replace("extern PyTypeObject Counter_Type;\n",
                "extern PyTypeObject Box_Type;\nextern PyTypeObject Counter_Type;\n").replace(
                "#define MOD_STATE(mod) ((mod_state *)PyModule_GetState(mod))\n", """
                #define MOD_STATE(mod) ((mod_state *)PyModule_GetState(mod))

                static inline mod_state *
                find_mod_state_by_def(PyTypeObject *type)
                {
                    PyObject *mod = PyType_GetModuleByDef(type, &mod_module);
                    assert(mod != NULL);
                    return MOD_STATE(mod);
                }
                """);
        String init = INIT_FILE.replace("    &Counter_Type,\n", "    &Box_Type,\n    &Counter_Type,\n");
        String box = BOX_FILE.replace("    return PyObject_CallNoArgs((PyObject *)&Counter_Type);\n", """
                    mod_state *state = find_mod_state_by_def(Py_TYPE(self));
                    if (state->error == NULL) {
                        return NULL;
                    }
                    return PyObject_CallNoArgs((PyObject *)&Counter_Type);
                """);
        write(header, TYPE_FILE, init);
        Files.writeString(dir.resolve("box.c"), box);
        FileMigrator.Result r = migrate(boxMigrator(), "box.c");
        assertEquals(true, r.output().contains("""
                {
                    mod_state *state = find_mod_state_by_def(Py_TYPE(self));
                    if (state->error == NULL) {
                        return NULL;
                    }
                    return PyObject_CallNoArgs((PyObject *)state->Counter_Type);
                }
                """), r.output());
    }

    @Test
    void aRerunGivesATypeReadByAnotherFilesMethodsTheFirstRunsReason() throws IOException {
        // Counter_Type is read by methods of Box_Type (migrates) and of Crate_Type (not added by
        // the init: stays), so it stays. On the rerun box.c's struct belongs to a spec, not to a
        // static type, and serves as a migrating one: the reason is crate.c's, as the first time
        String header = HEADER.replace("extern PyTypeObject Counter_Type;\n",
                "extern PyTypeObject Box_Type;\nextern PyTypeObject Counter_Type;\nextern PyTypeObject Crate_Type;\n");
        String init = INIT_FILE.replace("    &Counter_Type,\n", "    &Box_Type,\n    &Counter_Type,\n");
        write(header, TYPE_FILE, init);
        Files.writeString(dir.resolve("box.c"), BOX_FILE);
        Files.writeString(dir.resolve("crate.c"), BOX_FILE.replace("Box", "Crate").replace("box", "crate"));
        java.util.function.Supplier<FileMigrator> migrator = () -> new FileMigrator(RENDERER, new Options(11),
                Set.of("mod.c", "counter.c", "box.c", "crate.c").stream().map(dir::resolve)
                        .collect(Collectors.toSet()));
        FileMigrator m = migrator.get();
        FileMigrator.Result box = migrate(m, "box.c");
        FileMigrator.Result counter = migrate(m, "counter.c");
        FileMigrator.Result r = migrate(m, "mod.c");
        assertEquals(true, box.output().contains("PyType_Spec Box_Type_spec = {"), box.output());
        List<String> first = counter.formattedDiagnostics();
        assertEquals(true, first.toString().contains("left static: 'crate.c' names it in a function of "
                + "'CrateObject *'"), first.toString());
        Files.writeString(dir.resolve("box.c"), box.output());
        Files.writeString(dir.resolve("counter.c"), counter.output());
        Files.writeString(dir.resolve("mod.c"), r.output());
        Files.writeString(dir.resolve("mod.h"), r.included().get(0).output());
        FileMigrator.Result counterAgain = migrate(migrator.get(), "counter.c");
        assertEquals(counter.output(), counterAgain.output());
        assertEquals(first, counterAgain.formattedDiagnostics());
    }

    /** TYPE_FILE with a tentative definition and a check macro that a function of its instance uses. */
    private static String checked(String use) {
        return TYPE_FILE.replace("} CounterObject;\n", """
                } CounterObject;

                PyTypeObject Counter_Type;

                #define Counter_Check(op) (PyObject_TypeCheck((op), &Counter_Type))
                """) + """

                int
                counter_valid(CounterObject *self, PyObject *other)
                {
                    return %s;
                }
                """.formatted(use);
    }

    @Test
    void aCheckMacroOfMethodsReadsTheTypeFromItsArgumentsType() throws IOException {
        // as CPython 3.11's fileio.c: 'PyTypeObject PyFileIO_Type;' before PyFileIO_Check, whose
        // only use passes a method's self; the tentative definition goes with the type
        write(HEADER, checked("Counter_Check(self)"), INIT_FILE);
        FileMigrator m = migrator();
        FileMigrator.Result type = migrate(m, "counter.c");
        String out = type.output();
        assertEquals(true, out.contains("""
                } CounterObject;

                #define Counter_Check(op) (PyObject_TypeCheck((op), \\
                        find_mod_state_by_def(Py_TYPE(op))->Counter_Type))

                static void
                """), out);
        assertEquals(true, out.contains("    return Counter_Check(self);\n"), out);
        assertEquals(true, out.contains("PyType_Spec Counter_Type_spec = {"), out);
        assertEquals(false, out.contains("PyTypeObject Counter_Type"), out);
        assertEquals(true, out.lines().allMatch(l -> l.length() <= 79), out);
        assertEquals(true, type.formattedDiagnostics().toString().contains("macro 'Counter_Check' reads it from "
                + "its argument's type through 'find_mod_state_by_def'"), type.formattedDiagnostics().toString());
        FileMigrator.Result init = migrate(m, "mod.c");
        String header = init.included().get(0).output();
        assertEquals(true, header.contains("find_mod_state_by_def(PyTypeObject *type)\n"), header);
        // a rerun over the output changes nothing
        Files.writeString(dir.resolve("mod.h"), header);
        Files.writeString(dir.resolve("counter.c"), out);
        Files.writeString(dir.resolve("mod.c"), init.output());
        FileMigrator again = migrator();
        for (String f : List.of("counter.c", "mod.c")) {
            FileMigrator.Result a = migrate(again, f);
            assertEquals(Files.readString(dir.resolve(f)), a.output(), f);
            assertEquals(List.of(), a.included(), f);
        }
    }

    @Test
    void aCheckMacroUsedOnAnotherObjectKeepsTheTypeStatic() throws IOException {
        // 'other' may be of any type: its type need not find the module
        String type = checked("Counter_Check(other)");
        write(HEADER, type, INIT_FILE);
        FileMigrator.Result r = migrate(migrator(), "counter.c");
        assertEquals(type, r.output());
        assertEquals(true, r.formattedDiagnostics().toString().contains("left static: 'counter.c' names it in macro "
                + "'Counter_Check', used other than on the first parameter of a function that points to the "
                + "instance struct of a type of its file (line 10), where heapify cannot read it from the module "
                + "state [module-unit]"), r.formattedDiagnostics().toString());
        assertEquals(false, r.formattedDiagnostics().toString().contains("joins the module's state"),
                r.formattedDiagnostics().toString());
    }
}
