/* hp_capsule: a static type exported to other C extensions through a
 * PyCapsule C API, as Modules/_datetimemodule.c exports PyDateTime_CAPI.
 *
 * heapify leaves this file unchanged ([capsule-exports-type]): the capsule's
 * consumers keep one process-wide pointer to the type, so making the type
 * per interpreter changes the API (migration-rules.md Rule 9).
 *
 * Style: designated initializers.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include "structmember.h"

typedef struct {
    PyObject_HEAD
    double x;
    double y;
} PointObject;

/* What a consumer gets from PyCapsule_Import("hp_capsule._C_API", 0). */
typedef struct {
    PyTypeObject *PointType;
    PyObject *(*Point_FromXY)(double x, double y);
} hp_capsule_CAPI;

static PyTypeObject Point_Type;

static PyObject *
Point_FromXY(double x, double y)
{
    PointObject *self = PyObject_New(PointObject, &Point_Type);
    if (self == NULL) {
        return NULL;
    }
    self->x = x;
    self->y = y;
    return (PyObject *)self;
}

static PyObject *
Point_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"x", "y", NULL};
    double x = 0.0, y = 0.0;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|dd:Point", kwlist, &x, &y)) {
        return NULL;
    }
    return Point_FromXY(x, y);
}

static PyObject *
Point_repr(PointObject *self)
{
    PyObject *x = PyFloat_FromDouble(self->x);
    PyObject *y = PyFloat_FromDouble(self->y);
    PyObject *r = NULL;

    if (x != NULL && y != NULL) {
        r = PyUnicode_FromFormat("Point(%R, %R)", x, y);
    }
    Py_XDECREF(x);
    Py_XDECREF(y);
    return r;
}

static PyMemberDef Point_members[] = {
    {"x", T_DOUBLE, offsetof(PointObject, x), READONLY, PyDoc_STR("x coordinate")},
    {"y", T_DOUBLE, offsetof(PointObject, y), READONLY, PyDoc_STR("y coordinate")},
    {NULL}
};

static PyTypeObject Point_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "hp_capsule.Point",
    .tp_basicsize = sizeof(PointObject),
    .tp_dealloc = (destructor)PyObject_Del,
    .tp_repr = (reprfunc)Point_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = PyDoc_STR("Point(x=0.0, y=0.0)"),
    .tp_members = Point_members,
    .tp_new = Point_new,
};

static hp_capsule_CAPI capi = {
    &Point_Type,
    Point_FromXY,
};

/* Calls the C API through the capsule, as a consumer module would. */
static PyObject *
via_capsule(PyObject *module, PyObject *args)
{
    double x, y;
    hp_capsule_CAPI *api;

    if (!PyArg_ParseTuple(args, "dd:via_capsule", &x, &y)) {
        return NULL;
    }
    api = (hp_capsule_CAPI *)PyCapsule_Import("hp_capsule._C_API", 0);
    if (api == NULL) {
        return NULL;
    }
    return api->Point_FromXY(x, y);
}

static PyMethodDef hp_capsule_methods[] = {
    {"via_capsule", via_capsule, METH_VARARGS,
     PyDoc_STR("via_capsule(x, y) -> Point made through the capsule's C API")},
    {NULL, NULL}
};

static struct PyModuleDef hp_capsule_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_capsule",
    .m_doc = "A static type exported through a C API capsule.",
    .m_size = -1,
    .m_methods = hp_capsule_methods,
};

PyMODINIT_FUNC
PyInit_hp_capsule(void)
{
    PyObject *m;
    PyObject *c;

    if (PyType_Ready(&Point_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&hp_capsule_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&Point_Type);
    if (PyModule_AddObject(m, "Point", (PyObject *)&Point_Type) < 0) {
        Py_DECREF(&Point_Type);
        Py_DECREF(m);
        return NULL;
    }
    c = PyCapsule_New(&capi, "hp_capsule._C_API", NULL);
    if (c == NULL || PyModule_AddObject(m, "_C_API", c) < 0) {
        Py_XDECREF(c);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
