/* hp_globals: module-level C globals that must move into module state:
 * an exception object, a cached interned string and a C counter.
 *
 * Style: indented with tabs.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"

typedef struct {
	PyObject *ErrorObject; /* hp_globals.error */
	PyObject *str_foo; /* interned "foo" */
	long counter; /* changed by bump() */
} hp_globals_state;

static inline hp_globals_state *
get_hp_globals_state(PyObject *module)
{
	void *state = PyModule_GetState(module);
	assert(state != NULL);
	return (hp_globals_state *)state;
}

static int
hp_globals_traverse(PyObject *module, visitproc visit, void *arg)
{
	hp_globals_state *st = get_hp_globals_state(module);
	Py_VISIT(st->ErrorObject);
	Py_VISIT(st->str_foo);
	return 0;
}

static int
hp_globals_clear(PyObject *module)
{
	hp_globals_state *st = get_hp_globals_state(module);
	Py_CLEAR(st->ErrorObject);
	Py_CLEAR(st->str_foo);
	return 0;
}

static void
hp_globals_free(void *module)
{
	(void)hp_globals_clear((PyObject *)module);
}

static PyObject *
hp_globals_bump(PyObject *module, PyObject *args)
{
	hp_globals_state *st = get_hp_globals_state(module);
	long by = 1;

	if (!PyArg_ParseTuple(args, "|l:bump", &by))
		return NULL;
	if (by < 0) {
		PyErr_SetString(st->ErrorObject, "counter only goes up");
		return NULL;
	}
	st->counter += by;
	return PyLong_FromLong(st->counter);
}

static PyObject *
hp_globals_count(PyObject *module, PyObject *Py_UNUSED(ignored))
{
	hp_globals_state *st = get_hp_globals_state(module);
	return PyLong_FromLong(st->counter);
}

static PyObject *
hp_globals_get_foo(PyObject *module, PyObject *obj)
{
	hp_globals_state *st = get_hp_globals_state(module);
	return PyObject_GetAttr(obj, st->str_foo);
}

static PyObject *
hp_globals_fail(PyObject *module, PyObject *msg)
{
	hp_globals_state *st = get_hp_globals_state(module);
	PyErr_SetObject(st->ErrorObject, msg);
	return NULL;
}

static PyMethodDef hp_globals_methods[] = {
	{"bump", hp_globals_bump, METH_VARARGS,
	 PyDoc_STR("bump(by=1) -> the counter after adding by")},
	{"count", hp_globals_count, METH_NOARGS,
	 PyDoc_STR("count() -> the counter")},
	{"get_foo", hp_globals_get_foo, METH_O,
	 PyDoc_STR("get_foo(obj) -> obj.foo")},
	{"fail", hp_globals_fail, METH_O,
	 PyDoc_STR("fail(msg): raise hp_globals.error(msg)")},
	{NULL, NULL}
};

static int
hp_globals_exec(PyObject *m)
{
	hp_globals_state *st = get_hp_globals_state(m);

	if (st->ErrorObject == NULL) {
		st->ErrorObject = PyErr_NewException("hp_globals.error", NULL, NULL);
		if (st->ErrorObject == NULL)
			goto error;
	}
	Py_INCREF(st->ErrorObject);
	if (PyModule_AddObject(m, "error", st->ErrorObject) < 0) {
		Py_DECREF(st->ErrorObject);
		goto error;
	}
	if (st->str_foo == NULL) {
		st->str_foo = PyUnicode_InternFromString("foo");
		if (st->str_foo == NULL)
			goto error;
	}
	st->counter = 0;
	return 0;

error:
	return -1;
}

static PyModuleDef_Slot hp_globals_slots[] = {
	{Py_mod_exec, hp_globals_exec},
#if PY_VERSION_HEX >= 0x030C0000
	{Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
	/* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
	{0, NULL},
};

static struct PyModuleDef hp_globals_module = {
	PyModuleDef_HEAD_INIT,
	.m_name = "hp_globals",
	.m_doc = "Module-level C globals.",
	.m_size = sizeof(hp_globals_state),
	.m_methods = hp_globals_methods,
	.m_slots = hp_globals_slots,
	.m_traverse = hp_globals_traverse,
	.m_clear = hp_globals_clear,
	.m_free = hp_globals_free,
};

PyMODINIT_FUNC
PyInit_hp_globals(void)
{
	return PyModuleDef_Init(&hp_globals_module);
}
