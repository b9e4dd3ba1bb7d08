/* hp_dictweak: instances with a __dict__ (tp_dictoffset) and weak reference
 * support (tp_weaklistoffset).  The dict can hold references, so the type
 * is GC-tracked.
 *
 * Style: designated initializers.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include <stddef.h>               /* offsetof */

typedef struct {
    PyObject_HEAD
    PyObject *dict;
    PyObject *weakreflist;
} BagObject;

static PyObject *
Bag_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    BagObject *self;

    if (PyTuple_GET_SIZE(args) != 0) {
        PyErr_SetString(PyExc_TypeError, "Bag() takes only keyword arguments");
        return NULL;
    }
    self = (BagObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    if (kwds != NULL) {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(kwds, &pos, &key, &value)) {
            if (PyObject_SetAttr((PyObject *)self, key, value) < 0) {
                Py_DECREF(self);
                return NULL;
            }
        }
    }
    return (PyObject *)self;
}

static int
Bag_traverse(BagObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->dict);
    return 0;
}

static int
Bag_clear(BagObject *self)
{
    Py_CLEAR(self->dict);
    return 0;
}

static void
Bag_dealloc(BagObject *self)
{
    PyObject_GC_UnTrack(self);
    if (self->weakreflist != NULL) {
        PyObject_ClearWeakRefs((PyObject *)self);
    }
    (void)Bag_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Bag_keys(BagObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *keys;

    if (self->dict == NULL) {
        return PyList_New(0);
    }
    keys = PyDict_Keys(self->dict);
    if (keys != NULL && PyList_Sort(keys) < 0) {
        Py_CLEAR(keys);
    }
    return keys;
}

static PyMethodDef Bag_methods[] = {
    {"keys", (PyCFunction)Bag_keys, METH_NOARGS, "keys() -> sorted attribute names"},
    {NULL, NULL}
};

static PyGetSetDef Bag_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL}
};

static PyTypeObject Bag_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "hp_dictweak.Bag",
    .tp_basicsize = sizeof(BagObject),
    .tp_dealloc = (destructor)Bag_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Bag(**attrs): an object with a __dict__ that can be weakly referenced.",
    .tp_traverse = (traverseproc)Bag_traverse,
    .tp_clear = (inquiry)Bag_clear,
    .tp_weaklistoffset = offsetof(BagObject, weakreflist),
    .tp_methods = Bag_methods,
    .tp_getset = Bag_getset,
    .tp_dictoffset = offsetof(BagObject, dict),
    .tp_new = Bag_new,
};

static struct PyModuleDef hp_dictweak_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_dictweak",
    .m_doc = "tp_dictoffset and tp_weaklistoffset on a static type.",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit_hp_dictweak(void)
{
    PyObject *m;

    if (PyType_Ready(&Bag_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&hp_dictweak_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&Bag_Type);
    if (PyModule_AddObject(m, "Bag", (PyObject *)&Bag_Type) < 0) {
        Py_DECREF(&Bag_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
