/* hp_notnew: a type without tp_new.  Instances are made only by the module
 * function make_token(); Token() and Token.__new__(Token) raise TypeError.
 *
 * Style: designated initializers; the file has CRLF line endings.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"

typedef struct {
    PyObject_HEAD
    PyObject *name;             /* str */
    long serial;
} TokenObject;

static PyTypeObject Token_Type;
static long next_serial = 1;

static void
Token_dealloc(TokenObject *self)
{
    Py_XDECREF(self->name);
    PyObject_Free(self);
}

static PyObject *
Token_repr(TokenObject *self)
{
    return PyUnicode_FromFormat("<Token %U #%ld>", self->name, self->serial);
}

static PyObject *
Token_get_name(TokenObject *self, void *closure)
{
    Py_INCREF(self->name);
    return self->name;
}

static PyObject *
Token_get_serial(TokenObject *self, void *closure)
{
    return PyLong_FromLong(self->serial);
}

static PyGetSetDef Token_getset[] = {
    {"name", (getter)Token_get_name, NULL, "the token's name", NULL},
    {"serial", (getter)Token_get_serial, NULL, "creation order", NULL},
    {NULL}
};

static PyTypeObject Token_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "hp_notnew.Token",
    .tp_basicsize = sizeof(TokenObject),
    .tp_dealloc = (destructor)Token_dealloc,
    .tp_repr = (reprfunc)Token_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "An opaque token; create one with make_token().",
    .tp_getset = Token_getset,
};

static PyObject *
make_token(PyObject *module, PyObject *name)
{
    TokenObject *t;

    if (!PyUnicode_Check(name)) {
        PyErr_SetString(PyExc_TypeError, "make_token() argument must be str");
        return NULL;
    }
    t = PyObject_New(TokenObject, &Token_Type);
    if (t == NULL) {
        return NULL;
    }
    Py_INCREF(name);
    t->name = name;
    t->serial = next_serial++;
    return (PyObject *)t;
}

static PyMethodDef hp_notnew_methods[] = {
    {"make_token", make_token, METH_O, "make_token(name) -> a new Token"},
    {NULL, NULL}
};

static struct PyModuleDef hp_notnew_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_notnew",
    .m_doc = "A static type without tp_new and its factory function.",
    .m_size = -1,
    .m_methods = hp_notnew_methods,
};

PyMODINIT_FUNC
PyInit_hp_notnew(void)
{
    PyObject *m;

    if (PyType_Ready(&Token_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&hp_notnew_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&Token_Type);
    if (PyModule_AddObject(m, "Token", (PyObject *)&Token_Type) < 0) {
        Py_DECREF(&Token_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
