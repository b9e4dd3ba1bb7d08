package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Rule exact-check-by-dealloc: exact type checks compare the type's own dealloc, with no state. */
class ExactCheckByDeallocTest {
    private static final String BEFORE = """
            #include "Python.h"
            
            typedef struct {
                PyObject_HEAD
                long v;
            } FooObject;
            
            static PyTypeObject Foo_Type;
            
            #define Foo_CheckExact(obj) Py_IS_TYPE(obj, &Foo_Type)
            
            static void
            Foo_dealloc(PyObject *self)
            {
                if (Foo_CheckExact(self)) {
                    if (PyObject_CallFinalizerFromDealloc(self) < 0) {
                        return;
                    }
                }
                Py_TYPE(self)->tp_free(self);
            }
            
            static PyObject *
            Foo_same(PyObject *self, PyObject *other)
            {
                if (!Py_IS_TYPE(other, &Foo_Type)) {
                    Py_RETURN_FALSE;
                }
                return PyBool_FromLong(Py_IS_TYPE(self, &Foo_Type));
            }
            
            static PyMethodDef Foo_methods[] = {
                {"same", (PyCFunction)Foo_same, METH_O, NULL},
                {NULL, NULL}
            };
            
            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_dealloc = Foo_dealloc,
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
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    private static final String AFTER = """
            #include "Python.h"
            
            typedef struct {
                PyObject_HEAD
                long v;
            } FooObject;
            
            static void Foo_dealloc(PyObject *self);
            
            #define Foo_CheckExact(obj) (Py_TYPE(obj)->tp_dealloc == Foo_dealloc)
            
            static void
            Foo_dealloc(PyObject *self)
            {
                PyTypeObject *tp = Py_TYPE(self);
                if (Foo_CheckExact(self)) {
                    if (PyObject_CallFinalizerFromDealloc(self) < 0) {
                        return;
                    }
                }
                tp->tp_free(self);
                Py_DECREF(tp);
            }
            
            static PyObject *
            Foo_same(PyObject *self, PyObject *other)
            {
                if (!(Py_TYPE(other)->tp_dealloc == Foo_dealloc)) {
                    Py_RETURN_FALSE;
                }
                return PyBool_FromLong(Py_TYPE(self)->tp_dealloc == Foo_dealloc);
            }
            
            static PyMethodDef Foo_methods[] = {
                {"same", (PyCFunction)Foo_same, METH_O, NULL},
                {NULL, NULL}
            };
            
