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

/* TODO(heapify): type 'Meta_Type' is used where the module state cannot be reached (a use outside any function that has the state, line 66); left static (migrate it by hand) */
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

/* TODO(heapify): type 'Widget_Type' has the metatype '&Meta_Type'; PyType_FromMetaclass needs 3.12; left static (migrate it by hand) */
static PyTypeObject Widget_Type = {
    PyVarObject_HEAD_INIT(&Meta_Type, 0)
    .tp_name = "hp_meta.Widget",
    .tp_basicsize = sizeof(WidgetObject),
    .tp_repr = (reprfunc)Widget_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = PyDoc_STR("Widget(size=1)"),
    .tp_new = Widget_new,
};

static int
hp_meta_exec(PyObject *m)
{

    if (PyType_Ready(&Meta_Type) < 0) {
        return -1;
    }
    if (PyType_Ready(&Widget_Type) < 0) {
        return -1;
    }
    Py_INCREF(&Meta_Type);
    if (PyModule_AddObject(m, "Meta", (PyObject *)&Meta_Type) < 0) {
        Py_DECREF(&Meta_Type);
        return -1;
    }
    Py_INCREF(&Widget_Type);
    if (PyModule_AddObject(m, "Widget", (PyObject *)&Widget_Type) < 0) {
        Py_DECREF(&Widget_Type);
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot hp_meta_slots[] = {
    {Py_mod_exec, hp_meta_exec},
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_meta_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_meta",
    .m_doc = "A static type whose metatype is defined in the same module.",
    .m_size = 0,
    .m_slots = hp_meta_slots,
};

PyMODINIT_FUNC
PyInit_hp_meta(void)
{
    return PyModuleDef_Init(&hp_meta_module);
}
