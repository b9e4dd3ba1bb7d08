/* hp_seqmap: tp_as_sequence (len, item, contains, repeat) and tp_as_mapping
 * (len, subscript with int and str keys, item assignment) on a fixed-size
 * vector of C longs.
 *
 * Style: positional initializers with comments.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"

typedef struct {
    PyObject_HEAD
    Py_ssize_t size;
    long *items;
    struct hp_seqmap_state *state;  /* set at creation: no lookup */
} VecObject;

typedef struct hp_seqmap_state {
    PyTypeObject *Vec_Type;
} hp_seqmap_state;

static inline hp_seqmap_state *
get_hp_seqmap_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hp_seqmap_state *)state;
}

static int
hp_seqmap_traverse(PyObject *module, visitproc visit, void *arg)
{
    hp_seqmap_state *st = get_hp_seqmap_state(module);
    Py_VISIT(st->Vec_Type);
    return 0;
}

static int
hp_seqmap_clear(PyObject *module)
{
    hp_seqmap_state *st = get_hp_seqmap_state(module);
    Py_CLEAR(st->Vec_Type);
    return 0;
}

static void
hp_seqmap_free(void *module)
{
    (void)hp_seqmap_clear((PyObject *)module);
}

static PyObject *
Vec_alloc(hp_seqmap_state *st, Py_ssize_t size)
{
    VecObject *v = PyObject_New(VecObject, st->Vec_Type);
    if (v == NULL) {
        return NULL;
    }
    v->state = st;
    v->size = size;
    v->items = PyMem_Calloc(size > 0 ? (size_t)size : 1, sizeof(long));
    if (v->items == NULL) {
        Py_DECREF(v);
        return PyErr_NoMemory();
    }
    return (PyObject *)v;
}

static PyObject *
Vec_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    hp_seqmap_state *st = PyType_GetModuleState(type);
    Py_ssize_t size;

    if (kwds != NULL && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "Vec() takes no keyword arguments");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "n:Vec", &size)) {
        return NULL;
    }
    if (size < 0) {
        PyErr_SetString(PyExc_ValueError, "size must be >= 0");
        return NULL;
    }
    return Vec_alloc(st, size);
}

static void
Vec_dealloc(VecObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyMem_Free(self->items);
    PyObject_Free(self);
    Py_DECREF(tp);
}

static Py_ssize_t
Vec_length(VecObject *self)
{
    return self->size;
}

static PyObject *
Vec_item(VecObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= self->size) {
        PyErr_SetString(PyExc_IndexError, "Vec index out of range");
        return NULL;
    }
    return PyLong_FromLong(self->items[i]);
}

static int
Vec_contains(VecObject *self, PyObject *value)
{
    long v;
    Py_ssize_t i;

    if (!PyLong_Check(value)) {
        return 0;
    }
    v = PyLong_AsLong(value);
    if (v == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    for (i = 0; i < self->size; i++) {
        if (self->items[i] == v) {
            return 1;
        }
    }
    return 0;
}

static PyObject *
Vec_repeat(VecObject *self, Py_ssize_t n)
{
    hp_seqmap_state *st = self->state;
    VecObject *r;
    Py_ssize_t i;

    if (n < 0) {
        n = 0;
    }
    if (self->size != 0 && n > PY_SSIZE_T_MAX / self->size) {
        return PyErr_NoMemory();
    }
    r = (VecObject *)Vec_alloc(st, self->size * n);
    if (r == NULL) {
        return NULL;
    }
    for (i = 0; i < r->size; i++) {
        r->items[i] = self->items[i % self->size];
    }
    return (PyObject *)r;
}

/* Index from an int key (negative counts from the end); -1 with error set. */
static Py_ssize_t
Vec_index(VecObject *self, PyObject *key)
{
    Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
    if (i == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (i < 0) {
        i += self->size;
    }
    if (i < 0 || i >= self->size) {
        PyErr_SetString(PyExc_IndexError, "Vec index out of range");
        return -1;
    }
    return i;
}

static PyObject *
Vec_subscript(VecObject *self, PyObject *key)
{
    Py_ssize_t i;

    if (PyUnicode_Check(key)) {
        if (PyUnicode_CompareWithASCIIString(key, "sum") == 0) {
            long s = 0;
            for (i = 0; i < self->size; i++) {
                s += self->items[i];
            }
            return PyLong_FromLong(s);
        }
        PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    if (!PyIndex_Check(key)) {
        PyErr_Format(PyExc_TypeError, "Vec indices must be integers or 'sum', not %.200s",
                     Py_TYPE(key)->tp_name);
        return NULL;
    }
    i = Vec_index(self, key);
    if (i < 0) {
        return NULL;
    }
    return PyLong_FromLong(self->items[i]);
}

static int
Vec_ass_subscript(VecObject *self, PyObject *key, PyObject *value)
{
    Py_ssize_t i;
    long v;

    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "Vec items cannot be deleted");
        return -1;
    }
    if (!PyIndex_Check(key)) {
        PyErr_SetString(PyExc_TypeError, "Vec indices must be integers");
        return -1;
    }
    i = Vec_index(self, key);
    if (i < 0) {
        return -1;
    }
    v = PyLong_AsLong(value);
    if (v == -1 && PyErr_Occurred()) {
        return -1;
    }
    self->items[i] = v;
    return 0;
}

static PyObject *
Vec_repr(VecObject *self)
{
    return PyUnicode_FromFormat("<Vec of %zd>", self->size);
}

static PyType_Slot Vec_slots[] = {
    {Py_tp_dealloc, (destructor)Vec_dealloc},
    {Py_tp_repr, (reprfunc)Vec_repr},
    {Py_sq_length, (lenfunc)Vec_length},
    {Py_sq_repeat, (ssizeargfunc)Vec_repeat},
    {Py_sq_item, (ssizeargfunc)Vec_item},
    {Py_sq_contains, (objobjproc)Vec_contains},
    {Py_mp_length, (lenfunc)Vec_length},
    {Py_mp_subscript, (binaryfunc)Vec_subscript},
    {Py_mp_ass_subscript, (objobjargproc)Vec_ass_subscript},
    {Py_tp_doc, (void *)"Vec(n): n C longs, all 0."},
    {Py_tp_new, Vec_new},
    {0, NULL},
};

static PyType_Spec Vec_spec = {
    .name = "hp_seqmap.Vec",
    .basicsize = sizeof(VecObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Vec_slots,
};

static int
hp_seqmap_exec(PyObject *m)
{
    hp_seqmap_state *st = get_hp_seqmap_state(m);

    st->Vec_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &Vec_spec, NULL);
    if (st->Vec_Type == NULL) {
        return -1;
    }
    if (PyModule_AddType(m, st->Vec_Type) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot hp_seqmap_slots[] = {
    {Py_mod_exec, hp_seqmap_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_seqmap_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_seqmap",
    .m_doc = "Sequence and mapping protocols on a static type.",
    .m_size = sizeof(hp_seqmap_state),
    .m_slots = hp_seqmap_slots,
    .m_traverse = hp_seqmap_traverse,
    .m_clear = hp_seqmap_clear,
    .m_free = hp_seqmap_free,
};

PyMODINIT_FUNC
PyInit_hp_seqmap(void)
{
    return PyModuleDef_Init(&hp_seqmap_module);
}
