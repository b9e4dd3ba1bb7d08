/* hp_py23: a module written for Python 2 and 3 at once, in the style of
 * older hand-written extensions: a Python 3 marker, an error macro per
 * major version, and one init body behind two heads. */
#include "Python.h"

#if PY_MAJOR_VERSION >= 3
#define IS_PY3K
#define MODINITERROR return NULL
#else
#define MODINITERROR return
#endif

static PyObject *ClosedError = NULL;

#define COUNTER_CHECK                                             \
    if (self->closed) {                                           \
        PyErr_SetString(ClosedError, "the counter is closed");    \
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
    COUNTER_CHECK;
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

static PyTypeObject Counter_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "hp_py23.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A counter that can be closed.",
    .tp_methods = Counter_methods,
    .tp_new = PyType_GenericNew,
};

#ifdef IS_PY3K
static struct PyModuleDef hp_py23_def = {
    PyModuleDef_HEAD_INIT,
    "hp_py23",
    "Python 2/3 split init.",
    -1,
    NULL, NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC
PyInit_hp_py23(void)
#else
PyMODINIT_FUNC
inithp_py23(void)
#endif
{
    PyObject *m;

    if (PyType_Ready(&Counter_Type) < 0)
        MODINITERROR;
#ifdef IS_PY3K
    m = PyModule_Create(&hp_py23_def);
#else
    m = Py_InitModule3("hp_py23", NULL, "Python 2/3 split init.");
#endif
    if (m == NULL)
        MODINITERROR;
    Py_INCREF(&Counter_Type);
    if (PyModule_AddObject(m, "Counter", (PyObject *)&Counter_Type) < 0)
        MODINITERROR;
    ClosedError = PyErr_NewException("hp_py23.ClosedError", NULL, NULL);
    if (ClosedError == NULL)
        MODINITERROR;
    Py_INCREF(ClosedError);
    if (PyModule_AddObject(m, "ClosedError", ClosedError) < 0)
        MODINITERROR;
#ifdef IS_PY3K
    return m;
#endif
}
