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
} VecObject;

static PyTypeObject Vec_Type;

static PyObject *
Vec_alloc(Py_ssize_t size)
{
    VecObject *v = PyObject_New(VecObject, &Vec_Type);
    if (v == NULL) {
        return NULL;
    }
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
    return Vec_alloc(size);
}

static void
Vec_dealloc(VecObject *self)
{
    PyMem_Free(self->items);
    PyObject_Free(self);
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
    VecObject *r;
    Py_ssize_t i;

    if (n < 0) {
        n = 0;
    }
    if (self->size != 0 && n > PY_SSIZE_T_MAX / self->size) {
        return PyErr_NoMemory();
    }
    r = (VecObject *)Vec_alloc(self->size * n);
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

static PySequenceMethods Vec_as_sequence = {
    (lenfunc)Vec_length,        /*sq_length*/
    0,                          /*sq_concat*/
    (ssizeargfunc)Vec_repeat,   /*sq_repeat*/
    (ssizeargfunc)Vec_item,     /*sq_item*/
    0,                          /*was_sq_slice*/
    0,                          /*sq_ass_item*/
    0,                          /*was_sq_ass_slice*/
    (objobjproc)Vec_contains,   /*sq_contains*/
};

static PyMappingMethods Vec_as_mapping = {
    (lenfunc)Vec_length,                /*mp_length*/
    (binaryfunc)Vec_subscript,          /*mp_subscript*/
    (objobjargproc)Vec_ass_subscript,   /*mp_ass_subscript*/
};

static PyTypeObject Vec_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "hp_seqmap.Vec",            /*tp_name*/
    sizeof(VecObject),          /*tp_basicsize*/
    0,                          /*tp_itemsize*/
    (destructor)Vec_dealloc,    /*tp_dealloc*/
    0,                          /*tp_vectorcall_offset*/
    0,                          /*tp_getattr*/
    0,                          /*tp_setattr*/
    0,                          /*tp_as_async*/
    (reprfunc)Vec_repr,         /*tp_repr*/
    0,                          /*tp_as_number*/
    &Vec_as_sequence,           /*tp_as_sequence*/
    &Vec_as_mapping,            /*tp_as_mapping*/
    0,                          /*tp_hash*/
    0,                          /*tp_call*/
    0,                          /*tp_str*/
    0,                          /*tp_getattro*/
    0,                          /*tp_setattro*/
    0,                          /*tp_as_buffer*/
    Py_TPFLAGS_DEFAULT,         /*tp_flags*/
    "Vec(n): n C longs, all 0.", /*tp_doc*/
    0,                          /*tp_traverse*/
    0,                          /*tp_clear*/
    0,                          /*tp_richcompare*/
    0,                          /*tp_weaklistoffset*/
    0,                          /*tp_iter*/
    0,                          /*tp_iternext*/
    0,                          /*tp_methods*/
    0,                          /*tp_members*/
    0,                          /*tp_getset*/
    0,                          /*tp_base*/
    0,                          /*tp_dict*/
    0,                          /*tp_descr_get*/
    0,                          /*tp_descr_set*/
    0,                          /*tp_dictoffset*/
    0,                          /*tp_init*/
    0,                          /*tp_alloc*/
    Vec_new,                    /*tp_new*/
};

static struct PyModuleDef hp_seqmap_module = {
    PyModuleDef_HEAD_INIT,
    "hp_seqmap",
    "Sequence and mapping protocols on a static type.",
    -1,
};

PyMODINIT_FUNC
PyInit_hp_seqmap(void)
{
    PyObject *m;

    if (PyType_Ready(&Vec_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&hp_seqmap_module);
    if (m == NULL) {
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
