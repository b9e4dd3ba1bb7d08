/* hp_globals: module-level C globals that must move into module state:
 * an exception object, a cached interned string and a C counter.
 *
 * Style: indented with tabs.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"

static PyObject *ErrorObject;	/* hp_globals.error */
static PyObject *str_foo;	/* interned "foo" */
static long counter;		/* changed by bump() */

static PyObject *
hp_globals_bump(PyObject *module, PyObject *args)
{
	long by = 1;

	if (!PyArg_ParseTuple(args, "|l:bump", &by))
		return NULL;
	if (by < 0) {
		PyErr_SetString(ErrorObject, "counter only goes up");
		return NULL;
	}
	counter += by;
	return PyLong_FromLong(counter);
}

static PyObject *
hp_globals_count(PyObject *module, PyObject *Py_UNUSED(ignored))
{
	return PyLong_FromLong(counter);
}

static PyObject *
hp_globals_get_foo(PyObject *module, PyObject *obj)
{
	return PyObject_GetAttr(obj, str_foo);
}

static PyObject *
hp_globals_fail(PyObject *module, PyObject *msg)
{
	PyErr_SetObject(ErrorObject, msg);
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

static struct PyModuleDef hp_globals_module = {
	PyModuleDef_HEAD_INIT,
	"hp_globals",
	"Module-level C globals.",
	-1,
	hp_globals_methods,
};

PyMODINIT_FUNC
PyInit_hp_globals(void)
{
	PyObject *m = PyModule_Create(&hp_globals_module);
	if (m == NULL)
		return NULL;

	if (ErrorObject == NULL) {
		ErrorObject = PyErr_NewException("hp_globals.error", NULL, NULL);
		if (ErrorObject == NULL)
			goto error;
	}
	Py_INCREF(ErrorObject);
	if (PyModule_AddObject(m, "error", ErrorObject) < 0) {
		Py_DECREF(ErrorObject);
		goto error;
	}
	if (str_foo == NULL) {
		str_foo = PyUnicode_InternFromString("foo");
		if (str_foo == NULL)
			goto error;
	}
	counter = 0;
	return m;

error:
	Py_DECREF(m);
	return NULL;
}
