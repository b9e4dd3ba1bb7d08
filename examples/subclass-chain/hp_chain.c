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
    Py_TYPE(self)->tp_free((PyObject *)self);
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

static PyTypeObject Base_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "hp_chain.Base",            /* tp_name */
    sizeof(BaseObject),         /* tp_basicsize */
    0,                          /* tp_itemsize */
    (destructor)Base_dealloc,   /* tp_dealloc */
    0,                          /* tp_vectorcall_offset */
    0,                          /* tp_getattr */
    0,                          /* tp_setattr */
    0,                          /* tp_as_async */
    0,                          /* tp_repr */
    0,                          /* tp_as_number */
    0,                          /* tp_as_sequence */
    0,                          /* tp_as_mapping */
    0,                          /* tp_hash */
    0,                          /* tp_call */
    0,                          /* tp_str */
    0,                          /* tp_getattro */
    0,                          /* tp_setattro */
    0,                          /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, /* tp_flags */
    "Base(): x = 1",            /* tp_doc */
    0,                          /* tp_traverse */
    0,                          /* tp_clear */
    0,                          /* tp_richcompare */
    0,                          /* tp_weaklistoffset */
    0,                          /* tp_iter */
    0,                          /* tp_iternext */
    Base_methods,               /* tp_methods */
    Base_members,               /* tp_members */
    0,                          /* tp_getset */
    0,                          /* tp_base */
    0,                          /* tp_dict */
    0,                          /* tp_descr_get */
    0,                          /* tp_descr_set */
    0,                          /* tp_dictoffset */
    0,                          /* tp_init */
    0,                          /* tp_alloc */
    Base_new,                   /* tp_new */
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

static PyTypeObject Derived_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "hp_chain.Derived",         /* tp_name */
    sizeof(DerivedObject),      /* tp_basicsize */
    0,                          /* tp_itemsize */
    0,                          /* tp_dealloc */
    0,                          /* tp_vectorcall_offset */
    0,                          /* tp_getattr */
    0,                          /* tp_setattr */
    0,                          /* tp_as_async */
    0,                          /* tp_repr */
    0,                          /* tp_as_number */
    0,                          /* tp_as_sequence */
    0,                          /* tp_as_mapping */
    0,                          /* tp_hash */
    0,                          /* tp_call */
    0,                          /* tp_str */
    0,                          /* tp_getattro */
    0,                          /* tp_setattro */
    0,                          /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,         /* tp_flags */
    "Derived(y=2): a Base with y", /* tp_doc */
    0,                          /* tp_traverse */
    0,                          /* tp_clear */
    0,                          /* tp_richcompare */
    0,                          /* tp_weaklistoffset */
    0,                          /* tp_iter */
    0,                          /* tp_iternext */
    Derived_methods,            /* tp_methods */
    Derived_members,            /* tp_members */
    0,                          /* tp_getset */
    &Base_Type,                 /* tp_base */
    0,                          /* tp_dict */
    0,                          /* tp_descr_get */
    0,                          /* tp_descr_set */
    0,                          /* tp_dictoffset */
    (initproc)Derived_init,     /* tp_init */
    0,                          /* tp_alloc */
    0,                          /* tp_new */
};

static struct PyModuleDef hp_chain_module = {
    PyModuleDef_HEAD_INIT,
    "hp_chain",
    "A static base type and a static subtype in one module.",
    -1,
};

PyMODINIT_FUNC
PyInit_hp_chain(void)
{
    PyObject *m;

    if (PyType_Ready(&Base_Type) < 0) {
        return NULL;
    }
    if (PyType_Ready(&Derived_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&hp_chain_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&Base_Type);
    if (PyModule_AddObject(m, "Base", (PyObject *)&Base_Type) < 0) {
        Py_DECREF(&Base_Type);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Derived_Type);
    if (PyModule_AddObject(m, "Derived", (PyObject *)&Derived_Type) < 0) {
        Py_DECREF(&Derived_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
