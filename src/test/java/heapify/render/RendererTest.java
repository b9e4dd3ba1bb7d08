package heapify.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import heapify.transform.Fragment;
import heapify.transform.Views;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RendererTest {
    private final Renderer renderer = new Renderer(Path.of(System.getProperty("heapify.root", "."), "templates"));

    @Test
    void readsRecordComponentsAsProperties() {
        // contract: templates read view records as v.name (FREEMARKER-183 with 2.3.34 wrapper)
        String s = renderer.renderRaw("traverse-visit-type", new Views.SelfView("op"));
        assertEquals("Py_VISIT(Py_TYPE(op));\n", s);
    }

    @Test
    void missingValueFailsInsteadOfPrintingNothing() {
        // contract: strict configuration: a view without the field the template reads is an error
        assertThrows(IllegalStateException.class, () -> renderer.renderRaw("traverse-visit-type", new Views.TodoView("x")));
    }

    @Test
    void smallFragmentsInCode() {
        // contract: every C fragment heapify splices into existing code comes from a template
        assertEquals("st->Foo_Type->", renderer.renderRaw("state-ref", new Views.StateRefView("Foo_Type", true, false)));
        assertEquals("(st)->cache", renderer.renderRaw("state-ref", new Views.StateRefView("cache", false, true)));
        assertEquals("st, ", renderer.renderRaw("state-arg", new Views.StateArgView(true)));
        assertEquals("(st)", renderer.renderRaw("state-arg-list", new Views.StateArgView(false)));
        assertEquals("foo_state *st", renderer.renderRaw("state-param", new Views.StateParamView("foo_state", false, false, "")));
        assertEquals("foo_state *st, ", renderer.renderRaw("state-param", new Views.StateParamView("foo_state", true, false, "")));
        assertEquals("foo_state *st,", renderer.renderRaw("state-param", new Views.StateParamView("foo_state", true, true, "")));
        assertEquals("foo_state *st,\n    ", renderer.renderRaw("state-param", new Views.StateParamView("foo_state", true, false, "    ")));
        assertEquals("return -1;", renderer.renderRaw("exec-return", new Views.ExecReturnView(true)));
        assertEquals("(Py_INCREF(st->Err), ", renderer.renderRaw("state-incref", new Views.StateIncrefView("Err", true)));
        assertEquals("METH_METHOD | METH_FASTCALL | METH_KEYWORDS",
                renderer.renderRaw("adapter-entry", new Views.AdapterEntryView("f_defcls", true)));
        assertEquals("tp->tp_free", renderer.renderRaw("dealloc-free", new Views.SelfView("self")));
    }

    @Test
    void typeSlotsAndSpec() {
        var view = new Views.TypeSpecView("Foo_Type", "Foo_slots", "Foo_spec", "\"foo.Foo\"", "sizeof(FooObject)", "",
                "Py_TPFLAGS_DEFAULT", false, false, false, false,
                List.of(new Views.SlotView("Py_tp_doc", "Foo_doc", true)), List.of());
        assertEquals("""
                static PyType_Slot Foo_slots[] = {
                    {Py_tp_doc, (void *)Foo_doc},
                    {0, NULL},
                };""", renderer.renderRaw("type-slots", view));
        assertEquals("""
                static PyType_Spec Foo_spec = {
                    .name = "foo.Foo",
                    .basicsize = sizeof(FooObject),
                    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
                    .slots = Foo_slots,
                };""", renderer.renderRaw("type-spec", view));
    }

    @Test
    void flagsGuardedBelow310() {
        var view = new Views.TypeSpecView("Foo_Type", "Foo_slots", "Foo_spec", "\"foo.Foo\"", "0", "",
                "Py_TPFLAGS_DEFAULT", false, false, true, false, List.of(), List.of());
        String s = renderer.renderRaw("type-spec", view);
        assertEquals(true, s.contains("#if PY_VERSION_HEX >= 0x030A0000\n    .flags = Py_TPFLAGS_DEFAULT | "
                + "Py_TPFLAGS_IMMUTABLETYPE,\n#else\n    .flags = Py_TPFLAGS_DEFAULT,\n#endif\n"), s);
    }

    @Test
    void adaptsToCrlfAndTabs() {
        // contract: LF + 4-space templates become the file's line ending and indent unit; directives stay at column 0
        TextStyle style = TextStyle.of("int f(void)\r\n{\r\n\treturn 0;\r\n}\r\n");
        assertEquals(new TextStyle("\r\n", "\t"), style);
        String s = renderer.render(Fragment.template("type-create", new Views.TypeCreateView("m", "Foo_Type",
                "Foo_spec", "", "none", false, true, "", ""), "\t"), style);
        assertEquals("\tst->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(m, &Foo_spec, NULL);\r\n"
                + "\tif (st->Foo_Type == NULL) {\r\n\t\treturn -1;\r\n\t}\r\n#if PY_VERSION_HEX < 0x030A0000\r\n"
                + "\tst->Foo_Type->tp_new = NULL;\r\n#endif\r\n", s);
    }

    @Test
    void typeCreateSetsADotlessTpNameBackAfterCreation() {
        // contract: rule type-name-without-dot: a spec named "builtins.Foo" gets its tp_name "Foo" back right after creation
        assertEquals("""
                st->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(m, &Foo_spec, NULL);
                if (st->Foo_Type == NULL) {
                    return -1;
                }
                st->Foo_Type->tp_name = "Foo";
                """, renderer.renderRaw("type-create", new Views.TypeCreateView("m", "Foo_Type", "Foo_spec", "", "none",
                false, false, "", "\"Foo\"")));
    }

    @Test
    void moduleSlotsGuardTheIsolationSlotBelow312AndNeverClaimTheGil() {
        // contract: rule 6: per-interpreter GIL slot behind 3.12 guard; Py_mod_gil only as a TODO
        assertEquals("""
                static PyModuleDef_Slot foo_slots[] = {
                    {Py_mod_exec, foo_exec},
                #if PY_VERSION_HEX >= 0x030C0000
                    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
                #endif
                    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
                    {0, NULL},
                };""", renderer.renderRaw("module-slots",
                new Views.ModuleSlotsView("foo_slots", "foo_exec", true, true, false)));
        assertEquals(false, renderer.renderRaw("module-slots",
                new Views.ModuleSlotsView("foo_slots", "foo_exec", false, true, false)).contains("multiple_interpreters"));
    }

    @Test
    void limitedApiGuardsTheSlotByItsMacro() {
        // contract: limited-API headers declare the slot only from 3.12, whatever the interpreter
        assertEquals("""
                static PyModuleDef_Slot foo_slots[] = {
                    {Py_mod_exec, foo_exec},
                #ifdef Py_mod_multiple_interpreters
                    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
                #endif
                    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
                    {0, NULL},
                };""", renderer.renderRaw("module-slots",
                new Views.ModuleSlotsView("foo_slots", "foo_exec", true, true, true)));
    }

    @Test
    void moduleDefIsDesignatedWithStateSizeAndHooks() {
        assertEquals("""
                static struct PyModuleDef foo_def = {
                    PyModuleDef_HEAD_INIT,
                    .m_name = "foo",
                    .m_doc = foo_doc,
                    .m_size = sizeof(foo_state),
                    .m_methods = foo_methods,
                    .m_slots = foo_slots,
                    .m_traverse = foo_traverse,
                    .m_clear = foo_clear,
                    .m_free = foo_free,
                };""", renderer.renderRaw("module-def", new Views.ModuleDefView("static struct PyModuleDef foo_def",
                "\"foo\"", "foo_doc", "foo_state", "foo_methods", "foo_slots", "foo_traverse", "foo_clear", "foo_free")));
    }

    @Test
    void binarySlotStateLocalFallsBackToNotImplemented() {
        // contract: rule 7: binary slots never raise when neither operand is ours
        assertEquals("foo_state *st = find_foo_state_binary(a, b);\nif (st == NULL) {\n    Py_RETURN_NOTIMPLEMENTED;\n}\n",
                renderer.renderRaw("state-local", new Views.StateLocalView("foo_state",
                        new Views.StateLookupView("binary", "find_foo_state_binary", "a", "foo_def", "b"), true)));
    }

    @Test
    void addTypeByAttributeName() {
        assertEquals("PyModule_AddType(m, st->Foo_Type)",
                renderer.renderRaw("add-type", new Views.AddTypeView("m", "Foo_Type", "\"Foo\"", false)));
        assertEquals("PyModule_AddObjectRef(m, \"Alias\", (PyObject *)st->Foo_Type)",
                renderer.renderRaw("add-type", new Views.AddTypeView("m", "Foo_Type", "\"Alias\"", true)));
    }

    @Test
    void everyTemplateHasAnEmitsHeader() throws Exception {
        // contract: style.md 5: each template says what it emits and which view it reads
        try (var s = java.nio.file.Files.walk(Path.of(System.getProperty("heapify.root", "."), "templates"))) {
            for (Path p : (Iterable<Path>) s.filter(x -> x.toString().endsWith(".ftl")
                    && !x.getParent().endsWith("lib"))::iterator) {
                String first = java.nio.file.Files.readAllLines(p).get(0);
                assertEquals(true, first.startsWith("<#-- emits: ") && first.contains("model: "), p + ": " + first);
            }
        }
    }
}
