/* hp_dictweak: instances with a __dict__ (tp_dictoffset) and weak reference
 * support (tp_weaklistoffset).  The dict can hold references, so the type
 * is GC-tracked.
 *
 * Style: designated initializers.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include "structmember.h"
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
    Py_VISIT(Py_TYPE(self));
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
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    if (self->weakreflist != NULL) {
        PyObject_ClearWeakRefs((PyObject *)self);
    }
    (void)Bag_clear(self);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
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

static PyMemberDef Bag_members[] = {
    {"__weaklistoffset__", T_PYSSIZET, offsetof(BagObject, weakreflist),
     READONLY},
    {"__dictoffset__", T_PYSSIZET, offsetof(BagObject, dict), READONLY},
    {NULL},
};

static PyType_Slot Bag_slots[] = {
    {Py_tp_dealloc, (destructor)Bag_dealloc},
    {Py_tp_doc, (void *)"Bag(**attrs): an object with a __dict__ that can be weakly referenced."},
    {Py_tp_traverse, (traverseproc)Bag_traverse},
    {Py_tp_clear, (inquiry)Bag_clear},
    {Py_tp_methods, Bag_methods},
    {Py_tp_getset, Bag_getset},
    {Py_tp_new, Bag_new},
    {Py_tp_members, Bag_members},
    {0, NULL},
};

static PyType_Spec Bag_spec = {
    .name = "hp_dictweak.Bag",
    .basicsize = sizeof(BagObject),
    .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
              Py_TPFLAGS_IMMUTABLETYPE),
    .slots = Bag_slots,
};

typedef struct {
    PyTypeObject *Bag_Type;
} hp_dictweak_state;

static inline hp_dictweak_state *
get_hp_dictweak_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hp_dictweak_state *)state;
}

static int
hp_dictweak_traverse(PyObject *module, visitproc visit, void *arg)
{
    hp_dictweak_state *st = get_hp_dictweak_state(module);
    Py_VISIT(st->Bag_Type);
    return 0;
}

static int
hp_dictweak_clear(PyObject *module)
{
    hp_dictweak_state *st = get_hp_dictweak_state(module);
    Py_CLEAR(st->Bag_Type);
    return 0;
}

static void
hp_dictweak_free(void *module)
{
    (void)hp_dictweak_clear((PyObject *)module);
}

static int
hp_dictweak_exec(PyObject *m)
{
    hp_dictweak_state *st = get_hp_dictweak_state(m);

    st->Bag_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &Bag_spec, NULL);
    if (st->Bag_Type == NULL) {
        return -1;
    }
    if (PyModule_AddType(m, st->Bag_Type) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot hp_dictweak_slots[] = {
    {Py_mod_exec, hp_dictweak_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_dictweak_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_dictweak",
    .m_doc = "tp_dictoffset and tp_weaklistoffset on a static type.",
    .m_size = sizeof(hp_dictweak_state),
    .m_slots = hp_dictweak_slots,
    .m_traverse = hp_dictweak_traverse,
    .m_clear = hp_dictweak_clear,
    .m_free = hp_dictweak_free,
};

PyMODINIT_FUNC
PyInit_hp_dictweak(void)
{
    return PyModuleDef_Init(&hp_dictweak_module);
}
