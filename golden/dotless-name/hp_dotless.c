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
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
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

static PyType_Slot Cursor_slots[] = {
    {Py_tp_dealloc, (destructor)Cursor_dealloc},
    {Py_tp_doc, (void *)"A position that moves by steps."},
    {Py_tp_methods, Cursor_methods},
    {Py_tp_getset, Cursor_getset},
    {Py_tp_new, Cursor_new},
    {0, NULL},
};

static PyType_Spec Cursor_spec = {
    .name = "builtins.Cursor",
    .basicsize = sizeof(CursorObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Cursor_slots,
};

typedef struct {
    PyTypeObject *Cursor_Type;
} hp_dotless_state;

static inline hp_dotless_state *
get_hp_dotless_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hp_dotless_state *)state;
}

static int
hp_dotless_traverse(PyObject *module, visitproc visit, void *arg)
{
    hp_dotless_state *st = get_hp_dotless_state(module);
    Py_VISIT(st->Cursor_Type);
    return 0;
}

static int
hp_dotless_clear(PyObject *module)
{
    hp_dotless_state *st = get_hp_dotless_state(module);
    Py_CLEAR(st->Cursor_Type);
    return 0;
}

static void
hp_dotless_free(void *module)
{
    (void)hp_dotless_clear((PyObject *)module);
}

static int
hp_dotless_exec(PyObject *m)
{
    hp_dotless_state *st = get_hp_dotless_state(m);

    st->Cursor_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &Cursor_spec, NULL);
    if (st->Cursor_Type == NULL) {
        return -1;
    }
    st->Cursor_Type->tp_name = "Cursor";
    if (PyModule_AddType(m, st->Cursor_Type) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot hp_dotless_slots[] = {
    {Py_mod_exec, hp_dotless_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_dotless_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_dotless",
    .m_size = sizeof(hp_dotless_state),
    .m_slots = hp_dotless_slots,
    .m_traverse = hp_dotless_traverse,
    .m_clear = hp_dotless_clear,
    .m_free = hp_dotless_free,
};

PyMODINIT_FUNC
PyInit_hp_dotless(void)
{
    return PyModuleDef_Init(&hp_dotless_module);
}
