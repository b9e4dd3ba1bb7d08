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

typedef struct {
    PyTypeObject *Token_Type;
    long next_serial;
} hp_notnew_state;

static inline hp_notnew_state *
get_hp_notnew_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hp_notnew_state *)state;
}

static int
hp_notnew_traverse(PyObject *module, visitproc visit, void *arg)
{
    hp_notnew_state *st = get_hp_notnew_state(module);
    Py_VISIT(st->Token_Type);
    return 0;
}

static int
hp_notnew_clear(PyObject *module)
{
    hp_notnew_state *st = get_hp_notnew_state(module);
    Py_CLEAR(st->Token_Type);
    return 0;
}

static void
hp_notnew_free(void *module)
{
    (void)hp_notnew_clear((PyObject *)module);
}

static void
Token_dealloc(TokenObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    Py_XDECREF(self->name);
    PyObject_Free(self);
    Py_DECREF(tp);
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

static PyType_Slot Token_slots[] = {
    {Py_tp_dealloc, (destructor)Token_dealloc},
    {Py_tp_repr, (reprfunc)Token_repr},
    {Py_tp_doc, (void *)"An opaque token; create one with make_token()."},
    {Py_tp_getset, Token_getset},
    {0, NULL},
};

static PyType_Spec Token_spec = {
    .name = "hp_notnew.Token",
    .basicsize = sizeof(TokenObject),
    .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE |
              Py_TPFLAGS_DISALLOW_INSTANTIATION),
    .slots = Token_slots,
};

static PyObject *
make_token(PyObject *module, PyObject *name)
{
    hp_notnew_state *st = get_hp_notnew_state(module);
    TokenObject *t;

    if (!PyUnicode_Check(name)) {
        PyErr_SetString(PyExc_TypeError, "make_token() argument must be str");
        return NULL;
    }
    t = PyObject_New(TokenObject, st->Token_Type);
    if (t == NULL) {
        return NULL;
    }
    Py_INCREF(name);
    t->name = name;
    t->serial = st->next_serial++;
    return (PyObject *)t;
}

static PyMethodDef hp_notnew_methods[] = {
    {"make_token", make_token, METH_O, "make_token(name) -> a new Token"},
    {NULL, NULL}
};

static int
hp_notnew_exec(PyObject *m)
{
    hp_notnew_state *st = get_hp_notnew_state(m);
    st->next_serial = 1;

    st->Token_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &Token_spec, NULL);
    if (st->Token_Type == NULL) {
        return -1;
    }
    if (PyModule_AddType(m, st->Token_Type) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot hp_notnew_slots[] = {
    {Py_mod_exec, hp_notnew_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_notnew_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_notnew",
    .m_doc = "A static type without tp_new and its factory function.",
    .m_size = sizeof(hp_notnew_state),
    .m_methods = hp_notnew_methods,
    .m_slots = hp_notnew_slots,
    .m_traverse = hp_notnew_traverse,
    .m_clear = hp_notnew_clear,
    .m_free = hp_notnew_free,
};

PyMODINIT_FUNC
PyInit_hp_notnew(void)
{
    return PyModuleDef_Init(&hp_notnew_module);
}
