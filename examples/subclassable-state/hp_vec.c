/* hp_vec: a subclassable type whose methods, getters and slots need module
 * globals: Vec_Type (a BASETYPE type) and VecError (an exception).
 * Once migrated, these reach the module state the way rule 7 says for a type
 * Python code may subclass: methods through defining_class, getters and
 * unary slots by the module definition, binary slots from either operand.
 *
 * Style: designated initializers.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"

typedef struct {
    PyObject_HEAD
    double x;
    double y;
} VecObject;

static PyTypeObject Vec_Type;
static PyObject *VecError;

#define Vec_Check(op) PyObject_TypeCheck(op, &Vec_Type)

/* A new plain Vec (never a subclass): what the arithmetic returns. */
static PyObject *
vec_make(double x, double y)
{
    VecObject *v = PyObject_New(VecObject, &Vec_Type);
    if (v == NULL) {
        return NULL;
    }
    v->x = x;
    v->y = y;
    return (PyObject *)v;
}

static PyObject *
Vec_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"x", "y", NULL};
    double x = 0.0, y = 0.0;
    VecObject *v;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|dd:Vec", kwlist, &x, &y)) {
        return NULL;
    }
    v = (VecObject *)type->tp_alloc(type, 0);
    if (v == NULL) {
        return NULL;
    }
    v->x = x;
    v->y = y;
    return (PyObject *)v;
}

static void
Vec_dealloc(VecObject *self)
{
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Vec_repr(VecObject *self)
{
    char buf[64];
    PyOS_snprintf(buf, sizeof(buf), "Vec(%g, %g)", self->x, self->y);
    return PyUnicode_FromString(buf);
}

/* A method that needs the type: a plain Vec copy, even of a subclass. */
static PyObject *
Vec_plain(VecObject *self, PyObject *Py_UNUSED(ignored))
{
    return vec_make(self->x, self->y);
}

/* A method that needs the exception. */
static PyObject *
Vec_normalized(VecObject *self, PyObject *Py_UNUSED(ignored))
{
    double n = self->x * self->x + self->y * self->y;
    if (n == 0.0) {
        PyErr_SetString(VecError, "cannot normalize the zero vector");
        return NULL;
    }
    n = sqrt(n);
    return vec_make(self->x / n, self->y / n);
}

static PyObject *
Vec_scaled(VecObject *self, PyObject *arg)
{
    double k = PyFloat_AsDouble(arg);
    if (k == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    return vec_make(self->x * k, self->y * k);
}

/* A METH_VARARGS method that needs the type. */
static PyObject *
Vec_moved(VecObject *self, PyObject *args)
{
    double dx, dy;
    if (!PyArg_ParseTuple(args, "dd:moved", &dx, &dy)) {
        return NULL;
    }
    return vec_make(self->x + dx, self->y + dy);
}

/* A getter that needs the type. */
static PyObject *
Vec_get_swapped(VecObject *self, void *Py_UNUSED(closure))
{
    return vec_make(self->y, self->x);
}

static PyObject *
Vec_get_x(VecObject *self, void *Py_UNUSED(closure))
{
    return PyFloat_FromDouble(self->x);
}

static PyObject *
Vec_get_y(VecObject *self, void *Py_UNUSED(closure))
{
    return PyFloat_FromDouble(self->y);
}

/* Binary slot: either operand may be a Vec, or a Vec subclass. */
static PyObject *
Vec_add(PyObject *a, PyObject *b)
{
    if (!Vec_Check(a) || !Vec_Check(b)) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    return vec_make(((VecObject *)a)->x + ((VecObject *)b)->x,
                    ((VecObject *)a)->y + ((VecObject *)b)->y);
}

static PyObject *
Vec_negative(VecObject *self)
{
    return vec_make(-self->x, -self->y);
}

static PyObject *
Vec_richcompare(PyObject *a, PyObject *b, int op)
{
    if (!Vec_Check(b) || (op != Py_EQ && op != Py_NE)) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    int eq = ((VecObject *)a)->x == ((VecObject *)b)->x && ((VecObject *)a)->y == ((VecObject *)b)->y;
    if (op == Py_EQ ? eq : !eq) {
        Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

static PyMethodDef Vec_methods[] = {
    {"plain", (PyCFunction)Vec_plain, METH_NOARGS, PyDoc_STR("plain() -> a Vec with the same coordinates")},
    {"normalized", (PyCFunction)Vec_normalized, METH_NOARGS, PyDoc_STR("normalized() -> unit Vec")},
    {"scaled", (PyCFunction)Vec_scaled, METH_O, PyDoc_STR("scaled(k) -> Vec")},
    {"moved", (PyCFunction)Vec_moved, METH_VARARGS, PyDoc_STR("moved(dx, dy) -> Vec")},
    {NULL, NULL, 0, NULL}
};

static PyGetSetDef Vec_getset[] = {
    {"x", (getter)Vec_get_x, NULL, NULL, NULL},
    {"y", (getter)Vec_get_y, NULL, NULL, NULL},
    {"swapped", (getter)Vec_get_swapped, NULL, PyDoc_STR("a Vec with x and y swapped"), NULL},
    {NULL}
};

static PyNumberMethods Vec_as_number = {
    .nb_add = Vec_add,
    .nb_negative = (unaryfunc)Vec_negative,
};

static PyTypeObject Vec_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "hp_vec.Vec",
    .tp_basicsize = sizeof(VecObject),
    .tp_dealloc = (destructor)Vec_dealloc,
    .tp_repr = (reprfunc)Vec_repr,
    .tp_as_number = &Vec_as_number,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = PyDoc_STR("Vec(x=0.0, y=0.0): a 2-d vector; subclass me in Python."),
    .tp_richcompare = Vec_richcompare,
    .tp_methods = Vec_methods,
    .tp_getset = Vec_getset,
    .tp_new = Vec_new,
};

static PyObject *
hp_vec_origin(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return vec_make(0.0, 0.0);
}

static PyMethodDef hp_vec_methods[] = {
    {"origin", hp_vec_origin, METH_NOARGS, PyDoc_STR("origin() -> Vec(0, 0)")},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef hp_vec_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_vec",
    .m_doc = "A subclassable type whose methods, getters and slots need module globals.",
    .m_size = -1,
    .m_methods = hp_vec_methods,
};

PyMODINIT_FUNC
PyInit_hp_vec(void)
{
    PyObject *m;

    if (PyType_Ready(&Vec_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&hp_vec_module);
    if (m == NULL) {
        return NULL;
    }
    VecError = PyErr_NewException("hp_vec.VecError", PyExc_ValueError, NULL);
    if (VecError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(VecError);
    if (PyModule_AddObject(m, "VecError", VecError) < 0) {
        Py_DECREF(VecError);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Vec_Type);
    if (PyModule_AddObject(m, "Vec", (PyObject *)&Vec_Type) < 0) {
        Py_DECREF(&Vec_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
