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
    PyMem_Free(self->data);
    Py_TYPE(self)->tp_free((PyObject *)self);
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

static PyBufferProcs ByteBox_as_buffer = {
    .bf_getbuffer = (getbufferproc)ByteBox_getbuffer,
    .bf_releasebuffer = (releasebufferproc)ByteBox_releasebuffer,
};

static PyTypeObject ByteBox_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "hp_buffer.ByteBox",
    .tp_basicsize = sizeof(ByteBoxObject),
    .tp_dealloc = (destructor)ByteBox_dealloc,
    .tp_repr = (reprfunc)ByteBox_repr,
    .tp_as_buffer = &ByteBox_as_buffer,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "ByteBox(size): a writable buffer of size zero bytes.",
    .tp_methods = ByteBox_methods,
    .tp_getset = ByteBox_getset,
    .tp_new = ByteBox_new,
};

static struct PyModuleDef hp_buffer_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_buffer",
    .m_doc = "The buffer protocol on a static type.",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit_hp_buffer(void) {
    PyObject *m;

    if (PyType_Ready(&ByteBox_Type) < 0)
        return NULL;
    m = PyModule_Create(&hp_buffer_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&ByteBox_Type);
    if (PyModule_AddObject(m, "ByteBox", (PyObject *)&ByteBox_Type) < 0) {
        Py_DECREF(&ByteBox_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
