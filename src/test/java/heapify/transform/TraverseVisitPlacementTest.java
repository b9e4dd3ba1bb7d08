package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Rule 4's visit of the heap type in tp_traverse goes after the function's leading declarations
 * (C89 compilers and {@code -Wdeclaration-after-statement} reject a statement before them), and at
 * the top of the body when a directive among them could put that line under a condition.
 */
class TraverseVisitPlacementTest {
    private static final String BAG = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
                Py_ssize_t n;
                PyObject *items[4];
            } BagObject;

            static int
            Bag_traverse(BagObject *self, visitproc visit, void *arg)
            {
                Py_ssize_t i;
                PyObject *item;

                /* every slot in use */
                for (i = 0; i < self->n; i++) {
                    item = self->items[i];
                    Py_VISIT(item);
                }
                return 0;
            }

            static int
            Bag_clear(BagObject *self)
            {
                Py_ssize_t i;
                for (i = 0; i < self->n; i++) {
                    Py_CLEAR(self->items[i]);
                }
                return 0;
            }

            static void
            Bag_dealloc(BagObject *self)
            {
                PyObject_GC_UnTrack(self);
                Bag_clear(self);
                Py_TYPE(self)->tp_free((PyObject *)self);
            }

            static PyTypeObject Bag_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Bag",
                .tp_basicsize = sizeof(BagObject),
                .tp_dealloc = (destructor)Bag_dealloc,
                .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
                .tp_traverse = (traverseproc)Bag_traverse,
                .tp_clear = (inquiry)Bag_clear,
                .tp_new = PyType_GenericNew,
            };

            static struct PyModuleDef mmodule = {
                PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m = PyModule_Create(&mmodule);
                if (m == NULL) {
                    return NULL;
                }
                if (PyType_Ready(&Bag_Type) < 0) {
                    return NULL;
                }
                Py_INCREF(&Bag_Type);
                if (PyModule_AddObject(m, "Bag", (PyObject *)&Bag_Type) < 0) {
                    return NULL;
                }
                return m;
            }
            """;

    private static String traverseOf(String c) {
        String out = MigrationAssert.migrate(Path.of("m.c"), c, 11).output();
        int at = out.indexOf("Bag_traverse(BagObject");
        return out.substring(at, out.indexOf("\n}\n", at));
    }

    @Test
    void visitGoesAfterTheDeclarationsAndTheirBlankLineBeforeTheComment() {
        assertTrue(traverseOf(BAG).contains("""
                    PyObject *item;

                    Py_VISIT(Py_TYPE(self));
                    /* every slot in use */
                """), traverseOf(BAG));
    }

    @Test
    void visitStaysAtTheTopWhenADirectiveIsAmongTheDeclarations() {
        String c = BAG.replace("    PyObject *item;\n", "#ifdef BAG_DEBUG\n    int seen = 0;\n#endif\n    PyObject *item;\n");
        assertTrue(traverseOf(c).contains("""
                {
                    Py_VISIT(Py_TYPE(self));
                    Py_ssize_t i;
                """), traverseOf(c));
    }

    @Test
    void visitGoesFirstWhenTheBodyStartsWithAStatement() {
        String c = BAG.replace("    Py_ssize_t i;\n    PyObject *item;\n\n", "")
                .replace("    for (i = 0;", "    Py_ssize_t i;\n    PyObject *item;\n    for (i = 0;")
                .replace("    /* every slot in use */\n", "    /* every slot in use */\n    assert(self->n <= 4);\n");
        assertTrue(traverseOf(c).contains("""
                {
                    Py_VISIT(Py_TYPE(self));
                    /* every slot in use */
                    assert(self->n <= 4);
                """), traverseOf(c));
    }
}
