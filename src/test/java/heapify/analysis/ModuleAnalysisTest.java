package heapify.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.lex.Lexing;
import heapify.model.FileModel;
import heapify.model.FileModelBuilder;
import heapify.parse.IslandParser;
import heapify.source.SourceText;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleAnalysisTest {
    private static final String C = """
            #include "Python.h"
            static PyObject *ErrorObject;
            static long counter = 3;
            static const int TABLE[] = {1, 2};
            static PyTypeObject Foo_Type;
            static PyObject *make(long v) { return PyLong_FromLong(v + counter); }
            static PyObject *Foo_get(PyObject *self, void *c) { return make(1); }
            static PyObject *Foo_add(PyObject *a, PyObject *b) { return make(2); }
            static PyObject *Foo_neg(PyObject *a) { return make(3); }
            static void Foo_dealloc(PyObject *self) { Py_TYPE(self)->tp_free(self); }
            static PyObject *Foo_m(PyObject *self, PyObject *args) { return make(4); }
            static PyObject *mod_f(PyObject *module, PyObject *arg) { return make(5); }
            static PyNumberMethods Foo_as_number = { .nb_add = Foo_add, .nb_negative = Foo_neg };
            static PyGetSetDef Foo_getset[] = { {"g", Foo_get, NULL, NULL}, {NULL} };
            static PyMethodDef Foo_methods[] = { {"m", Foo_m, METH_VARARGS, NULL}, {NULL} };
            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_dealloc = Foo_dealloc,
                .tp_as_number = &Foo_as_number,
                .tp_getset = Foo_getset,
                .tp_methods = Foo_methods,
            };
            static PyMethodDef mod_methods[] = { {"f", mod_f, METH_O, NULL}, {NULL} };
            static struct PyModuleDef mod = { PyModuleDef_HEAD_INIT, "m", NULL, -1, mod_methods };
            PyMODINIT_FUNC PyInit_m(void) { return PyModule_Create(&mod); }
            """;

    private static ModuleAnalysis analyse(String c) {
        FileModel model = FileModelBuilder.build(IslandParser.parse(Lexing.lex(SourceText.of(Path.of("m.c"), c))));
        return ModuleAnalysis.of(model);
    }

    @Test
    void classifiesFunctionsByHowTheyReachTheState() {
        // contract: rule 7's function kinds come from the tables that name each function
        ModuleAnalysis a = analyse(C);
        assertEquals(FunctionKind.GETSET, a.kind("Foo_get"));
        assertEquals(FunctionKind.BINARY_SLOT, a.kind("Foo_add"));
        assertEquals(FunctionKind.SELF_SLOT, a.kind("Foo_neg"));
        assertEquals(FunctionKind.DEALLOC, a.kind("Foo_dealloc"));
        assertEquals(FunctionKind.METHOD, a.kind("Foo_m"));
        assertEquals("Foo_Type", a.roles("Foo_m").get(0).type());
        assertEquals("METH_VARARGS", a.roles("Foo_m").get(0).methodFlags());
        assertEquals(FunctionKind.MODULE_FUNCTION, a.kind("mod_f"));
        assertEquals(FunctionKind.HELPER, a.kind("make"));
        assertEquals(FunctionKind.INIT, a.kind("PyInit_m"));
    }

    @Test
    void callGraphAndMovedGlobals() {
        // contract: objects and mutable C data move; const tables and types do not
        ModuleAnalysis a = analyse(C);
        assertEquals(Set.of("make"), a.callees("Foo_get"));
        assertEquals(List.of("Foo_get", "Foo_add", "Foo_neg", "Foo_m", "mod_f"), a.callers("make"));
        assertEquals(Set.of("ErrorObject", "counter"), a.movedGlobalNames());
        assertEquals(Set.of("Foo_Type"), a.typeNames());
        assertTrue(!a.usedAsValue("make"));
        assertEquals("PyInit_m", a.exec().orElseThrow().name());
    }

    @Test
    void aMethodNamedLikeAHelperDoesNotMakeTheHelperACallback() {
        // contract: rule 7; {"make", m_make, ...} made the helper 'make' a callback, and the type it
        // creates stayed static ('make' is used as a callback, so no state parameter can be passed)
        ModuleAnalysis a = analyse(C.replace("{\"f\", mod_f", "{\"make\", mod_f").replace("\"m\", NULL, -1",
                "\"make('x')\", NULL, -1"));
        assertTrue(!a.usedAsValue("make"));
        assertEquals(List.of("Foo_get", "Foo_add", "Foo_neg", "Foo_m", "mod_f"), a.callers("make"));
    }

    @Test
    void aPyIdentifierNamedLikeAHelperDoesNotMakeTheHelperACallback() {
        // contract: rule 7; _asyncio's _Py_IDENTIFIER(get_event_loop) and _Py_IDENTIFIER(call_soon)
        // made its helpers get_event_loop and call_soon "callbacks", at file level and in a body
        String c = C.replace("static PyTypeObject Foo_Type;\n", "static PyTypeObject Foo_Type;\n_Py_IDENTIFIER(make);\n")
                .replace("{ return make(4); }", "{ _Py_IDENTIFIER(mod_f); return make(4); }");
        ModuleAnalysis a = analyse(c);
        assertTrue(!a.usedAsValue("make"));
        assertTrue(!a.usedAsValue("mod_f"));
        assertEquals(Set.of("make"), a.callees("Foo_m"));
        // a real value use still counts
        assertTrue(analyse(c.replace("{ return make(1); }", "{ void *p = (void *)make; return make(1); }"))
                .usedAsValue("make"));
    }

    @Test
    void clinicImplsAreKnownByClinicsMarkersNotByTheirName() {
        // contract: rule 8; in _asyncio, task_step_impl (a plain helper) and leave_task (a stray end
        // marker, no block) were taken for clinic impls, hence callbacks; _asyncio__set_running_loop,
        // a METH_O impl without "_impl", was not, so it got a state parameter inside clinic's output
        String start = "/*[clinic input]\nm.f\n[clinic start generated code]*/\n\n";
        String end = "/*[clinic end generated code: output=0 input=0]*/\n";
        ModuleAnalysis a = analyse("#include \"clinic/m.c.h\"\n"
                + "static PyObject *\nstep_impl(PyObject *t)\n{\n    return t;\n}\n"
                + "static PyObject *\nleave(PyObject *t)\n" + end + "{\n    return t;\n}\n"
                + start + "static PyObject *\nm_f(PyObject *module, PyObject *o)\n" + end + "{\n    return o;\n}\n"
                + start + "static PyObject *\nm_Foo_g_impl(FooObject *self)\n" + end + "{\n    return NULL;\n}\n");
        assertTrue(!a.usedAsValue("step_impl"));
        assertTrue(!a.usedAsValue("leave"));
        assertEquals(FunctionKind.MODULE_FUNCTION, a.kind("m_f"));
        assertTrue(a.usedAsValue("m_Foo_g_impl"), "a method impl, called from the header");
    }

    @Test
    void statementsSplitBracelessIfAndLabels() {
        // contract: enough statement structure to delete whole init statements
        ModuleAnalysis a = analyse("int f(void)\n{\n    if (PyType_Ready(&T) < 0)\n        return -1;\n"
                + "    x = 1;\nerror:\n    do { y(); } while (0);\n    return 0;\n}\n");
        Statements s = new Statements(a.tokens());
        List<Stmt> stmts = s.of(a.model().functions().get(0).body());
        assertEquals(List.of(Stmt.Kind.IF, Stmt.Kind.SIMPLE, Stmt.Kind.LABEL, Stmt.Kind.LOOP, Stmt.Kind.SIMPLE),
                stmts.stream().map(Stmt::kind).toList());
        assertEquals("return -1;", s.code(stmts.get(0).children().get(0)));
    }
}