            static PyType_Slot Foo_slots[] = {
                {Py_tp_dealloc, Foo_dealloc},
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
                if (PyModule_AddType(m, st->Foo_Type) < 0) {
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

    @Test
    void exactChecksInAMacroAndInAMethodCompareTheDealloc() {
        // the dealloc needs no state for Foo_CheckExact, so Foo migrates; the macro comes before the
        // dealloc's definition and gets its prototype; '!' and the macro need the parentheses
        assertMigrates(BEFORE, AFTER, "m.c:37:1: note: exact type checks of 'Foo_Type' compare its dealloc "
                + "('Foo_dealloc'): no module state needed, and they hold for its instances of every module "
                + "object, as for the static type [exact-check-by-dealloc]");
        assertRerunReportsTheSame(AFTER);
    }

    @Test
    void theTrashcanNamingTheDeallocDoesNotStopTheRewrite() {
        // Py_TRASHCAN_BEGIN(op, dealloc) compares the dealloc with the type's and installs it nowhere,
        // so Foo_dealloc still identifies Foo (_elementtree's element_dealloc); the method's checks
        // need no state (before this, Foo_same looked the state up by definition for them)
        String before = BEFORE.replace("""
                {
                    if (Foo_CheckExact(self)) {
                        if (PyObject_CallFinalizerFromDealloc(self) < 0) {
                            return;
                        }
                    }
                    Py_TYPE(self)->tp_free(self);
                }
                """, """
                {
                    Py_TRASHCAN_BEGIN(self, Foo_dealloc)
                    ((FooObject *)self)->v = 0;
                    Py_TYPE(self)->tp_free(self);
                    Py_TRASHCAN_END
                }
                """);
        String after = AFTER.replace("""
                {
                    PyTypeObject *tp = Py_TYPE(self);
                    if (Foo_CheckExact(self)) {
                        if (PyObject_CallFinalizerFromDealloc(self) < 0) {
                            return;
                        }
                    }
                    tp->tp_free(self);
                    Py_DECREF(tp);
                }
                """, """
                {
                    PyTypeObject *tp = Py_TYPE(self);
                    Py_TRASHCAN_BEGIN(self, Foo_dealloc)
                    ((FooObject *)self)->v = 0;
                    tp->tp_free(self);
                    Py_DECREF(tp);
                    Py_TRASHCAN_END
                }
                """);
        assertTrue(before.contains("Py_TRASHCAN_BEGIN") && after.contains("Py_TRASHCAN_BEGIN"), before + after);
        assertMigrates(before, after, "m.c:35:1: note: exact type checks of 'Foo_Type' compare its dealloc "
                + "('Foo_dealloc'): no module state needed, and they hold for its instances of every module "
                + "object, as for the static type [exact-check-by-dealloc]");
        assertRerunReportsTheSame(after);
    }

    @Test
    void aDeallocNamedOutsideTheTrashcanKeepsTheCheckOnTheType() {
        // any other use of its address could install it in another type: the check stays on the type
        String c = BEFORE.replace("static PyMethodDef Foo_methods[] = {", """
                static destructor Foo_saved = Foo_dealloc;

                static PyMethodDef Foo_methods[] = {""");
        String out = MigrationAssert.migrate(java.nio.file.Path.of("m.c"), c, 11).output();
        assertTrue(!out.contains("tp_dealloc =="), out);
    }

    @Test
    void aSubclassThatInheritsTheDeallocKeepsTheCheckOnTheType() {
        // Bar has no dealloc of its own: it inherits Foo_dealloc, which then no longer identifies Foo
        String c = BEFORE.replace("static struct PyModuleDef m_module", """
                static PyTypeObject Bar_Type = {
                    PyVarObject_HEAD_INIT(NULL, 0)
                    .tp_name = "m.Bar",
                    .tp_basicsize = sizeof(FooObject),
                    .tp_flags = Py_TPFLAGS_DEFAULT,
                    .tp_base = &Foo_Type,
                };

                static struct PyModuleDef m_module""");
        String out = MigrationAssert.migrate(java.nio.file.Path.of("m.c"), c, 11).output();
        assertTrue(!out.contains("tp_dealloc =="), out);
    }

    @Test
    void aDeallocOfTheFilesOwnStructIsDeclaredAfterItsTypedef() {
        // the prototype names FooObject, whose typedef comes before the macro; the check, too long for
        // the macro's line with the cast, continues on the next (_elementtree's Element_CheckExact)
        String c = BEFORE.replace("Foo_dealloc(PyObject *self)\n{\n", "Foo_dealloc(FooObject *self)\n{\n")
                .replace("PyObject_CallFinalizerFromDealloc(self)", "PyObject_CallFinalizerFromDealloc((PyObject *)self)")
                .replace("Py_TYPE(self)->tp_free(self);", "Py_TYPE(self)->tp_free((PyObject *)self);")
                .replace(".tp_dealloc = Foo_dealloc,", ".tp_dealloc = (destructor)Foo_dealloc,");
        String out = MigrationAssert.migrate(java.nio.file.Path.of("m.c"), c, 11).output();
        assertTrue(out.contains("""
                } FooObject;

                static void Foo_dealloc(FooObject *self);

                #define Foo_CheckExact(obj) \\
                    (Py_TYPE(obj)->tp_dealloc == (destructor)Foo_dealloc)
                """), out);
        assertTrue(!out.contains("static PyTypeObject Foo_Type"), out);
    }

    @Test
    void aDeallocOfAStructDeclaredAfterTheCheckIsNotDeclaredEarly() {
        // the prototype could not name FooObject before its typedef: these checks stay on the type
        String c = BEFORE.replace("""
                typedef struct {
                    PyObject_HEAD
                    long v;
                } FooObject;

                static PyTypeObject Foo_Type;

                #define Foo_CheckExact(obj) Py_IS_TYPE(obj, &Foo_Type)
                """, """
                static PyTypeObject Foo_Type;

                #define Foo_CheckExact(obj) Py_IS_TYPE(obj, &Foo_Type)

                typedef struct {
                    PyObject_HEAD
                    long v;
                } FooObject;
                """).replace("Foo_dealloc(PyObject *self)\n{\n", "Foo_dealloc(FooObject *self)\n{\n")
                .replace(".tp_dealloc = Foo_dealloc,", ".tp_dealloc = (destructor)Foo_dealloc,");
        assertTrue(c.indexOf("Foo_CheckExact(obj)") < c.indexOf("} FooObject;"), c);
        String out = MigrationAssert.migrate(java.nio.file.Path.of("m.c"), c, 11).output();
        assertTrue(!out.contains("tp_dealloc =="), out);
        assertTrue(out.contains("static PyTypeObject Foo_Type = {"), "a dealloc that uses the type keeps it static: " + out);
    }
    @Test
    void aCheckTooLongForItsLineBreaksAfterItsComparison() {
        // the only check of its line of code, past 79 columns once it compares the dealloc: broken
        // after '==', the dealloc 8 columns deeper (PEP 7), every line within 79 columns, and the
        // type needs no state for it (in a single-file module as in a module unit)
        String name = "Foo_dealloc_named_to_break_the_checks_40";
        String c = BEFORE.replace("Foo_dealloc", name);
        String out = MigrationAssert.migrate(java.nio.file.Path.of("m.c"), c, 11).output();
        assertTrue(out.contains("    if (!(Py_TYPE(other)->tp_dealloc ==\n            " + name + ")) {\n"), out);
        assertTrue(out.lines().allMatch(l -> l.length() <= 79), out);
        assertTrue(!out.contains("&Foo_Type"), out);
        assertTrue(!out.contains("Py_IS_TYPE("), "no check reads the state: " + out);
    }
    @Test
    void aCheckBetweenConditionsBreaksAfterItsComparison() {
        // hp_gc's Node_length: 'while (a && Py_IS_TYPE(x, &Foo_Type) && b)' past 79 columns once
        // rewritten: '==' binds tighter than '&&', so the check needs no parentheses, and the
        // conditions after it follow the dealloc on the continuation line
        String c = BEFORE.replace("    if (!Py_IS_TYPE(other, &Foo_Type)) {\n",
                "    while (other != NULL && Py_IS_TYPE(other, &Foo_Type) && other != self) {\n"
                + "        other = NULL;\n    }\n    if (other == NULL) {\n")
                .replace("Foo_dealloc", "Foo_dealloc_named_to_break");
        String out = MigrationAssert.migrate(java.nio.file.Path.of("m.c"), c, 11).output();
        assertTrue(out.contains("    while (other != NULL && Py_TYPE(other)->tp_dealloc ==\n"
                + "            Foo_dealloc_named_to_break && other != self) {\n"), out);
        assertTrue(out.lines().allMatch(l -> l.length() <= 79), out);
        assertTrue(!out.contains("Py_IS_TYPE("), "no check reads the type: " + out);
    }
    @Test
    void aCheckTooLongEvenWhenBrokenStaysOnTheType() {
        // the dealloc alone, 8 columns deeper, would still pass 79 columns: every check is left
        // as it was (here the dealloc's own check then keeps the type static)
        String name = "Foo_dealloc_named_so_long_that_even_its_continuation_line_passes_79";
        String c = BEFORE.replace("Foo_dealloc", name);
        String out = MigrationAssert.migrate(java.nio.file.Path.of("m.c"), c, 11).output();
        assertTrue(!out.contains("tp_dealloc ==\n"), out);
        assertTrue(out.contains("    if (!Py_IS_TYPE(other, &Foo_Type)) {\n"), out);
        assertTrue(out.lines().allMatch(l -> l.length() <= 79 || l.contains(name)), out);
    }
    @Test
    void aBrokenCheckAlignsWithTheConditionsContinuation() {
        // itertools' teedataobject_safe_decref: the condition already goes on at the paren's
        // column on the next line; the dealloc takes that column, not 8 deeper
        String c = BEFORE.replace("    if (!Py_IS_TYPE(other, &Foo_Type)) {\n",
                "    while (other != NULL && Py_IS_TYPE(other, &Foo_Type) &&\n"
                + "           other != self) {\n"
                + "        other = NULL;\n    }\n    if (other == NULL) {\n")
                .replace("Foo_dealloc", "Foo_dealloc_named_to_break_the_checks_40");
        String out = MigrationAssert.migrate(java.nio.file.Path.of("m.c"), c, 11).output();
        assertTrue(out.contains("    while (other != NULL && Py_TYPE(other)->tp_dealloc ==\n"
                + "           Foo_dealloc_named_to_break_the_checks_40 &&\n"
                + "           other != self) {\n"), out);
        assertTrue(out.lines().allMatch(l -> l.length() <= 79), out);
    }
}
