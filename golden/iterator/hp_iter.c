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
    struct hp_iter_state *state;  /* set at creation: no lookup */
} CountdownObject;

typedef struct {
    PyObject_HEAD
    CountdownObject *source;    /* strong reference, kept for repr */
    long next;
} CountdownIterObject;


typedef struct hp_iter_state {
    PyTypeObject *Countdown_Type;
    PyTypeObject *CountdownIter_Type;
} hp_iter_state;

static inline hp_iter_state *
get_hp_iter_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hp_iter_state *)state;
}

static int
hp_iter_traverse(PyObject *module, visitproc visit, void *arg)
{
    hp_iter_state *st = get_hp_iter_state(module);
    Py_VISIT(st->Countdown_Type);
    Py_VISIT(st->CountdownIter_Type);
    return 0;
}

static int
hp_iter_clear(PyObject *module)
{
    hp_iter_state *st = get_hp_iter_state(module);
    Py_CLEAR(st->Countdown_Type);
    Py_CLEAR(st->CountdownIter_Type);
    return 0;
}

static void
hp_iter_free(void *module)
{
    (void)hp_iter_clear((PyObject *)module);
}

static PyObject *
Countdown_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    hp_iter_state *st = PyType_GetModuleState(type);
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
    self->state = st;
    self->start = start;
    return (PyObject *)self;
}

static void
Countdown_dealloc(CountdownObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Countdown_iter(CountdownObject *self)
{
    hp_iter_state *st = self->state;
    CountdownIterObject *it = PyObject_GC_New(CountdownIterObject, st->CountdownIter_Type);
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

static PyType_Slot Countdown_slots[] = {
    {Py_tp_dealloc, (destructor)Countdown_dealloc},
    {Py_tp_repr, (reprfunc)Countdown_repr},
    {Py_tp_doc, (void *)"Countdown(start): iterates start, start-1, ..., 1."},
    {Py_tp_iter, (getiterfunc)Countdown_iter},
    {Py_tp_new, Countdown_new},
    {0, NULL},
};

static PyType_Spec Countdown_spec = {
    .name = "hp_iter.Countdown",
    .basicsize = sizeof(CountdownObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Countdown_slots,
};

static int
CountdownIter_traverse(CountdownIterObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->source);
    return 0;
}

static void
CountdownIter_dealloc(CountdownIterObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->source);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
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

static PyType_Slot CountdownIter_slots[] = {
    {Py_tp_dealloc, (destructor)CountdownIter_dealloc},
    {Py_tp_traverse, (traverseproc)CountdownIter_traverse},
    {Py_tp_iter, PyObject_SelfIter},
    {Py_tp_iternext, (iternextfunc)CountdownIter_next},
    {Py_tp_methods, CountdownIter_methods},
    {0, NULL},
};

static PyType_Spec CountdownIter_spec = {
    .name = "hp_iter.CountdownIterator",
    .basicsize = sizeof(CountdownIterObject),
    .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
              Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION),
    .slots = CountdownIter_slots,
};

static int
hp_iter_exec(PyObject *m)
{
    hp_iter_state *st = get_hp_iter_state(m);

    st->Countdown_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &Countdown_spec, NULL);
    if (st->Countdown_Type == NULL) {
        return -1;
    }
    st->CountdownIter_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &CountdownIter_spec, NULL);
    if (st->CountdownIter_Type == NULL) {
        return -1;
    }
    if (PyModule_AddType(m, st->Countdown_Type) < 0) {
        return -1;
    }
    if (PyModule_AddType(m, st->CountdownIter_Type) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot hp_iter_slots[] = {
    {Py_mod_exec, hp_iter_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_iter_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_iter",
    .m_doc = "A container type and its iterator type.",
    .m_size = sizeof(hp_iter_state),
    .m_slots = hp_iter_slots,
    .m_traverse = hp_iter_traverse,
    .m_clear = hp_iter_clear,
    .m_free = hp_iter_free,
};

PyMODINIT_FUNC
PyInit_hp_iter(void)
{
    return PyModuleDef_Init(&hp_iter_module);
}
