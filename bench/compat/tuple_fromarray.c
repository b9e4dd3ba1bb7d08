/* Linked into bench/'s builds of CPython 3.11.2's itertoolsmodule.c (both sides). itertools
   calls _PyTuple_FromArray(), which libpython defines with hidden visibility, so a standalone
   .so fails to load ("undefined symbol"). Same behaviour, hidden in the module; used by
   product/combinations/... to build result tuples, the same code on both sides. The stdlib
   harness links an equivalent shim (../shared/harness/stdlib/shims/itertools.c). */
#include "Python.h"

PyObject *_PyTuple_FromArray(PyObject *const *src, Py_ssize_t n);

__attribute__((visibility("hidden"))) PyObject *
_PyTuple_FromArray(PyObject *const *src, Py_ssize_t n)
{
    PyObject *tuple = PyTuple_New(n);   /* n == 0 gives the empty singleton */
    if (tuple == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_INCREF(src[i]);
        PyTuple_SET_ITEM(tuple, i, src[i]);
    }
    return tuple;
}
