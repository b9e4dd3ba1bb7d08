/* hp_dictsub: a static subclass of dict, as in CPython's
 * Modules/xxsubtype.c: tp_base = &PyDict_Type is assigned in the init
 * function before PyType_Ready (PyDict_Type is not a link-time constant on
 * every platform).
 *
 * Style: designated initializers.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include "structmember.h"

typedef struct {
    PyDictObject dict;
    int state;
} CountingDictObject;

static PyObject *
CountingDict_getstate(CountingDictObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(self->state);
}

static PyObject *
CountingDict_setstate(CountingDictObject *self, PyObject *args)
{
    int state;

    if (!PyArg_ParseTuple(args, "i:setstate", &state)) {
        return NULL;
    }
    self->state = state;
    Py_RETURN_NONE;
}

static PyObject *
CountingDict_bump(CountingDictObject *self, PyObject *key)
{
    /* d.bump(k): d[k] = d.get(k, 0) + 1; counts calls in state */
    PyObject *old = PyDict_GetItemWithError((PyObject *)self, key);
    PyObject *one, *new_value;
    int rc;

    if (old == NULL && PyErr_Occurred()) {
        return NULL;
    }
    one = PyLong_FromLong(1);
    if (one == NULL) {
        return NULL;
    }
    new_value = old == NULL ? (Py_INCREF(one), one) : PyNumber_Add(old, one);
    Py_DECREF(one);
    if (new_value == NULL) {
        return NULL;
    }
    rc = PyDict_SetItem((PyObject *)self, key, new_value);
    if (rc < 0) {
        Py_DECREF(new_value);
        return NULL;
    }
    self->state++;
    return new_value;
}

static PyMethodDef CountingDict_methods[] = {
    {"getstate", (PyCFunction)CountingDict_getstate, METH_NOARGS,
     PyDoc_STR("getstate() -> state")},
    {"setstate", (PyCFunction)CountingDict_setstate, METH_VARARGS,
     PyDoc_STR("setstate(state)")},
    {"bump", (PyCFunction)CountingDict_bump, METH_O,
     PyDoc_STR("bump(key) -> the key's new count")},
    {NULL, NULL}
};

static int
CountingDict_init(CountingDictObject *self, PyObject *args, PyObject *kwds)
{
    if (PyDict_Type.tp_init((PyObject *)self, args, kwds) < 0) {
        return -1;
    }
    self->state = 0;
    return 0;
}

static PyMemberDef CountingDict_members[] = {
    {"state", T_INT, offsetof(CountingDictObject, state), READONLY,
     PyDoc_STR("an int variable for demonstration purposes")},
    {NULL}
};

static PyTypeObject CountingDict_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "hp_dictsub.CountingDict",
    .tp_basicsize = sizeof(CountingDictObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = PyDoc_STR("A dict subclass that counts bump() calls."),
    .tp_methods = CountingDict_methods,
    .tp_members = CountingDict_members,
    .tp_init = (initproc)CountingDict_init,
};

static struct PyModuleDef hp_dictsub_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_dictsub",
    .m_doc = "A static subclass of a builtin type.",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit_hp_dictsub(void)
{
    PyObject *m;

    CountingDict_Type.tp_base = &PyDict_Type;
    if (PyType_Ready(&CountingDict_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&hp_dictsub_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&CountingDict_Type);
    if (PyModule_AddObject(m, "CountingDict", (PyObject *)&CountingDict_Type) < 0) {
        Py_DECREF(&CountingDict_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
