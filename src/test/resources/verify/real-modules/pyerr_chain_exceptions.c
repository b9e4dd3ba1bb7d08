/* Built into _zoneinfo by RealModulesEmbeddingTest (before and after migration
 * alike): CPython 3.11.2's _zoneinfo.c calls _PyErr_ChainExceptions, which
 * libpython 3.13 no longer exports (the module would fail to import with
 * "undefined symbol"). This is CPython 3.12's definition written with public
 * API; hidden, so the module's calls bind to it. Nothing is defined before 3.13,
 * where libpython's own is used. */
#include "Python.h"

#if PY_VERSION_HEX >= 0x030D0000
__attribute__((visibility("hidden"))) void
_PyErr_ChainExceptions(PyObject *typ, PyObject *val, PyObject *tb)
{
    if (typ == NULL) {
        return;
    }
    if (PyErr_Occurred()) {
        PyErr_NormalizeException(&typ, &val, &tb);
        if (tb != NULL) {
            PyException_SetTraceback(val, tb);
            Py_DECREF(tb);
        }
        Py_DECREF(typ);
        PyObject *exc = PyErr_GetRaisedException();
        PyException_SetContext(exc, val);
        PyErr_SetRaisedException(exc);
    }
    else {
        PyErr_Restore(typ, val, tb);
    }
}
#endif
