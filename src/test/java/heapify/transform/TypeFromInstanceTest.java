package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.apply.FileMigrator;
import heapify.render.Renderer;
import heapify.source.SourceText;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 7, the type from the caller's instance (TypeFromInstance): before, and the bytes after. */
class TypeFromInstanceTest {
    private static final Renderer RENDERER =
            new Renderer(Path.of(System.getProperty("heapify.root", "."), "templates"));

    private static FileMigrator.Result migrate(String c) {
        return new FileMigrator(RENDERER, new Options(11)).migrate(SourceText.of(Path.of("m.c"), c), "m.c");
    }

    /**
     * A GC type whose tp_clear calls a helper that compares types with it (itertools' tee data
     * object); the comparison's line has a comment, so exact-check-by-dealloc, which would break
     * the rewritten line after its '==' otherwise, leaves it (a comment there blocks the break).
     */
    private static final String LINK = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
                PyObject *next;
            } LinkObject;

            static PyTypeObject Link_Type;

            static void
            link_safe_decref(PyObject *obj)
            {
                while (obj && Py_IS_TYPE(obj, &Link_Type) && Py_REFCNT(obj) == 1) { /* a chain */
                    PyObject *next = ((LinkObject *)obj)->next;
                    ((LinkObject *)obj)->next = NULL;
                    Py_DECREF(obj);
                    obj = next;
                }
                Py_XDECREF(obj);
            }

            static int
            Link_traverse(LinkObject *self, visitproc visit, void *arg)
            {
                Py_VISIT(self->next);
                return 0;
            }

            static int
            Link_clear(LinkObject *self)
            {
                PyObject *tmp = self->next;
                self->next = NULL;
                link_safe_decref(tmp);
                return 0;
            }

            static void
            Link_dealloc(LinkObject *self)
            {
                PyObject_GC_UnTrack(self);
                Link_clear(self);
                PyObject_GC_Del(self);
            }

            static PyObject *
            Link_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
            {
                LinkObject *self = PyObject_GC_New(LinkObject, &Link_Type);
                if (self == NULL) {
                    return NULL;
                }
                self->next = NULL;
                PyObject_GC_Track(self);
                return (PyObject *)self;
            }

            static PyTypeObject Link_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Link",
                .tp_basicsize = sizeof(LinkObject),
                .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
                .tp_traverse = (traverseproc)Link_traverse,
                .tp_clear = (inquiry)Link_clear,
                .tp_dealloc = (destructor)Link_dealloc,
                .tp_new = Link_new,
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
                if (PyType_Ready(&Link_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                Py_INCREF(&Link_Type);
                if (PyModule_AddObject(m, "Link", (PyObject *)&Link_Type) < 0) {
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    @Test
    void aTypeComparisonInAHelperOfTpClearTakesTheTypeFromSelf() {
        FileMigrator.Result r = migrate(LINK);
        assertEquals(List.of("m.c:12:1: note: 'link_safe_decref' only compares types with 'Link_Type': it takes the"
                + " type as a parameter, passed as Py_TYPE(self) by 'Link_clear', instead of the module state"
                + " [type-from-instance]", "m.c:49:53: note: 'Link_new' is the tp_new of 'Link_Type', which has no"
                + " subclasses: its 'type' is that type, so it names it instead of looking the module state up"
                + " [new-own-type]"), r.formattedDiagnostics());
        assertTrue(r.output().contains("LinkObject *self = PyObject_GC_New(LinkObject, type);"), r.output());
        assertTrue(r.diff().startsWith("""
                --- a/m.c
                +++ b/m.c
                @@ -5,12 +5,10 @@
                     PyObject *next;
                 } LinkObject;
                \s
                -static PyTypeObject Link_Type;
                -
                 static void
                -link_safe_decref(PyObject *obj)
                +link_safe_decref(PyTypeObject *type, PyObject *obj)
                 {
                -    while (obj && Py_IS_TYPE(obj, &Link_Type) && Py_REFCNT(obj) == 1) { /* a chain */
                +    while (obj && Py_IS_TYPE(obj, type) && Py_REFCNT(obj) == 1) { /* a chain */
                         PyObject *next = ((LinkObject *)obj)->next;
                         ((LinkObject *)obj)->next = NULL;
                         Py_DECREF(obj);
                @@ -22,6 +20,7 @@
                 static int
                 Link_traverse(LinkObject *self, visitproc visit, void *arg)
                 {
                +    Py_VISIT(Py_TYPE(self));
                     Py_VISIT(self->next);
                     return 0;
                 }
                @@ -31,22 +30,24 @@
                 {
                     PyObject *tmp = self->next;
                     self->next = NULL;
                -    link_safe_decref(tmp);
                +    link_safe_decref(Py_TYPE(self), tmp);
                     return 0;
                 }
                """), r.diff());
        assertTrue(r.output().contains("static PyType_Spec Link_spec = {"), "the type migrates");
        assertEquals(r.output(), migrate(r.output()).output(), "a second run changes nothing");
    }

    @Test
    void aSubclassableTypeIsNotItsInstancesType() {
        // Py_TYPE(self) of a subclass instance is not Link_Type: the comparison would change
        FileMigrator.Result r = migrate(LINK.replace("Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC",
                "Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE"));
        assertTrue(r.diagnostics().stream().noneMatch(d -> d.ruleId().equals("type-from-instance")), r.output());
        assertTrue(r.diagnostics().stream().anyMatch(d -> d.ruleId().equals("state-unreachable")), r.output());
        assertTrue(r.output().contains("Py_IS_TYPE(obj, &Link_Type)"), "left as it was");
    }

    @Test
    void aCallerWithoutAnInstanceOrAnotherUseOfTheTypeThreadsTheStateAsBefore() {
        // a module function calls the helper too: it has no self of the type to pass
        String module = LINK.replace("static PyTypeObject Link_Type = {", "static PyObject *\n"
                + "drop(PyObject *module, PyObject *arg)\n{\n    Py_INCREF(arg);\n    link_safe_decref(arg);\n"
                + "    Py_RETURN_NONE;\n}\n\nstatic PyTypeObject Link_Type = {");
        assertFalse(module.equals(LINK));
        FileMigrator.Result r = migrate(module);
        assertTrue(r.diagnostics().stream().noneMatch(d -> d.ruleId().equals("type-from-instance")), r.output());
        // a use that is no type comparison needs the state itself
        String checked = LINK.replace("while (obj && Py_IS_TYPE(obj, &Link_Type)",
                "while (obj && PyObject_TypeCheck(obj, &Link_Type)");
        assertFalse(checked.equals(LINK));
        FileMigrator.Result c = migrate(checked);
        assertTrue(c.diagnostics().stream().noneMatch(d -> d.ruleId().equals("type-from-instance")), c.output());
        assertTrue(c.diagnostics().stream().anyMatch(d -> d.ruleId().equals("state-unreachable")), c.output());
    }

    @Test
    void aHelperThatADirectiveNamesKeepsItsParameters() {
        // a macro calls the helper with the parameters it has: a new one would break the macro
        String named = LINK.replace("static PyTypeObject Link_Type;\n",
                "static PyTypeObject Link_Type;\n\n#define LINK_DROP(o) link_safe_decref(o)\n");
        assertFalse(named.equals(LINK));
        FileMigrator.Result r = migrate(named);
        assertTrue(r.diagnostics().stream().noneMatch(d -> d.ruleId().equals("type-from-instance")), r.output());
        assertTrue(r.output().contains("link_safe_decref(PyObject *obj)"), r.output());
        // a longer name in a directive is another word: the helper is threaded as without it
        String other = LINK.replace("static PyTypeObject Link_Type;\n",
                "static PyTypeObject Link_Type;\n\n#define LINK_DROP(o) link_safe_decref_all(o)\n");
        assertTrue(migrate(other).diagnostics().stream().anyMatch(d -> d.ruleId().equals("type-from-instance")));
    }
}
