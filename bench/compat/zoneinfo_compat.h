/* Force-included (gcc -include) when bench/ builds CPython 3.11.2's _zoneinfo.c, before
   and after migration, for newer interpreters. 3.13 still declares
   _PyErr_ChainExceptions() in pycore_pyerrors.h but no longer exports it, so the .so
   fails to load ("undefined symbol"). It is only reached on an error path
   (zoneinfo_new_instance), never in a timed statement; this stand-in keeps its meaning
   through the exported _PyErr_ChainExceptions1(). */
#include "Python.h"

#if PY_VERSION_HEX >= 0x030D0000
void bench_chain_exceptions(PyObject *typ, PyObject *val, PyObject *tb);
void
bench_chain_exceptions(PyObject *typ, PyObject *val, PyObject *tb)
{
    if (typ == NULL) {
        return;
    }
    PyErr_NormalizeException(&typ, &val, &tb);
    if (tb != NULL) {
        PyException_SetTraceback(val, tb);
        Py_DECREF(tb);
    }
    Py_DECREF(typ);
    _PyErr_ChainExceptions1(val);
}
#define _PyErr_ChainExceptions bench_chain_exceptions
#endif
