/* hp_plain: the simplest static type -- tp_new, one method, one member, a repr.
 *
 * Style: positional initializer with a trailing tp_xxx comment per line,
 * as in CPython's Modules/xxmodule.c.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include "structmember.h"

typedef struct {
    PyObject_HEAD
    long value;
} BoxObject;

static PyObject *
Box_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"value", NULL};
    long value = 0;
    BoxObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|l:Box", kwlist, &value)) {
        return NULL;
    }
    self = (BoxObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->value = value;
    return (PyObject *)self;
}

static void
Box_dealloc(BoxObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Box_repr(BoxObject *self)
{
    return PyUnicode_FromFormat("Box(%ld)", self->value);
}

static PyObject *
Box_doubled(BoxObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(self->value * 2);
}

static PyMethodDef Box_methods[] = {
    {"doubled", (PyCFunction)Box_doubled, METH_NOARGS,
     PyDoc_STR("doubled() -> twice the value")},
    {NULL, NULL}                /* sentinel */
};

static PyMemberDef Box_members[] = {
    {"value", T_LONG, offsetof(BoxObject, value), 0,
     PyDoc_STR("the boxed integer")},
    {NULL}                      /* sentinel */
};

PyDoc_STRVAR(Box_doc, "Box(value=0)\n--\n\nA box holding one C long.");

static PyType_Slot Box_slots[] = {
    {Py_tp_dealloc, (destructor)Box_dealloc},
    {Py_tp_repr, (reprfunc)Box_repr},
    {Py_tp_doc, (void *)Box_doc},
    {Py_tp_methods, Box_methods},
    {Py_tp_members, Box_members},
    {Py_tp_new, Box_new},
    {0, NULL},
};

static PyType_Spec Box_spec = {
    .name = "hp_plain.Box",
    .basicsize = sizeof(BoxObject),
#if PY_VERSION_HEX >= 0x030A0000
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
#else
    .flags = Py_TPFLAGS_DEFAULT,
#endif
    .slots = Box_slots,
};

PyDoc_STRVAR(module_doc, "The simplest static type, to be migrated to a heap type.");

typedef struct {
    PyTypeObject *Box_Type;
} hp_plain_state;

static inline hp_plain_state *
get_hp_plain_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hp_plain_state *)state;
}

static int
hp_plain_traverse(PyObject *module, visitproc visit, void *arg)
{
    hp_plain_state *st = get_hp_plain_state(module);
    Py_VISIT(st->Box_Type);
    return 0;
}

static int
hp_plain_clear(PyObject *module)
{
    hp_plain_state *st = get_hp_plain_state(module);
    Py_CLEAR(st->Box_Type);
    return 0;
}

static void
hp_plain_free(void *module)
{
    (void)hp_plain_clear((PyObject *)module);
}

static int
hp_plain_exec(PyObject *m)
{
    hp_plain_state *st = get_hp_plain_state(m);

    st->Box_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &Box_spec, NULL);
    if (st->Box_Type == NULL) {
        return -1;
    }
    if (PyModule_AddType(m, st->Box_Type) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot hp_plain_slots[] = {
    {Py_mod_exec, hp_plain_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_plain_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_plain",
    .m_doc = module_doc,
    .m_size = sizeof(hp_plain_state),
    .m_slots = hp_plain_slots,
    .m_traverse = hp_plain_traverse,
    .m_clear = hp_plain_clear,
    .m_free = hp_plain_free,
};

PyMODINIT_FUNC
PyInit_hp_plain(void)
{
    return PyModuleDef_Init(&hp_plain_module);
}
