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
} PairObject;

static PyTypeObject Pair_Type;
static Py_ssize_t pairs_made;   /* how many Pairs make_pair() built */

/* The helper: no module, no self. */
static PyObject *
make_pair(long first, long second)
{
    PairObject *p = PyObject_New(PairObject, &Pair_Type);
    if (p == NULL) {
        return NULL;
    }
    p->first = first;
    p->second = second;
    pairs_made++;
    return (PyObject *)p;
}

static void
Pair_dealloc(PyObject *self)
{
    PyObject_Free(self);
}

static PyObject *
Pair_repr(PairObject *self)
{
    return PyUnicode_FromFormat("Pair(%ld, %ld)", self->first, self->second);
}

static PyObject *
Pair_swapped(PairObject *self, PyObject *Py_UNUSED(ignored))
{
    return make_pair(self->second, self->first);
}

static PyObject *
Pair_richcompare(PyObject *a, PyObject *b, int op)
{
    PairObject *x = (PairObject *)a, *y = (PairObject *)b;

    if (!PyObject_TypeCheck(b, &Pair_Type) || (op != Py_EQ && op != Py_NE)) {
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

static PySequenceMethods Pair_as_sequence = {
    .sq_length = Pair_length,
    .sq_item = (ssizeargfunc)Pair_getitem,
};

static PyMethodDef Pair_methods[] = {
    {"swapped", (PyCFunction)Pair_swapped, METH_NOARGS,
     PyDoc_STR("swapped() -> a new Pair with the items exchanged")},
    {NULL, NULL}
};

static PyTypeObject Pair_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "hp_helper.Pair",
    .tp_basicsize = sizeof(PairObject),
    .tp_dealloc = Pair_dealloc,
    .tp_repr = (reprfunc)Pair_repr,
    .tp_as_sequence = &Pair_as_sequence,
    .tp_hash = PyObject_HashNotImplemented,
#if PY_VERSION_HEX >= 0x030A0000
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_SEQUENCE,
#else
    .tp_flags = Py_TPFLAGS_DEFAULT,
#endif
    .tp_doc = PyDoc_STR("An immutable pair of C longs; build one with pair()."),
    .tp_richcompare = Pair_richcompare,
    .tp_methods = Pair_methods,
};

static PyObject *
hp_helper_pair(PyObject *module, PyObject *args)
{
    long first, second;

    if (!PyArg_ParseTuple(args, "ll:pair", &first, &second)) {
        return NULL;
    }
    return make_pair(first, second);
}

static PyObject *
hp_helper_pairs_made(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromSsize_t(pairs_made);
}

static PyMethodDef hp_helper_methods[] = {
    {"pair", hp_helper_pair, METH_VARARGS, PyDoc_STR("pair(a, b) -> Pair")},
    {"pairs_made", hp_helper_pairs_made, METH_NOARGS,
     PyDoc_STR("pairs_made() -> number of Pairs built so far")},
    {NULL, NULL}
};

static struct PyModuleDef hp_helper_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_helper",
    .m_doc = "A state-free helper that needs module state after migration.",
    .m_size = -1,
    .m_methods = hp_helper_methods,
};

PyMODINIT_FUNC
PyInit_hp_helper(void)
{
    PyObject *m;

    if (PyType_Ready(&Pair_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&hp_helper_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&Pair_Type);
    if (PyModule_AddObject(m, "Pair", (PyObject *)&Pair_Type) < 0) {
        Py_DECREF(&Pair_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
