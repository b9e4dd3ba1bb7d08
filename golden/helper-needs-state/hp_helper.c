/* hp_helper: a static helper function with neither a module nor a self
 * argument uses &Pair_Type and a module global.  It is called from a module
 * function and from a method, so a migration must thread the module state
 * into it (rule 7, "helpers").
 *
 * Style: designated initializers; one #if PY_VERSION_HEX block inside the
 * type's initializer.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"

typedef struct {
    PyObject_HEAD
    long first;
    long second;
    struct hp_helper_state *state;  /* set at creation: no lookup */
} PairObject;

typedef struct hp_helper_state {
    PyTypeObject *Pair_Type;
    Py_ssize_t pairs_made; /* how many Pairs make_pair() built */
} hp_helper_state;

static inline hp_helper_state *
get_hp_helper_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hp_helper_state *)state;
}

static int
hp_helper_traverse(PyObject *module, visitproc visit, void *arg)
{
    hp_helper_state *st = get_hp_helper_state(module);
    Py_VISIT(st->Pair_Type);
    return 0;
}

static int
hp_helper_clear(PyObject *module)
{
    hp_helper_state *st = get_hp_helper_state(module);
    Py_CLEAR(st->Pair_Type);
    return 0;
}

static void
hp_helper_free(void *module)
{
    (void)hp_helper_clear((PyObject *)module);
}

/* The helper: no module, no self. */
static PyObject *
make_pair(hp_helper_state *st, long first, long second)
{
    PairObject *p = PyObject_New(PairObject, st->Pair_Type);
    if (p == NULL) {
        return NULL;
    }
    p->state = st;
    p->first = first;
    p->second = second;
    st->pairs_made++;
    return (PyObject *)p;
}

static void
Pair_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_Free(self);
    Py_DECREF(tp);
}

static PyObject *
Pair_repr(PairObject *self)
{
    return PyUnicode_FromFormat("Pair(%ld, %ld)", self->first, self->second);
}

static PyObject *
Pair_swapped(PairObject *self, PyObject *Py_UNUSED(ignored))
{
    hp_helper_state *st = self->state;
    return make_pair(st, self->second, self->first);
}

static PyObject *
Pair_richcompare(PyObject *a, PyObject *b, int op)
{
    hp_helper_state *st = ((PairObject *)a)->state;
    PairObject *x = (PairObject *)a, *y = (PairObject *)b;

    if (!PyObject_TypeCheck(b, st->Pair_Type) || (op != Py_EQ && op != Py_NE)) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    if ((x->first == y->first && x->second == y->second) == (op == Py_EQ)) {
        Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

static PyObject *
Pair_getitem(PairObject *self, Py_ssize_t i)
{
    if (i == 0) {
        return PyLong_FromLong(self->first);
    }
    if (i == 1) {
        return PyLong_FromLong(self->second);
    }
    PyErr_SetString(PyExc_IndexError, "Pair index out of range");
    return NULL;
}

static Py_ssize_t
Pair_length(PyObject *self)
{
    return 2;
}

static PyMethodDef Pair_methods[] = {
    {"swapped", (PyCFunction)Pair_swapped, METH_NOARGS,
     PyDoc_STR("swapped() -> a new Pair with the items exchanged")},
    {NULL, NULL}
};

static PyType_Slot Pair_slots[] = {
    {Py_tp_dealloc, Pair_dealloc},
    {Py_tp_repr, (reprfunc)Pair_repr},
    {Py_sq_length, Pair_length},
    {Py_sq_item, (ssizeargfunc)Pair_getitem},
    {Py_tp_hash, PyObject_HashNotImplemented},
    {Py_tp_doc, (void *)PyDoc_STR(
        "An immutable pair of C longs; build one with pair().")},
    {Py_tp_richcompare, Pair_richcompare},
    {Py_tp_methods, Pair_methods},
    {0, NULL},
};

static PyType_Spec Pair_spec = {
    .name = "hp_helper.Pair",
    .basicsize = sizeof(PairObject),
    .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_SEQUENCE |
              Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION),
    .slots = Pair_slots,
};

static PyObject *
hp_helper_pair(PyObject *module, PyObject *args)
{
    hp_helper_state *st = get_hp_helper_state(module);
    long first, second;

    if (!PyArg_ParseTuple(args, "ll:pair", &first, &second)) {
        return NULL;
    }
    return make_pair(st, first, second);
}

static PyObject *
hp_helper_pairs_made(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    hp_helper_state *st = get_hp_helper_state(module);
    return PyLong_FromSsize_t(st->pairs_made);
}

static PyMethodDef hp_helper_methods[] = {
    {"pair", hp_helper_pair, METH_VARARGS, PyDoc_STR("pair(a, b) -> Pair")},
    {"pairs_made", hp_helper_pairs_made, METH_NOARGS,
     PyDoc_STR("pairs_made() -> number of Pairs built so far")},
    {NULL, NULL}
};

static int
hp_helper_exec(PyObject *m)
{
    hp_helper_state *st = get_hp_helper_state(m);

    st->Pair_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &Pair_spec, NULL);
    if (st->Pair_Type == NULL) {
        return -1;
    }
    if (PyModule_AddType(m, st->Pair_Type) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot hp_helper_slots[] = {
    {Py_mod_exec, hp_helper_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_helper_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_helper",
    .m_doc = "A state-free helper that needs module state after migration.",
    .m_size = sizeof(hp_helper_state),
    .m_methods = hp_helper_methods,
    .m_slots = hp_helper_slots,
    .m_traverse = hp_helper_traverse,
    .m_clear = hp_helper_clear,
    .m_free = hp_helper_free,
};

PyMODINIT_FUNC
PyInit_hp_helper(void)
{
    return PyModuleDef_Init(&hp_helper_module);
}
