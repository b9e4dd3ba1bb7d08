/* hp_py23: a module written for Python 2 and 3 at once, in the style of
 * older hand-written extensions: a Python 3 marker, an error macro per
 * major version, and one init body behind two heads. */
#include "Python.h"

#if PY_MAJOR_VERSION >= 3
#define IS_PY3K
#define MODINITERROR return -1
#else
#define MODINITERROR return
#endif

typedef struct {
    PyTypeObject *Counter_Type;
    PyObject *ClosedError;
} hp_py23_state;

static inline hp_py23_state *
get_hp_py23_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hp_py23_state *)state;
}

static int
hp_py23_traverse(PyObject *module, visitproc visit, void *arg)
{
    hp_py23_state *st = get_hp_py23_state(module);
    Py_VISIT(st->Counter_Type);
    Py_VISIT(st->ClosedError);
    return 0;
}

static int
hp_py23_clear(PyObject *module)
{
    hp_py23_state *st = get_hp_py23_state(module);
    Py_CLEAR(st->Counter_Type);
    Py_CLEAR(st->ClosedError);
    return 0;
}

static void
hp_py23_free(void *module)
{
    (void)hp_py23_clear((PyObject *)module);
}

#define COUNTER_CHECK(st)                                         \
    if (self->closed) {                                           \
        PyErr_SetString((st)->ClosedError, "the counter is closed");    \
        return NULL;                                              \
    }

typedef struct {
    PyObject_HEAD
    long count;
    int closed;
} CounterObject;

static PyObject *
Counter_tick(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    hp_py23_state *st = PyType_GetModuleState(Py_TYPE(self));
    COUNTER_CHECK(st);
    self->count++;
    return PyLong_FromLong(self->count);
}

static PyObject *
Counter_close(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    self->closed = 1;
    Py_RETURN_NONE;
}

static PyMethodDef Counter_methods[] = {
    {"tick", (PyCFunction)Counter_tick, METH_NOARGS, "Count one more."},
    {"close", (PyCFunction)Counter_close, METH_NOARGS, "Refuse to count."},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot Counter_slots[] = {
    {Py_tp_doc, (void *)"A counter that can be closed."},
    {Py_tp_methods, Counter_methods},
    {Py_tp_new, PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Counter_spec = {
    .name = "hp_py23.Counter",
    .basicsize = sizeof(CounterObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Counter_slots,
};

static int
hp_py23_exec(PyObject *m)
{
    hp_py23_state *st = get_hp_py23_state(m);

    st->Counter_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &Counter_spec, NULL);
    if (st->Counter_Type == NULL) {
        return -1;
    }
    if (PyModule_AddType(m, st->Counter_Type) < 0)
        MODINITERROR;
    st->ClosedError = PyErr_NewException("hp_py23.ClosedError", NULL, NULL);
    if (st->ClosedError == NULL)
        MODINITERROR;
    Py_INCREF(st->ClosedError);
    if (PyModule_AddObject(m, "ClosedError", st->ClosedError) < 0)
        MODINITERROR;
#ifdef IS_PY3K
    return 0;
#endif
}

static PyModuleDef_Slot hp_py23_slots[] = {
    {Py_mod_exec, hp_py23_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_py23_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_py23",
    .m_doc = "Python 2/3 split init.",
    .m_size = sizeof(hp_py23_state),
    .m_slots = hp_py23_slots,
    .m_traverse = hp_py23_traverse,
    .m_clear = hp_py23_clear,
    .m_free = hp_py23_free,
};

PyMODINIT_FUNC
PyInit_hp_py23(void)
{
    return PyModuleDef_Init(&hp_py23_def);
}
