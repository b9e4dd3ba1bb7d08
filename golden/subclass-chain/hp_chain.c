/* hp_chain: two types in one module, Derived.tp_base = &Base_Type.
 * Derived has no tp_new and no tp_dealloc of its own: both come from Base.
 *
 * Style: positional initializers with comments.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include "structmember.h"

typedef struct {
    PyObject_HEAD
    long x;
} BaseObject;

typedef struct {
    BaseObject base;
    long y;
} DerivedObject;

static PyObject *
Base_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    BaseObject *self = (BaseObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->x = 1;
    return (PyObject *)self;
}

static void
Base_dealloc(BaseObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Base_who(BaseObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyUnicode_FromString("base");
}

static PyObject *
Base_total(BaseObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(self->x);
}

static PyMethodDef Base_methods[] = {
    {"who", (PyCFunction)Base_who, METH_NOARGS, NULL},
    {"total", (PyCFunction)Base_total, METH_NOARGS, NULL},
    {NULL, NULL}
};

static PyMemberDef Base_members[] = {
    {"x", T_LONG, offsetof(BaseObject, x), 0, NULL},
    {NULL}
};

static PyType_Slot Base_slots[] = {
    {Py_tp_dealloc, (destructor)Base_dealloc},
    {Py_tp_doc, (void *)"Base(): x = 1"},
    {Py_tp_methods, Base_methods},
    {Py_tp_members, Base_members},
    {Py_tp_new, Base_new},
    {0, NULL},
};

static PyType_Spec Base_spec = {
    .name = "hp_chain.Base",
    .basicsize = sizeof(BaseObject),
    .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE |
              Py_TPFLAGS_IMMUTABLETYPE),
    .slots = Base_slots,
};

static PyObject *
Derived_who(DerivedObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyUnicode_FromString("derived");
}

static PyObject *
Derived_total(DerivedObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(self->base.x + self->y);
}

static int
Derived_init(DerivedObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"y", NULL};
    long y = 2;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|l:Derived", kwlist, &y)) {
        return -1;
    }
    self->y = y;
    return 0;
}

static PyMethodDef Derived_methods[] = {
    {"who", (PyCFunction)Derived_who, METH_NOARGS, NULL},
    {"total", (PyCFunction)Derived_total, METH_NOARGS, NULL},
    {NULL, NULL}
};

static PyMemberDef Derived_members[] = {
    {"y", T_LONG, offsetof(DerivedObject, y), READONLY, NULL},
    {NULL}
};

static PyType_Slot Derived_slots[] = {
    {Py_tp_doc, (void *)"Derived(y=2): a Base with y"},
    {Py_tp_methods, Derived_methods},
    {Py_tp_members, Derived_members},
    {Py_tp_init, (initproc)Derived_init},
    {0, NULL},
};

static PyType_Spec Derived_spec = {
    .name = "hp_chain.Derived",
    .basicsize = sizeof(DerivedObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Derived_slots,
};

typedef struct {
    PyTypeObject *Base_Type;
    PyTypeObject *Derived_Type;
} hp_chain_state;

static inline hp_chain_state *
get_hp_chain_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hp_chain_state *)state;
}

static int
hp_chain_traverse(PyObject *module, visitproc visit, void *arg)
{
    hp_chain_state *st = get_hp_chain_state(module);
    Py_VISIT(st->Base_Type);
    Py_VISIT(st->Derived_Type);
    return 0;
}

static int
hp_chain_clear(PyObject *module)
{
    hp_chain_state *st = get_hp_chain_state(module);
    Py_CLEAR(st->Base_Type);
    Py_CLEAR(st->Derived_Type);
    return 0;
}

static void
hp_chain_free(void *module)
{
    (void)hp_chain_clear((PyObject *)module);
}

static int
hp_chain_exec(PyObject *m)
{
    hp_chain_state *st = get_hp_chain_state(m);

    st->Base_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &Base_spec, NULL);
    if (st->Base_Type == NULL) {
        return -1;
    }
    st->Derived_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &Derived_spec, (PyObject *)st->Base_Type);
    if (st->Derived_Type == NULL) {
        return -1;
    }
    if (PyModule_AddType(m, st->Base_Type) < 0) {
        return -1;
    }
    if (PyModule_AddType(m, st->Derived_Type) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot hp_chain_slots[] = {
    {Py_mod_exec, hp_chain_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_chain_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_chain",
    .m_doc = "A static base type and a static subtype in one module.",
    .m_size = sizeof(hp_chain_state),
    .m_slots = hp_chain_slots,
    .m_traverse = hp_chain_traverse,
    .m_clear = hp_chain_clear,
    .m_free = hp_chain_free,
};

PyMODINIT_FUNC
PyInit_hp_chain(void)
{
    return PyModuleDef_Init(&hp_chain_module);
}
