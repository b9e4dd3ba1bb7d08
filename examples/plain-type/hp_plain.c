/* hp_plain: the simplest static type -- tp_new, one method, one member, a repr.
 *
 * Style: positional initializer with a trailing tp_xxx comment per line,
 * as in CPython's Modules/xxmodule.c.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include "structmember.h"

typedef struct {
    PyObject_HEAD
    long value;
} BoxObject;

static PyObject *
Box_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"value", NULL};
    long value = 0;
    BoxObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|l:Box", kwlist, &value)) {
        return NULL;
    }
    self = (BoxObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->value = value;
    return (PyObject *)self;
}

static void
Box_dealloc(BoxObject *self)
{
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Box_repr(BoxObject *self)
{
    return PyUnicode_FromFormat("Box(%ld)", self->value);
}

static PyObject *
Box_doubled(BoxObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(self->value * 2);
}

static PyMethodDef Box_methods[] = {
    {"doubled", (PyCFunction)Box_doubled, METH_NOARGS,
     PyDoc_STR("doubled() -> twice the value")},
    {NULL, NULL}                /* sentinel */
};

static PyMemberDef Box_members[] = {
    {"value", T_LONG, offsetof(BoxObject, value), 0,
     PyDoc_STR("the boxed integer")},
    {NULL}                      /* sentinel */
};

PyDoc_STRVAR(Box_doc, "Box(value=0)\n--\n\nA box holding one C long.");

static PyTypeObject Box_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "hp_plain.Box",             /*tp_name*/
    sizeof(BoxObject),          /*tp_basicsize*/
    0,                          /*tp_itemsize*/
    /* methods */
    (destructor)Box_dealloc,    /*tp_dealloc*/
    0,                          /*tp_vectorcall_offset*/
    0,                          /*tp_getattr*/
    0,                          /*tp_setattr*/
    0,                          /*tp_as_async*/
    (reprfunc)Box_repr,         /*tp_repr*/
    0,                          /*tp_as_number*/
    0,                          /*tp_as_sequence*/
    0,                          /*tp_as_mapping*/
    0,                          /*tp_hash*/
    0,                          /*tp_call*/
    0,                          /*tp_str*/
    0,                          /*tp_getattro*/
    0,                          /*tp_setattro*/
    0,                          /*tp_as_buffer*/
    Py_TPFLAGS_DEFAULT,         /*tp_flags*/
    Box_doc,                    /*tp_doc*/
    0,                          /*tp_traverse*/
    0,                          /*tp_clear*/
    0,                          /*tp_richcompare*/
    0,                          /*tp_weaklistoffset*/
    0,                          /*tp_iter*/
    0,                          /*tp_iternext*/
    Box_methods,                /*tp_methods*/
    Box_members,                /*tp_members*/
    0,                          /*tp_getset*/
    0,                          /*tp_base*/
    0,                          /*tp_dict*/
    0,                          /*tp_descr_get*/
    0,                          /*tp_descr_set*/
    0,                          /*tp_dictoffset*/
    0,                          /*tp_init*/
    0,                          /*tp_alloc*/
    Box_new,                    /*tp_new*/
    0,                          /*tp_free*/
    0,                          /*tp_is_gc*/
};

PyDoc_STRVAR(module_doc, "The simplest static type, to be migrated to a heap type.");

static struct PyModuleDef hp_plain_module = {
    PyModuleDef_HEAD_INIT,
    "hp_plain",
    module_doc,
    -1,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

PyMODINIT_FUNC
PyInit_hp_plain(void)
{
    PyObject *m;

    if (PyType_Ready(&Box_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&hp_plain_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&Box_Type);
    if (PyModule_AddObject(m, "Box", (PyObject *)&Box_Type) < 0) {
        Py_DECREF(&Box_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
