/* hp_gc: a static type whose instances hold PyObject* references, so it
 * takes part in cyclic GC (Py_TPFLAGS_HAVE_GC, traverse/clear,
 * PyObject_GC_New + PyObject_GC_Track).
 *
 * Style: designated initializers.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include "structmember.h"

typedef struct {
    PyObject_HEAD
    PyObject *value;            /* any object, never NULL after creation */
    PyObject *next;             /* another Node or None-ish NULL */
} NodeObject;

static PyTypeObject Node_Type;

static PyObject *
Node_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"value", "next", NULL};
    PyObject *value = Py_None, *next = NULL;
    NodeObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|OO:Node", kwlist, &value, &next)) {
        return NULL;
    }
    self = PyObject_GC_New(NodeObject, &Node_Type);
    if (self == NULL) {
        return NULL;
    }
    Py_INCREF(value);
    self->value = value;
    Py_XINCREF(next);
    self->next = next;
    PyObject_GC_Track((PyObject *)self);
    return (PyObject *)self;
}

static int
Node_traverse(NodeObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->value);
    Py_VISIT(self->next);
    return 0;
}

static int
Node_clear(NodeObject *self)
{
    Py_CLEAR(self->value);
    Py_CLEAR(self->next);
    return 0;
}

static void
Node_dealloc(NodeObject *self)
{
    PyObject_GC_UnTrack(self);
    (void)Node_clear(self);
    PyObject_GC_Del(self);
}

static PyObject *
Node_repr(NodeObject *self)
{
    if (self->value == NULL) {
        return PyUnicode_FromString("Node(<cleared>)");
    }
    return PyUnicode_FromFormat("Node(%R)", self->value);
}

static PyObject *
Node_length(NodeObject *self, PyObject *Py_UNUSED(ignored))
{
    long n = 0;
    PyObject *cur = (PyObject *)self;

    while (cur != NULL && Py_IS_TYPE(cur, &Node_Type) && n < 1000000) {
        n++;
        cur = ((NodeObject *)cur)->next;
    }
    return PyLong_FromLong(n);
}

static PyMethodDef Node_methods[] = {
    {"length", (PyCFunction)Node_length, METH_NOARGS,
     PyDoc_STR("length() -> number of Nodes reachable through .next")},
    {NULL, NULL}
};

static PyMemberDef Node_members[] = {
    {"value", T_OBJECT_EX, offsetof(NodeObject, value), 0, NULL},
    {"next", T_OBJECT, offsetof(NodeObject, next), 0, NULL},
    {NULL}
};

static PyTypeObject Node_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "hp_gc.Node",
    .tp_basicsize = sizeof(NodeObject),
    .tp_dealloc = (destructor)Node_dealloc,
    .tp_repr = (reprfunc)Node_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = PyDoc_STR("Node(value=None, next=None): a linked-list cell."),
    .tp_traverse = (traverseproc)Node_traverse,
    .tp_clear = (inquiry)Node_clear,
    .tp_methods = Node_methods,
    .tp_members = Node_members,
    .tp_new = Node_new,
};

static PyObject *
make_cycle(PyObject *module, PyObject *value)
{
    NodeObject *a = (NodeObject *)PyObject_CallFunctionObjArgs(
        (PyObject *)&Node_Type, value, NULL);
    if (a == NULL) {
        return NULL;
    }
    Py_INCREF(a);
    a->next = (PyObject *)a;            /* self-cycle: only GC can free it */
    return (PyObject *)a;
}

static PyMethodDef hp_gc_methods[] = {
    {"make_cycle", make_cycle, METH_O,
     PyDoc_STR("make_cycle(value) -> a Node whose next is itself")},
    {NULL, NULL}
};

static struct PyModuleDef hp_gc_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_gc",
    .m_doc = "A GC-tracked static type.",
    .m_size = -1,
    .m_methods = hp_gc_methods,
};

PyMODINIT_FUNC
PyInit_hp_gc(void)
{
    PyObject *m;

    if (PyType_Ready(&Node_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&hp_gc_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&Node_Type);
    if (PyModule_AddObject(m, "Node", (PyObject *)&Node_Type) < 0) {
        Py_DECREF(&Node_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
