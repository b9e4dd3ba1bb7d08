/* hp_dictsub: a static subclass of dict, as in CPython's
 * Modules/xxsubtype.c: tp_base = &PyDict_Type is assigned in the init
 * function before PyType_Ready (PyDict_Type is not a link-time constant on
 * every platform).
 *
 * Style: designated initializers.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include "structmember.h"

typedef struct {
    PyDictObject dict;
    int state;
} CountingDictObject;

static PyObject *
CountingDict_getstate(CountingDictObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(self->state);
}

static PyObject *
CountingDict_setstate(CountingDictObject *self, PyObject *args)
{
    int state;

    if (!PyArg_ParseTuple(args, "i:setstate", &state)) {
        return NULL;
    }
    self->state = state;
    Py_RETURN_NONE;
}

static PyObject *
CountingDict_bump(CountingDictObject *self, PyObject *key)
{
    /* d.bump(k): d[k] = d.get(k, 0) + 1; counts calls in state */
    PyObject *old = PyDict_GetItemWithError((PyObject *)self, key);
    PyObject *one, *new_value;
    int rc;

    if (old == NULL && PyErr_Occurred()) {
        return NULL;
    }
    one = PyLong_FromLong(1);
    if (one == NULL) {
        return NULL;
    }
    new_value = old == NULL ? (Py_INCREF(one), one) : PyNumber_Add(old, one);
    Py_DECREF(one);
    if (new_value == NULL) {
        return NULL;
    }
    rc = PyDict_SetItem((PyObject *)self, key, new_value);
    if (rc < 0) {
        Py_DECREF(new_value);
        return NULL;
    }
    self->state++;
    return new_value;
}

static PyMethodDef CountingDict_methods[] = {
    {"getstate", (PyCFunction)CountingDict_getstate, METH_NOARGS,
     PyDoc_STR("getstate() -> state")},
    {"setstate", (PyCFunction)CountingDict_setstate, METH_VARARGS,
     PyDoc_STR("setstate(state)")},
    {"bump", (PyCFunction)CountingDict_bump, METH_O,
     PyDoc_STR("bump(key) -> the key's new count")},
    {NULL, NULL}
};

static int
CountingDict_init(CountingDictObject *self, PyObject *args, PyObject *kwds)
{
    if (PyDict_Type.tp_init((PyObject *)self, args, kwds) < 0) {
        return -1;
    }
    self->state = 0;
    return 0;
}

static PyMemberDef CountingDict_members[] = {
    {"state", T_INT, offsetof(CountingDictObject, state), READONLY,
     PyDoc_STR("an int variable for demonstration purposes")},
    {NULL}
};

static void
CountingDict_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_TRASHCAN_BEGIN(self, CountingDict_dealloc)
    PyDict_Type.tp_dealloc(self);
    Py_DECREF(tp);
    Py_TRASHCAN_END
}

static int
CountingDict_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return PyDict_Type.tp_traverse(self, visit, arg);
}

static PyType_Slot CountingDict_slots[] = {
    {Py_tp_dealloc, CountingDict_dealloc},
    {Py_tp_doc,
     (void *)PyDoc_STR("A dict subclass that counts bump() calls.")},
    {Py_tp_methods, CountingDict_methods},
    {Py_tp_members, CountingDict_members},
    {Py_tp_init, (initproc)CountingDict_init},
    {Py_tp_traverse, CountingDict_traverse},
    {0, NULL},
};

static PyType_Spec CountingDict_spec = {
    .name = "hp_dictsub.CountingDict",
    .basicsize = sizeof(CountingDictObject),
    .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
              Py_TPFLAGS_IMMUTABLETYPE),
    .slots = CountingDict_slots,
};

typedef struct {
    PyTypeObject *CountingDict_Type;
} hp_dictsub_state;

static inline hp_dictsub_state *
get_hp_dictsub_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hp_dictsub_state *)state;
}

static int
hp_dictsub_traverse(PyObject *module, visitproc visit, void *arg)
{
    hp_dictsub_state *st = get_hp_dictsub_state(module);
    Py_VISIT(st->CountingDict_Type);
    return 0;
}

static int
hp_dictsub_clear(PyObject *module)
{
    hp_dictsub_state *st = get_hp_dictsub_state(module);
    Py_CLEAR(st->CountingDict_Type);
    return 0;
}

static void
hp_dictsub_free(void *module)
{
    (void)hp_dictsub_clear((PyObject *)module);
}

static int
hp_dictsub_exec(PyObject *m)
{
    hp_dictsub_state *st = get_hp_dictsub_state(m);

    st->CountingDict_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
        m, &CountingDict_spec, (PyObject *)&PyDict_Type);
    if (st->CountingDict_Type == NULL) {
        return -1;
    }
    if (PyModule_AddType(m, st->CountingDict_Type) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot hp_dictsub_slots[] = {
    {Py_mod_exec, hp_dictsub_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
    {0, NULL},
};

static struct PyModuleDef hp_dictsub_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hp_dictsub",
    .m_doc = "A static subclass of a builtin type.",
    .m_size = sizeof(hp_dictsub_state),
    .m_slots = hp_dictsub_slots,
    .m_traverse = hp_dictsub_traverse,
    .m_clear = hp_dictsub_clear,
    .m_free = hp_dictsub_free,
};

PyMODINIT_FUNC
PyInit_hp_dictsub(void)
{
    return PyModuleDef_Init(&hp_dictsub_module);
}
