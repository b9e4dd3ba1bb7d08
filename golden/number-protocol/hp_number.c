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
    struct hp_number_state *state;  /* set at creation: no lookup */
} MoneyObject;

#define Money_Check(st, op) PyObject_TypeCheck(op, (st)->Money_Type)

typedef struct hp_number_state {
    PyTypeObject *Money_Type;
} hp_number_state;

static inline hp_number_state *
get_hp_number_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hp_number_state *)state;
}

static int
hp_number_traverse(PyObject *module, visitproc visit, void *arg)
{
    hp_number_state *st = get_hp_number_state(module);
    Py_VISIT(st->Money_Type);
    return 0;
}

static int
hp_number_clear(PyObject *module)
{
    hp_number_state *st = get_hp_number_state(module);
    Py_CLEAR(st->Money_Type);
    return 0;
}

static void
hp_number_free(void *module)
{
    (void)hp_number_clear((PyObject *)module);
}

static struct PyModuleDef hp_number_module;

/* The state for a binary slot: either operand may be foreign (1 + x calls
   the slot of x), so look at both types without raising (gh-117578).
   NULL when neither is from this module. */
static hp_number_state *
find_hp_number_state_binary(PyObject *a, PyObject *b)
{
    PyObject *operands[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        PyObject *mro = Py_TYPE(operands[k])->tp_mro;
        Py_ssize_t n = mro != NULL ? PyTuple_GET_SIZE(mro) : 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            PyTypeObject *t = (PyTypeObject *)PyTuple_GET_ITEM(mro, i);
            if (!PyType_HasFeature(t, Py_TPFLAGS_HEAPTYPE)) {
                continue;
            }
            PyObject *m = ((PyHeapTypeObject *)t)->ht_module;
            if (m != NULL && PyModule_GetDef(m) == &hp_number_module) {
                return get_hp_number_state(m);
            }
        }
    }
    return NULL;
}

static PyObject *
new_money(hp_number_state *st, long long cents)
{
    MoneyObject *m = PyObject_New(MoneyObject, st->Money_Type);
    if (m == NULL) {
        return NULL;
    }
    m->state = st;
    m->cents = cents;
    return (PyObject *)m;
}

/* Amount in cents of a Money or int operand; -1 with *ok = 0 if neither. */
static long long
as_cents(hp_number_state *st, PyObject *op, int *ok)
{
    *ok = 1;
    if (Money_Check(st, op)) {
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
    hp_number_state *st = PyType_GetModuleState(type);
    long long cents = 0;

    if (!PyArg_ParseTuple(args, "|L:Money", &cents)) {
        return NULL;
    }
    if (kwds != NULL && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "Money() takes no keyword arguments");
        return NULL;
    }
    return new_money(st, cents);
}

static void
Money_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_Free(self);
    Py_DECREF(tp);
}

static PyObject *
Money_repr(MoneyObject *self)
{
    return PyUnicode_FromFormat("Money(%lld)", self->cents);
}

static PyObject *
Money_add(PyObject *a, PyObject *b)
{
    hp_number_state *st;
    if (Py_TYPE(a)->tp_dealloc == Money_dealloc) {
        st = ((MoneyObject *)a)->state;
    }
    else if (Py_TYPE(b)->tp_dealloc == Money_dealloc) {
        st = ((MoneyObject *)b)->state;
    }
    else {
        st = find_hp_number_state_binary(a, b);
        if (st == NULL) {
            Py_RETURN_NOTIMPLEMENTED;
        }
    }
    int oka, okb;
    long long x = as_cents(st, a, &oka), y;

    if (oka < 0) {
        return NULL;
    }
    y = as_cents(st, b, &okb);
    if (okb < 0) {
        return NULL;
    }
    if (!oka || !okb) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    return new_money(st, x + y);
}

static PyObject *
Money_multiply(PyObject *a, PyObject *b)
{
    hp_number_state *st;
    if (Py_TYPE(a)->tp_dealloc == Money_dealloc) {
        st = ((MoneyObject *)a)->state;
    }
    else if (Py_TYPE(b)->tp_dealloc == Money_dealloc) {
        st = ((MoneyObject *)b)->state;
    }
    else {
        st = find_hp_number_state_binary(a, b);
        if (st == NULL) {
            Py_RETURN_NOTIMPLEMENTED;
        }
    }
    /* Money * int and int * Money; Money * Money makes no sense. */
    PyObject *money = Money_Check(st, a) ? a : b;
    PyObject *factor = money == a ? b : a;
    long long k;

    if (!Money_Check(st, money) || !PyLong_Check(factor)) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    k = PyLong_AsLongLong(factor);
    if (k == -1 && PyErr_Occurred()) {
        return NULL;
    }
    return new_money(st, ((MoneyObject *)money)->cents * k);
}

static PyObject *
Money_negative(MoneyObject *self)
{
    hp_number_state *st = self->state;
    return new_money(st, -self->cents);
}

static PyObject *
Money_richcompare(PyObject *a, PyObject *b, int op)
{
    hp_number_state *st = ((MoneyObject *)a)->state;
    if (!Money_Check(st, a) || !Money_Check(st, b)) {
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

static PyType_Slot Money_slots[] = {
    {Py_tp_dealloc, Money_dealloc},
    {Py_tp_repr, (reprfunc)Money_repr},
    {Py_nb_add, Money_add},
    {Py_nb_multiply, Money_multiply},
    {Py_nb_negative, (unaryfunc)Money_negative},
    {Py_tp_hash, PyObject_HashNotImplemented},
    {Py_tp_doc, (void *)"Money(cents=0): an amount of money in cents."},
    {Py_tp_richcompare, Money_richcompare},
    {Py_tp_getset, Money_getset},
    {Py_tp_new, Money_new},
    {0, NULL},
};

static PyType_Spec Money_spec = {
    .name = "hp_number.Money",
    .basicsize = sizeof(MoneyObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Money_slots,
};

static int
hp_number_exec(PyObject *m)
{
    hp_number_state *st = get_hp_number_state(m);

    st->Money_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &Money_spec, NULL);
    if (st->Money_Type == NULL) {
        return -1;
    }
    if (PyModule_AddType(m, st->Money_Type) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot hp_number_slots[] = {
    {Py_mod_exec, hp_number_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_number_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_number",
    .m_doc = "Number protocol on a static type.",
    .m_size = sizeof(hp_number_state),
    .m_slots = hp_number_slots,
    .m_traverse = hp_number_traverse,
    .m_clear = hp_number_clear,
    .m_free = hp_number_free,
};

PyMODINIT_FUNC
PyInit_hp_number(void)
{
    return PyModuleDef_Init(&hp_number_module);
}
