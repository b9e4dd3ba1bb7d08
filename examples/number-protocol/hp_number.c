/* hp_number: tp_as_number with binary nb_add / nb_multiply (either operand
 * may be the foreign one: 1 + m calls nb_add(1, m)) and unary nb_negative.
 *
 * Style: positional initializers with tp_xxx / nb_xxx comments.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"

typedef struct {
    PyObject_HEAD
    long long cents;
} MoneyObject;

static PyTypeObject Money_Type;

#define Money_Check(op) PyObject_TypeCheck(op, &Money_Type)

static PyObject *
new_money(long long cents)
{
    MoneyObject *m = PyObject_New(MoneyObject, &Money_Type);
    if (m == NULL) {
        return NULL;
    }
    m->cents = cents;
    return (PyObject *)m;
}

/* Amount in cents of a Money or int operand; -1 with *ok = 0 if neither. */
static long long
as_cents(PyObject *op, int *ok)
{
    *ok = 1;
    if (Money_Check(op)) {
        return ((MoneyObject *)op)->cents;
    }
    if (PyLong_Check(op)) {
        long long v = PyLong_AsLongLong(op);
        if (v == -1 && PyErr_Occurred()) {
            *ok = -1;
        }
        return v;
    }
    *ok = 0;
    return -1;
}

static PyObject *
Money_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    long long cents = 0;

    if (!PyArg_ParseTuple(args, "|L:Money", &cents)) {
        return NULL;
    }
    if (kwds != NULL && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "Money() takes no keyword arguments");
        return NULL;
    }
    return new_money(cents);
}

static void
Money_dealloc(PyObject *self)
{
    PyObject_Free(self);
}

static PyObject *
Money_repr(MoneyObject *self)
{
    return PyUnicode_FromFormat("Money(%lld)", self->cents);
}

static PyObject *
Money_add(PyObject *a, PyObject *b)
{
    int oka, okb;
    long long x = as_cents(a, &oka), y;

    if (oka < 0) {
        return NULL;
    }
    y = as_cents(b, &okb);
    if (okb < 0) {
        return NULL;
    }
    if (!oka || !okb) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    return new_money(x + y);
}

static PyObject *
Money_multiply(PyObject *a, PyObject *b)
{
    /* Money * int and int * Money; Money * Money makes no sense. */
    PyObject *money = Money_Check(a) ? a : b;
    PyObject *factor = money == a ? b : a;
    long long k;

    if (!Money_Check(money) || !PyLong_Check(factor)) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    k = PyLong_AsLongLong(factor);
    if (k == -1 && PyErr_Occurred()) {
        return NULL;
    }
    return new_money(((MoneyObject *)money)->cents * k);
}

static PyObject *
Money_negative(MoneyObject *self)
{
    return new_money(-self->cents);
}

static PyObject *
Money_richcompare(PyObject *a, PyObject *b, int op)
{
    if (!Money_Check(a) || !Money_Check(b)) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    Py_RETURN_RICHCOMPARE(((MoneyObject *)a)->cents, ((MoneyObject *)b)->cents, op);
}

static PyObject *
Money_get_cents(MoneyObject *self, void *closure)
{
    return PyLong_FromLongLong(self->cents);
}

static PyGetSetDef Money_getset[] = {
    {"cents", (getter)Money_get_cents, NULL, "amount in cents", NULL},
    {NULL}
};

static PyNumberMethods Money_as_number = {
    Money_add,                  /*nb_add*/
    0,                          /*nb_subtract*/
    Money_multiply,             /*nb_multiply*/
    0,                          /*nb_remainder*/
    0,                          /*nb_divmod*/
    0,                          /*nb_power*/
    (unaryfunc)Money_negative,  /*nb_negative*/
};

static PyTypeObject Money_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "hp_number.Money",          /*tp_name*/
    sizeof(MoneyObject),        /*tp_basicsize*/
    0,                          /*tp_itemsize*/
    Money_dealloc,              /*tp_dealloc*/
    0,                          /*tp_vectorcall_offset*/
    0,                          /*tp_getattr*/
    0,                          /*tp_setattr*/
    0,                          /*tp_as_async*/
    (reprfunc)Money_repr,       /*tp_repr*/
    &Money_as_number,           /*tp_as_number*/
    0,                          /*tp_as_sequence*/
    0,                          /*tp_as_mapping*/
    PyObject_HashNotImplemented, /*tp_hash*/
    0,                          /*tp_call*/
    0,                          /*tp_str*/
    0,                          /*tp_getattro*/
    0,                          /*tp_setattro*/
    0,                          /*tp_as_buffer*/
    Py_TPFLAGS_DEFAULT,         /*tp_flags*/
    "Money(cents=0): an amount of money in cents.", /*tp_doc*/
    0,                          /*tp_traverse*/
    0,                          /*tp_clear*/
    Money_richcompare,          /*tp_richcompare*/
    0,                          /*tp_weaklistoffset*/
    0,                          /*tp_iter*/
    0,                          /*tp_iternext*/
    0,                          /*tp_methods*/
    0,                          /*tp_members*/
    Money_getset,               /*tp_getset*/
    0,                          /*tp_base*/
    0,                          /*tp_dict*/
    0,                          /*tp_descr_get*/
    0,                          /*tp_descr_set*/
    0,                          /*tp_dictoffset*/
    0,                          /*tp_init*/
    0,                          /*tp_alloc*/
    Money_new,                  /*tp_new*/
};

static struct PyModuleDef hp_number_module = {
    PyModuleDef_HEAD_INIT,
    "hp_number",                /*m_name*/
    "Number protocol on a static type.", /*m_doc*/
    -1,                         /*m_size*/
};

PyMODINIT_FUNC
PyInit_hp_number(void)
{
    PyObject *m;

    if (PyType_Ready(&Money_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&hp_number_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&Money_Type);
    if (PyModule_AddObject(m, "Money", (PyObject *)&Money_Type) < 0) {
        Py_DECREF(&Money_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
