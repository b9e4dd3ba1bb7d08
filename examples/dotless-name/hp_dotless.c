/* hp_dotless: a type named without a dot ("Cursor"), as many hand-written
 * extensions name theirs (Pillow's "ImagingCore", pygame's "Camera").  Its
 * __module__ is builtins; repr() and messages say "Cursor".
 *
 * Style: positional initializer with comments, as Pillow writes them.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"

typedef struct {
    PyObject_HEAD
    long pos;
} CursorObject;

static PyObject *
Cursor_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    long pos = 0;
    CursorObject *self;

    if (!PyArg_ParseTuple(args, "|l:Cursor", &pos)) {
        return NULL;
    }
    self = (CursorObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->pos = pos;
    return (PyObject *)self;
}

static void
Cursor_dealloc(CursorObject *self)
{
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Cursor_move(CursorObject *self, PyObject *arg)
{
    long step = PyLong_AsLong(arg);

    if (step == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (self->pos + step < 0) {
        PyErr_Format(PyExc_ValueError, "%s cannot move before 0",
                     Py_TYPE(self)->tp_name);
        return NULL;
    }
    self->pos += step;
    return PyLong_FromLong(self->pos);
}

static PyObject *
Cursor_get_pos(CursorObject *self, void *closure)
{
    return PyLong_FromLong(self->pos);
}

static PyMethodDef Cursor_methods[] = {
    {"move", (PyCFunction)Cursor_move, METH_O, "move(step) -> new position"},
    {NULL, NULL}
};

static PyGetSetDef Cursor_getset[] = {
    {"pos", (getter)Cursor_get_pos, NULL, "the position", NULL},
    {NULL}
};

static PyTypeObject Cursor_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "Cursor",                           /*tp_name*/
    sizeof(CursorObject),               /*tp_basicsize*/
    0,                                  /*tp_itemsize*/
    (destructor)Cursor_dealloc,         /*tp_dealloc*/
    0,                                  /*tp_vectorcall_offset*/
    0,                                  /*tp_getattr*/
    0,                                  /*tp_setattr*/
    0,                                  /*tp_as_async*/
    0,                                  /*tp_repr*/
    0,                                  /*tp_as_number*/
    0,                                  /*tp_as_sequence*/
    0,                                  /*tp_as_mapping*/
    0,                                  /*tp_hash*/
    0,                                  /*tp_call*/
    0,                                  /*tp_str*/
    0,                                  /*tp_getattro*/
    0,                                  /*tp_setattro*/
    0,                                  /*tp_as_buffer*/
    Py_TPFLAGS_DEFAULT,                 /*tp_flags*/
    "A position that moves by steps.",  /*tp_doc*/
    0,                                  /*tp_traverse*/
    0,                                  /*tp_clear*/
    0,                                  /*tp_richcompare*/
    0,                                  /*tp_weaklistoffset*/
    0,                                  /*tp_iter*/
    0,                                  /*tp_iternext*/
    Cursor_methods,                     /*tp_methods*/
    0,                                  /*tp_members*/
    Cursor_getset,                      /*tp_getset*/
    0,                                  /*tp_base*/
    0,                                  /*tp_dict*/
    0,                                  /*tp_descr_get*/
    0,                                  /*tp_descr_set*/
    0,                                  /*tp_dictoffset*/
    0,                                  /*tp_init*/
    0,                                  /*tp_alloc*/
    Cursor_new,                         /*tp_new*/
};

static struct PyModuleDef hp_dotless_module = {
    PyModuleDef_HEAD_INIT,
    "hp_dotless",   /* m_name */
    NULL,           /* m_doc */
    -1,             /* m_size */
    NULL,           /* m_methods */
};

PyMODINIT_FUNC
PyInit_hp_dotless(void)
{
    PyObject *m;

    if (PyType_Ready(&Cursor_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&hp_dotless_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&Cursor_Type);
    if (PyModule_AddObject(m, "Cursor", (PyObject *)&Cursor_Type) < 0) {
        Py_DECREF(&Cursor_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
