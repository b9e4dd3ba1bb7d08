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
    struct hp_vec_state *state;  /* set at creation: no lookup */
} VecObject;

typedef struct hp_vec_state {
    PyTypeObject *Vec_Type;
    PyObject *VecError;
} hp_vec_state;

static inline hp_vec_state *
get_hp_vec_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hp_vec_state *)state;
}

static int
hp_vec_traverse(PyObject *module, visitproc visit, void *arg)
{
    hp_vec_state *st = get_hp_vec_state(module);
    Py_VISIT(st->Vec_Type);
    Py_VISIT(st->VecError);
    return 0;
}

static int
hp_vec_clear(PyObject *module)
{
    hp_vec_state *st = get_hp_vec_state(module);
    Py_CLEAR(st->Vec_Type);
    Py_CLEAR(st->VecError);
    return 0;
}

static void
hp_vec_free(void *module)
{
    (void)hp_vec_clear((PyObject *)module);
}

static struct PyModuleDef hp_vec_module;

/* The state for a binary slot: either operand may be foreign (1 + x calls
   the slot of x), so look at both types without raising (gh-117578).
   NULL when neither is from this module. */
static hp_vec_state *
find_hp_vec_state_binary(PyObject *a, PyObject *b)
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
            if (m != NULL && PyModule_GetDef(m) == &hp_vec_module) {
                return get_hp_vec_state(m);
            }
        }
    }
    return NULL;
}

#define Vec_Check(st, op) PyObject_TypeCheck(op, (st)->Vec_Type)

/* A new plain Vec (never a subclass): what the arithmetic returns. */
static PyObject *
vec_make(hp_vec_state *st, double x, double y)
{
    VecObject *v = PyObject_New(VecObject, st->Vec_Type);
    if (v == NULL) {
        return NULL;
    }
    v->state = st;
    v->x = x;
    v->y = y;
    return (PyObject *)v;
}

static PyObject *
Vec_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    hp_vec_state *st = get_hp_vec_state(
        PyType_GetModuleByDef(type, &hp_vec_module));
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
    v->state = st;
    v->x = x;
    v->y = y;
    return (PyObject *)v;
}

static void
Vec_dealloc(VecObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
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
    hp_vec_state *st = self->state;
    return vec_make(st, self->x, self->y);
}

/* A method that needs the exception. */
static PyObject *
Vec_normalized(VecObject *self, PyObject *Py_UNUSED(ignored))
{
    hp_vec_state *st = self->state;
    double n = self->x * self->x + self->y * self->y;
    if (n == 0.0) {
        PyErr_SetString(st->VecError, "cannot normalize the zero vector");
        return NULL;
    }
    n = sqrt(n);
    return vec_make(st, self->x / n, self->y / n);
}

static PyObject *
Vec_scaled(VecObject *self, PyObject *arg)
{
    hp_vec_state *st = self->state;
    double k = PyFloat_AsDouble(arg);
    if (k == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    return vec_make(st, self->x * k, self->y * k);
}

/* A METH_VARARGS method that needs the type. */
static PyObject *
Vec_moved(VecObject *self, PyObject *args)
{
    hp_vec_state *st = self->state;
    double dx, dy;
    if (!PyArg_ParseTuple(args, "dd:moved", &dx, &dy)) {
        return NULL;
    }
    return vec_make(st, self->x + dx, self->y + dy);
}

/* A getter that needs the type. */
static PyObject *
Vec_get_swapped(VecObject *self, void *Py_UNUSED(closure))
{
    hp_vec_state *st = self->state;
    return vec_make(st, self->y, self->x);
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
    hp_vec_state *st;
    if (Py_TYPE(a)->tp_as_number != NULL &&
        Py_TYPE(a)->tp_as_number->nb_add == Vec_add) {
        st = ((VecObject *)a)->state;
    }
    else if (Py_TYPE(b)->tp_as_number != NULL &&
             Py_TYPE(b)->tp_as_number->nb_add == Vec_add) {
        st = ((VecObject *)b)->state;
    }
    else {
        st = find_hp_vec_state_binary(a, b);
        if (st == NULL) {
            Py_RETURN_NOTIMPLEMENTED;
        }
    }
    if (!Vec_Check(st, a) || !Vec_Check(st, b)) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    return vec_make(st, ((VecObject *)a)->x + ((VecObject *)b)->x,
                    ((VecObject *)a)->y + ((VecObject *)b)->y);
}

static PyObject *
Vec_negative(VecObject *self)
{
    hp_vec_state *st = self->state;
    return vec_make(st, -self->x, -self->y);
}

static PyObject *
Vec_richcompare(PyObject *a, PyObject *b, int op)
{
    hp_vec_state *st = ((VecObject *)a)->state;
    if (!Vec_Check(st, b) || (op != Py_EQ && op != Py_NE)) {
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

static PyType_Slot Vec_slots[] = {
    {Py_tp_dealloc, (destructor)Vec_dealloc},
    {Py_tp_repr, (reprfunc)Vec_repr},
    {Py_nb_add, Vec_add},
    {Py_nb_negative, (unaryfunc)Vec_negative},
    {Py_tp_hash, PyObject_HashNotImplemented},
    {Py_tp_doc, (void *)PyDoc_STR(
        "Vec(x=0.0, y=0.0): a 2-d vector; subclass me in Python.")},
    {Py_tp_richcompare, Vec_richcompare},
    {Py_tp_methods, Vec_methods},
    {Py_tp_getset, Vec_getset},
    {Py_tp_new, Vec_new},
    {0, NULL},
};

static PyType_Spec Vec_spec = {
    .name = "hp_vec.Vec",
    .basicsize = sizeof(VecObject),
    .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE |
              Py_TPFLAGS_IMMUTABLETYPE),
    .slots = Vec_slots,
};

static PyObject *
hp_vec_origin(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    hp_vec_state *st = get_hp_vec_state(module);
    return vec_make(st, 0.0, 0.0);
}

static PyMethodDef hp_vec_methods[] = {
    {"origin", hp_vec_origin, METH_NOARGS, PyDoc_STR("origin() -> Vec(0, 0)")},
    {NULL, NULL, 0, NULL}
};

static int
hp_vec_exec(PyObject *m)
{
    hp_vec_state *st = get_hp_vec_state(m);

    st->Vec_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &Vec_spec, NULL);
    if (st->Vec_Type == NULL) {
        return -1;
    }
    st->VecError = PyErr_NewException("hp_vec.VecError", PyExc_ValueError, NULL);
    if (st->VecError == NULL) {
        return -1;
    }
    Py_INCREF(st->VecError);
    if (PyModule_AddObject(m, "VecError", st->VecError) < 0) {
        Py_DECREF(st->VecError);
        return -1;
    }
    if (PyModule_AddType(m, st->Vec_Type) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot hp_vec_slots[] = {
    {Py_mod_exec, hp_vec_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_vec_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_vec",
    .m_doc = "A subclassable type whose methods, getters and slots need module globals.",
    .m_size = sizeof(hp_vec_state),
    .m_methods = hp_vec_methods,
    .m_slots = hp_vec_slots,
    .m_traverse = hp_vec_traverse,
    .m_clear = hp_vec_clear,
    .m_free = hp_vec_free,
};

PyMODINIT_FUNC
PyInit_hp_vec(void)
{
    return PyModuleDef_Init(&hp_vec_module);
}
