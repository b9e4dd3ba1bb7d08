/* hp_buffer: tp_as_buffer with bf_getbuffer / bf_releasebuffer.  The
 * exporter counts live exports and refuses to resize while any exists.
 *
 * Style: designated initializers, K&R-ish braces (function braces on the
 * signature line, `} else {`).
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"

typedef struct {
    PyObject_HEAD
    char *data;
    Py_ssize_t size;
    Py_ssize_t exports;
} ByteBoxObject;

static PyObject *ByteBox_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"size", NULL};
    Py_ssize_t size;
    ByteBoxObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "n:ByteBox", kwlist, &size))
        return NULL;
    if (size < 0) {
        PyErr_SetString(PyExc_ValueError, "size must be >= 0");
        return NULL;
    }
    self = (ByteBoxObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->data = PyMem_Calloc(size ? (size_t)size : 1, 1);
    if (self->data == NULL) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    self->size = size;
    return (PyObject *)self;
}

static void ByteBox_dealloc(ByteBoxObject *self) {
    PyTypeObject *tp = Py_TYPE(self);
    PyMem_Free(self->data);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static int ByteBox_getbuffer(ByteBoxObject *self, Py_buffer *view, int flags) {
    if (PyBuffer_FillInfo(view, (PyObject *)self, self->data, self->size, 0, flags) < 0)
        return -1;
    self->exports++;
    return 0;
}

static void ByteBox_releasebuffer(ByteBoxObject *self, Py_buffer *view) {
    self->exports--;
}

static PyObject *ByteBox_resize(ByteBoxObject *self, PyObject *arg) {
    Py_ssize_t size = PyLong_AsSsize_t(arg);
    char *data;

    if (size == -1 && PyErr_Occurred())
        return NULL;
    if (size < 0) {
        PyErr_SetString(PyExc_ValueError, "size must be >= 0");
        return NULL;
    }
    if (self->exports > 0) {
        PyErr_SetString(PyExc_BufferError, "cannot resize an exported ByteBox");
        return NULL;
    }
    data = PyMem_Realloc(self->data, size ? (size_t)size : 1);
    if (data == NULL)
        return PyErr_NoMemory();
    if (size > self->size) {
        memset(data + self->size, 0, (size_t)(size - self->size));
    }
    self->data = data;
    self->size = size;
    Py_RETURN_NONE;
}

static PyObject *ByteBox_get_exports(ByteBoxObject *self, void *closure) {
    return PyLong_FromSsize_t(self->exports);
}

static PyObject *ByteBox_repr(ByteBoxObject *self) {
    if (self->size <= 8) {
        PyObject *bytes = PyBytes_FromStringAndSize(self->data, self->size), *r;
        if (bytes == NULL)
            return NULL;
        r = PyUnicode_FromFormat("ByteBox(%R)", bytes);
        Py_DECREF(bytes);
        return r;
    } else {
        return PyUnicode_FromFormat("ByteBox(<%zd bytes>)", self->size);
    }
}

static PyMethodDef ByteBox_methods[] = {
    {"resize", (PyCFunction)ByteBox_resize, METH_O, "resize(n): change the size"},
    {NULL, NULL}
};

static PyGetSetDef ByteBox_getset[] = {
    {"exports", (getter)ByteBox_get_exports, NULL, "number of live buffer exports"},
    {NULL}
};

static PyType_Slot ByteBox_slots[] = {
    {Py_tp_dealloc, (destructor)ByteBox_dealloc},
    {Py_tp_repr, (reprfunc)ByteBox_repr},
    {Py_bf_getbuffer, (getbufferproc)ByteBox_getbuffer},
    {Py_bf_releasebuffer, (releasebufferproc)ByteBox_releasebuffer},
    {Py_tp_doc,
     (void *)"ByteBox(size): a writable buffer of size zero bytes."},
    {Py_tp_methods, ByteBox_methods},
    {Py_tp_getset, ByteBox_getset},
    {Py_tp_new, ByteBox_new},
    {0, NULL},
};

static PyType_Spec ByteBox_spec = {
    .name = "hp_buffer.ByteBox",
    .basicsize = sizeof(ByteBoxObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = ByteBox_slots,
};

typedef struct {
    PyTypeObject *ByteBox_Type;
} hp_buffer_state;

static inline hp_buffer_state *
get_hp_buffer_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hp_buffer_state *)state;
}

static int
hp_buffer_traverse(PyObject *module, visitproc visit, void *arg)
{
    hp_buffer_state *st = get_hp_buffer_state(module);
    Py_VISIT(st->ByteBox_Type);
    return 0;
}

static int
hp_buffer_clear(PyObject *module)
{
    hp_buffer_state *st = get_hp_buffer_state(module);
    Py_CLEAR(st->ByteBox_Type);
    return 0;
}

static void
hp_buffer_free(void *module)
{
    (void)hp_buffer_clear((PyObject *)module);
}

static int
hp_buffer_exec(PyObject *m) {
    hp_buffer_state *st = get_hp_buffer_state(m);

    st->ByteBox_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &ByteBox_spec, NULL);
    if (st->ByteBox_Type == NULL) {
        return -1;
    }
    if (PyModule_AddType(m, st->ByteBox_Type) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot hp_buffer_slots[] = {
    {Py_mod_exec, hp_buffer_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_buffer_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_buffer",
    .m_doc = "The buffer protocol on a static type.",
    .m_size = sizeof(hp_buffer_state),
    .m_slots = hp_buffer_slots,
    .m_traverse = hp_buffer_traverse,
    .m_clear = hp_buffer_clear,
    .m_free = hp_buffer_free,
};

PyMODINIT_FUNC
PyInit_hp_buffer(void)
{
    return PyModuleDef_Init(&hp_buffer_module);
}
