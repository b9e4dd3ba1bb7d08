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

static PyObject *
Node_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"value", "next", NULL};
    PyObject *value = Py_None, *next = NULL;
    NodeObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|OO:Node", kwlist, &value, &next)) {
        return NULL;
    }
    self = PyObject_GC_New(NodeObject, type);
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
    Py_VISIT(Py_TYPE(self));
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
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    (void)Node_clear(self);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
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

    while (cur != NULL && Py_TYPE(cur)->tp_dealloc ==
            (destructor)Node_dealloc && n < 1000000) {
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

static PyType_Slot Node_slots[] = {
    {Py_tp_dealloc, (destructor)Node_dealloc},
    {Py_tp_repr, (reprfunc)Node_repr},
    {Py_tp_doc,
     (void *)PyDoc_STR("Node(value=None, next=None): a linked-list cell.")},
    {Py_tp_traverse, (traverseproc)Node_traverse},
    {Py_tp_clear, (inquiry)Node_clear},
    {Py_tp_methods, Node_methods},
    {Py_tp_members, Node_members},
    {Py_tp_new, Node_new},
    {0, NULL},
};

static PyType_Spec Node_spec = {
    .name = "hp_gc.Node",
    .basicsize = sizeof(NodeObject),
    .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
              Py_TPFLAGS_IMMUTABLETYPE),
    .slots = Node_slots,
};

typedef struct {
    PyTypeObject *Node_Type;
} hp_gc_state;

static inline hp_gc_state *
get_hp_gc_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hp_gc_state *)state;
}

static int
hp_gc_traverse(PyObject *module, visitproc visit, void *arg)
{
    hp_gc_state *st = get_hp_gc_state(module);
    Py_VISIT(st->Node_Type);
    return 0;
}

static int
hp_gc_clear(PyObject *module)
{
    hp_gc_state *st = get_hp_gc_state(module);
    Py_CLEAR(st->Node_Type);
    return 0;
}

static void
hp_gc_free(void *module)
{
    (void)hp_gc_clear((PyObject *)module);
}

static PyObject *
make_cycle(PyObject *module, PyObject *value)
{
    hp_gc_state *st = get_hp_gc_state(module);
    NodeObject *a = (NodeObject *)PyObject_CallFunctionObjArgs(
        (PyObject *)st->Node_Type, value, NULL);
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

static int
hp_gc_exec(PyObject *m)
{
    hp_gc_state *st = get_hp_gc_state(m);

    st->Node_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &Node_spec, NULL);
    if (st->Node_Type == NULL) {
        return -1;
    }
    if (PyModule_AddType(m, st->Node_Type) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot hp_gc_slots[] = {
    {Py_mod_exec, hp_gc_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_gc_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_gc",
    .m_doc = "A GC-tracked static type.",
    .m_size = sizeof(hp_gc_state),
    .m_methods = hp_gc_methods,
    .m_slots = hp_gc_slots,
    .m_traverse = hp_gc_traverse,
    .m_clear = hp_gc_clear,
    .m_free = hp_gc_free,
};

PyMODINIT_FUNC
PyInit_hp_gc(void)
{
    return PyModuleDef_Init(&hp_gc_module);
}
