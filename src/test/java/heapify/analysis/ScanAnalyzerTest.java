package heapify.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.source.SourceText;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What scan reports per type and per file, and which blockers it raises. */
class ScanAnalyzerTest {
    static ScanFileReport scan(String c) {
        return ScanAnalyzer.scan(SourceText.of(Path.of("t.c"), c));
    }

    static List<String> rules(ScanFileReport r) {
        return r.blockers().stream().map(b -> b.subject() + ":" + b.ruleId()).toList();
    }

    @Test
    void cleanStaticTypeHasNoBlockers() {
        ScanFileReport r = scan("""
                static PyTypeObject Ok_Type = {
                    PyVarObject_HEAD_INIT(NULL, 0)
                    .tp_name = "m.Ok",
                    .tp_base = &PyBaseObject_Type,
                    .tp_dictoffset = offsetof(OkObject, dict),
                    .tp_weaklistoffset = offsetof(OkObject, weakrefs),
                    .tp_new = PyType_GenericNew,
                    .tp_flags = Py_TPFLAGS_DEFAULT,
                };
                static PyModuleDef_Slot slots[] = {{0, NULL}};
                static PyType_Spec spec = { "m.Heap", sizeof(HeapObject), 0, Py_TPFLAGS_DEFAULT, heap_slots };
                PyMODINIT_FUNC PyInit_m(void) { return PyModuleDef_Init(&mmodule); }
                """);
        ScanType t = r.types().get(0);
        assertEquals(new ScanPosition(1, 1), t.position());
        assertEquals("&PyBaseObject_Type", t.base());
        assertEquals("PyType_GenericNew", t.tpNew());
        assertEquals("offsetof(OkObject, dict)", t.dictOffset());
        assertEquals("offsetof(OkObject, weakrefs)", t.weaklistOffset());
        assertEquals(List.of("tp_name", "tp_flags", "tp_weaklistoffset", "tp_base", "tp_dictoffset", "tp_new"),
                t.fieldsSet());
        assertEquals(List.of(), rules(r));
        assertEquals("multi-phase", r.inits().get(0).style());
        assertEquals(List.of("spec:\"m.Heap\""), r.specTypes().stream().map(s -> s.cName() + ":" + s.name()).toList());
    }

    @Test
    void everyBlockerKind() {
        ScanFileReport r = scan("""
                PyTypeObject Exported_Type = { PyVarObject_HEAD_INIT(NULL, 0) "m.Exported" };
                static PyTypeObject Meta_Type = { PyVarObject_HEAD_INIT(&PyCStructType_Type, 0) "m.Meta" };
                static PyTypeObject Dict_Type = { PyVarObject_HEAD_INIT(NULL, 0) .tp_name = "m.D", .tp_dict = d };
                static PyTypeObject Dotless_Type = { PyVarObject_HEAD_INIT(NULL, 0) "Dotless" };
                static PyTypeObject Unspelled_Type = { PyVarObject_HEAD_INIT(NULL, 0) NAME_FROM_HEADER };
                static PyTypeObject Branchy_Type = {
                    PyVarObject_HEAD_INIT(NULL, 0) "m.B", 0,
                #ifdef X
                    0, 0,
                #else
                    0,
                #endif
                };
                static void *api[] = {0};
                static int export(PyObject *m) { return PyModule_AddObject(m, "_C_API", PyCapsule_New(api, "m._C_API", NULL)); }
                """);
        assertEquals(List.of("Exported_Type:type-exported-in-header", "Meta_Type:metaclass-needs-3.12",
                "Dict_Type:type-internal-field-set", "Unspelled_Type:type-name-without-dot",
                "Branchy_Type:initializer-unparsed",
                ":capsule-exports-type", ":no-init-function"), rules(r));
        assertTrue(r.types().get(1).hasCustomMetatype());
        ScanBlocker capsule = r.blockers().get(5);
        assertEquals(new ScanPosition(15, 73), capsule.position());
    }

    @Test
    void deferredAddressOfPyTypeTypeIsNoCustomMetatype() {
        // contract: xxsubtype's DEFERRED_ADDRESS(&PyType_Type) head blocks nothing; another metatype does
        ScanFileReport r = scan("""
                static PyTypeObject A = { PyVarObject_HEAD_INIT(DEFERRED_ADDRESS(&PyType_Type), 0) "m.A" };
                static PyTypeObject B = { PyVarObject_HEAD_INIT(DEFERRED_ADDRESS(&Meta_Type), 0) "m.B" };
                PyMODINIT_FUNC PyInit_m(void) { return PyModule_Create(&def); }
                """);
        assertEquals(List.of("B:metaclass-needs-3.12"), rules(r));
    }

    @Test
    void macroOrConcatenatedTpNameIsNotCalledDotless() {
        ScanFileReport r = scan("""
                #define C_NAME \\
                    "m." "C"
                static PyTypeObject A = { PyVarObject_HEAD_INIT(NULL, 0) MODULE_NAME ".A" };
                static PyTypeObject B = { PyVarObject_HEAD_INIT(NULL, 0) "m" "." "B" };
                static PyTypeObject C = { PyVarObject_HEAD_INIT(NULL, 0) C_NAME };
                PyMODINIT_FUNC PyInit_m(void) { return PyModule_Create(&m); }
                """);
        assertEquals(List.of(), rules(r));
        assertEquals("single-phase", r.inits().get(0).style());
    }

    @Test
    void summaryCountsAcrossFiles() {
        ScanReport report = ScanReport.of(List.of(
                scan("static PyTypeObject A = { PyVarObject_HEAD_INIT(NULL, 0) \"m.A\", .tp_flags = Py_TPFLAGS_HAVE_GC };"),
                scan("PyTypeObject B = { PyVarObject_HEAD_INIT(NULL, 0) \"m.B\" }; static int n;")));
        ScanSummary s = report.summary();
        assertEquals(2, s.files());
        assertEquals(2, s.types());
        assertEquals(1, s.staticTypes());
        assertEquals(1, s.gcTypes());
        assertEquals(1, s.typesWithoutBlockers()); // A: its file lacks PyInit_, a file-level blocker
        assertEquals(3, s.globals());
        assertEquals(java.util.Map.of("type-exported-in-header", 1, "no-init-function", 1), s.blockersByRule());
    }
}
