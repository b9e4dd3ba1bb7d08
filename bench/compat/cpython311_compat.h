/* Force-included (gcc -include) when bench/ builds CPython 3.11.2's itertoolsmodule.c and
   _collectionsmodule.c, before and after migration. On 3.11 and 3.12 it adds nothing. 3.13
   moved the private helpers these sources (and their clinic headers) call into internal
   headers they do not include, and renamed one: _PyObject_LookupAttr() became
   PyObject_GetOptionalAttr() with the same contract (-1 error, 0 absent, 1 found). None of
   this is on a timed path except argument parsing in constructors, which is the same call
   on both sides.
   Not fixable here: the 3.11.2 clinic headers initialize _PyArg_Parser positionally in 3.11's
   field order, and 3.12 added `int initialized` first, so on 3.12+ gcc warns
   (-Wint-conversion) and calls WITH KEYWORDS would use a garbled parser (both sides alike).
   Positional calls, all the bench times, never reach the parser. */
#include "Python.h"

#if PY_VERSION_HEX >= 0x030D0000
#include "pycore_modsupport.h"  /* _PyArg_NoKeywords, _PyArg_CheckPositional, _PyArg_UnpackKeywords */
#include "pycore_abstract.h"    /* _PyNumber_Index */
#include "pycore_ceval.h"       /* _PyEval_GetBuiltin */
#include "pycore_object.h"      /* _PyObject_GetState */
#include "pycore_dict.h"        /* _PyDict_SetItem_KnownHash */
#define _PyObject_LookupAttr PyObject_GetOptionalAttr
#endif
