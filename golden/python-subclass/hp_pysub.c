/* hp_pysub: a Py_TPFLAGS_BASETYPE type meant to be subclassed in Python.
 * Its tp_new/tp_init/methods/dealloc work on instances of Python
 * subclasses: allocation goes through type->tp_alloc, freeing through
 * Py_TYPE(self)->tp_free, and scaled() builds an instance of type(self).
 *
 * Style: designated initializers.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include "structmember.h"

typedef struct {
    PyObject_HEAD
    double width;
    double height;
} ShapeObject;

static PyObject *
Shape_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    ShapeObject *self = (ShapeObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->width = 1.0;
    self->height = 1.0;
    return (PyObject *)self;
}

static int
Shape_init(ShapeObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"width", "height", NULL};
    double width = 1.0, height = 1.0;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|dd:Shape", kwlist, &width, &height)) {
        return -1;
    }
    if (width < 0 || height < 0) {
        PyErr_SetString(PyExc_ValueError, "sizes must be >= 0");
        return -1;
    }
    self->width = width;
    self->height = height;
    return 0;
}

static void
Shape_dealloc(ShapeObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Shape_area(ShapeObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyFloat_FromDouble(self->width * self->height);
}

static PyObject *
Shape_describe(ShapeObject *self, PyObject *Py_UNUSED(ignored))
{
    /* self.area() may be overridden by a Python subclass */
    PyObject *area = PyObject_CallMethod((PyObject *)self, "area", NULL);
    PyObject *r;

    if (area == NULL) {
        return NULL;
    }
    r = PyUnicode_FromFormat("%s with area %R", _PyType_Name(Py_TYPE(self)), area);
    Py_DECREF(area);
    return r;
}

static PyObject *
Shape_scaled(ShapeObject *self, PyObject *arg)
{
    double k = PyFloat_AsDouble(arg);

    if (k == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    return PyObject_CallFunction((PyObject *)Py_TYPE(self), "dd",
                                 self->width * k, self->height * k);
}

static PyObject *
Shape_repr(ShapeObject *self)
{
    PyObject *w = PyFloat_FromDouble(self->width), *h, *r;

    if (w == NULL) {
        return NULL;
    }
    h = PyFloat_FromDouble(self->height);
    if (h == NULL) {
        Py_DECREF(w);
        return NULL;
    }
    r = PyUnicode_FromFormat("%s(%R, %R)", _PyType_Name(Py_TYPE(self)), w, h);
    Py_DECREF(w);
    Py_DECREF(h);
    return r;
}

static PyMethodDef Shape_methods[] = {
    {"area", (PyCFunction)Shape_area, METH_NOARGS, PyDoc_STR("area() -> width * height")},
    {"describe", (PyCFunction)Shape_describe, METH_NOARGS,
     PyDoc_STR("describe() -> text using type(self) and self.area()")},
    {"scaled", (PyCFunction)Shape_scaled, METH_O,
     PyDoc_STR("scaled(k) -> type(self)(width * k, height * k)")},
    {NULL, NULL}
};

static PyMemberDef Shape_members[] = {
    {"width", T_DOUBLE, offsetof(ShapeObject, width), 0, NULL},
    {"height", T_DOUBLE, offsetof(ShapeObject, height), 0, NULL},
    {NULL}
};

static PyType_Slot Shape_slots[] = {
    {Py_tp_dealloc, (destructor)Shape_dealloc},
    {Py_tp_repr, (reprfunc)Shape_repr},
    {Py_tp_doc, (void *)PyDoc_STR(
        "Shape(width=1.0, height=1.0): subclass me in Python.")},
    {Py_tp_methods, Shape_methods},
    {Py_tp_members, Shape_members},
    {Py_tp_init, (initproc)Shape_init},
    {Py_tp_new, Shape_new},
    {0, NULL},
};

static PyType_Spec Shape_spec = {
    .name = "hp_pysub.Shape",
    .basicsize = sizeof(ShapeObject),
    .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE |
              Py_TPFLAGS_IMMUTABLETYPE),
    .slots = Shape_slots,
};

typedef struct {
    PyTypeObject *Shape_Type;
} hp_pysub_state;

static inline hp_pysub_state *
get_hp_pysub_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hp_pysub_state *)state;
}

static int
hp_pysub_traverse(PyObject *module, visitproc visit, void *arg)
{
    hp_pysub_state *st = get_hp_pysub_state(module);
    Py_VISIT(st->Shape_Type);
    return 0;
}

static int
hp_pysub_clear(PyObject *module)
{
    hp_pysub_state *st = get_hp_pysub_state(module);
    Py_CLEAR(st->Shape_Type);
    return 0;
}

static void
hp_pysub_free(void *module)
{
    (void)hp_pysub_clear((PyObject *)module);
}

static int
hp_pysub_exec(PyObject *m)
{
    hp_pysub_state *st = get_hp_pysub_state(m);

    st->Shape_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &Shape_spec, NULL);
    if (st->Shape_Type == NULL) {
        return -1;
    }
    if (PyModule_AddType(m, st->Shape_Type) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot hp_pysub_slots[] = {
    {Py_mod_exec, hp_pysub_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_pysub_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_pysub",
    .m_doc = "A static base type for Python subclasses.",
    .m_size = sizeof(hp_pysub_state),
    .m_slots = hp_pysub_slots,
    .m_traverse = hp_pysub_traverse,
    .m_clear = hp_pysub_clear,
    .m_free = hp_pysub_free,
};

PyMODINIT_FUNC
PyInit_hp_pysub(void)
{
    return PyModuleDef_Init(&hp_pysub_module);
}
