/* hp_iter: a container type (tp_iter) and its iterator type (tp_iter
 * returning self, tp_iternext).  The iterator has no tp_new: only the
 * container creates it.
 *
 * Style: designated initializers.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"

typedef struct {
    PyObject_HEAD
    long start;
} CountdownObject;

typedef struct {
    PyObject_HEAD
    CountdownObject *source;    /* strong reference, kept for repr */
    long next;
} CountdownIterObject;

static PyTypeObject Countdown_Type;
static PyTypeObject CountdownIter_Type;

static PyObject *
Countdown_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"start", NULL};
    long start;
    CountdownObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "l:Countdown", kwlist, &start)) {
        return NULL;
    }
    self = (CountdownObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->start = start;
    return (PyObject *)self;
}

static void
Countdown_dealloc(CountdownObject *self)
{
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Countdown_iter(CountdownObject *self)
{
    CountdownIterObject *it = PyObject_GC_New(CountdownIterObject, &CountdownIter_Type);
    if (it == NULL) {
        return NULL;
    }
    Py_INCREF(self);
    it->source = self;
    it->next = self->start;
    PyObject_GC_Track(it);
    return (PyObject *)it;
}

static PyObject *
Countdown_repr(CountdownObject *self)
{
    return PyUnicode_FromFormat("Countdown(%ld)", self->start);
}

static PyTypeObject Countdown_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "hp_iter.Countdown",
    .tp_basicsize = sizeof(CountdownObject),
    .tp_dealloc = (destructor)Countdown_dealloc,
    .tp_repr = (reprfunc)Countdown_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Countdown(start): iterates start, start-1, ..., 1.",
    .tp_iter = (getiterfunc)Countdown_iter,
    .tp_new = Countdown_new,
};

static int
CountdownIter_traverse(CountdownIterObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->source);
    return 0;
}

static void
CountdownIter_dealloc(CountdownIterObject *self)
{
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->source);
    PyObject_GC_Del(self);
}

static PyObject *
CountdownIter_next(CountdownIterObject *self)
{
    if (self->next <= 0) {
        return NULL;            /* StopIteration without an exception set */
    }
    return PyLong_FromLong(self->next--);
}

static PyObject *
CountdownIter_length_hint(CountdownIterObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(self->next > 0 ? self->next : 0);
}

static PyMethodDef CountdownIter_methods[] = {
    {"__length_hint__", (PyCFunction)CountdownIter_length_hint, METH_NOARGS, NULL},
    {NULL, NULL}
};

static PyTypeObject CountdownIter_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "hp_iter.CountdownIterator",
    .tp_basicsize = sizeof(CountdownIterObject),
    .tp_dealloc = (destructor)CountdownIter_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = (traverseproc)CountdownIter_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)CountdownIter_next,
    .tp_methods = CountdownIter_methods,
};

static struct PyModuleDef hp_iter_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_iter",
    .m_doc = "A container type and its iterator type.",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit_hp_iter(void)
{
    PyObject *m;

    if (PyType_Ready(&Countdown_Type) < 0 || PyType_Ready(&CountdownIter_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&hp_iter_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&Countdown_Type);
    if (PyModule_AddObject(m, "Countdown", (PyObject *)&Countdown_Type) < 0) {
        Py_DECREF(&Countdown_Type);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&CountdownIter_Type);
    if (PyModule_AddObject(m, "CountdownIterator", (PyObject *)&CountdownIter_Type) < 0) {
        Py_DECREF(&CountdownIter_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
