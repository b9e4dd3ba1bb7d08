/* hp_meta: a static type whose metatype is another static type of the same
 * module: Widget_Type's object head names &Meta_Type as its type, and
 * Meta_Type subclasses type (tp_base = &PyType_Type, set in init), as
 * Modules/_ctypes does for its PyCSimpleType & co.
 *
 * heapify leaves both types static ([metaclass-needs-3.12]): a heap type with
 * a custom metatype needs PyType_FromMetaclass, new in 3.12, and the metatype
 * cannot become a heap type while a static type's head names it.
 *
 * Style: designated initializers.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"

typedef struct {
    PyObject_HEAD
    long size;
} WidgetObject;

/* Meta.describe(cls): a method of the metatype, so Widget.describe() works. */
static PyObject *
Meta_describe(PyObject *cls, PyObject *Py_UNUSED(ignored))
{
    return PyUnicode_FromFormat("%s made by %s", ((PyTypeObject *)cls)->tp_name, Py_TYPE(cls)->tp_name);
}

static PyMethodDef Meta_methods[] = {
    {"describe", (PyCFunction)Meta_describe, METH_NOARGS,
     PyDoc_STR("describe() -> which metatype made this class")},
    {NULL, NULL}
};

static PyTypeObject Meta_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "hp_meta.Meta",
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = PyDoc_STR("The metatype of Widget."),
    .tp_methods = Meta_methods,
};

static PyObject *
Widget_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"size", NULL};
    long size = 1;
    WidgetObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|l:Widget", kwlist, &size)) {
        return NULL;
    }
    self = (WidgetObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->size = size;
    return (PyObject *)self;
}

static PyObject *
Widget_repr(WidgetObject *self)
{
    return PyUnicode_FromFormat("Widget(%ld)", self->size);
}

static PyTypeObject Widget_Type = {
    PyVarObject_HEAD_INIT(&Meta_Type, 0)
    .tp_name = "hp_meta.Widget",
    .tp_basicsize = sizeof(WidgetObject),
    .tp_repr = (reprfunc)Widget_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = PyDoc_STR("Widget(size=1)"),
    .tp_new = Widget_new,
};

static struct PyModuleDef hp_meta_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_meta",
    .m_doc = "A static type whose metatype is defined in the same module.",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit_hp_meta(void)
{
    PyObject *m;

    Meta_Type.tp_base = &PyType_Type;
    if (PyType_Ready(&Meta_Type) < 0) {
        return NULL;
    }
    if (PyType_Ready(&Widget_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&hp_meta_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&Meta_Type);
    if (PyModule_AddObject(m, "Meta", (PyObject *)&Meta_Type) < 0) {
        Py_DECREF(&Meta_Type);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Widget_Type);
    if (PyModule_AddObject(m, "Widget", (PyObject *)&Widget_Type) < 0) {
        Py_DECREF(&Widget_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
