<#-- emits: a METH_METHOD|METH_FASTCALL|METH_KEYWORDS adapter giving a method the defining class's state (rule 7); model: MethodAdapterView -->
/* ${v.target} with the state of its defining class (PEP 573); arguments checked as before. */
static PyObject *
${v.name}(PyObject *self, PyTypeObject *defining_class, PyObject *const *args, Py_ssize_t nargs,
    PyObject *kwnames)
{
    ${v.stateType} *${st} = PyType_GetModuleState(defining_class);
<#if v.convention == "noargs">
    if (nargs != 0 || (kwnames != NULL && PyTuple_GET_SIZE(kwnames) != 0)) {
        PyErr_Format(PyExc_TypeError, "%s() takes no arguments (%zd given)", "${v.displayName}",
                     nargs + (kwnames != NULL ? PyTuple_GET_SIZE(kwnames) : 0));
        return NULL;
    }
    return ${v.target}(${st}, (${v.selfType})self, NULL);
<#elseif v.convention == "o">
    if (kwnames != NULL && PyTuple_GET_SIZE(kwnames) != 0) {
        PyErr_Format(PyExc_TypeError, "%s() takes no keyword arguments", "${v.displayName}");
        return NULL;
    }
    if (nargs != 1) {
        PyErr_Format(PyExc_TypeError, "%s() takes exactly one argument (%zd given)", "${v.displayName}", nargs);
        return NULL;
    }
    return ${v.target}(${st}, (${v.selfType})self, args[0]);
<#elseif v.convention == "fastcall">
<#if v.keywords>
    return ${v.target}(${st}, (${v.selfType})self, args, nargs, kwnames);
<#else>
    if (kwnames != NULL && PyTuple_GET_SIZE(kwnames) != 0) {
        PyErr_Format(PyExc_TypeError, "%s() takes no keyword arguments", "${v.displayName}");
        return NULL;
    }
    return ${v.target}(${st}, (${v.selfType})self, args, nargs);
</#if>
<#else>
    PyObject *argtuple;
    PyObject *result;
<#if v.keywords>
    PyObject *kwargs = NULL;
<#else>
    if (kwnames != NULL && PyTuple_GET_SIZE(kwnames) != 0) {
        PyErr_Format(PyExc_TypeError, "%s() takes no keyword arguments", "${v.displayName}");
        return NULL;
    }
</#if>
    argtuple = PyTuple_New(nargs);
    if (argtuple == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < nargs; i++) {
        Py_INCREF(args[i]);
        PyTuple_SET_ITEM(argtuple, i, args[i]);
    }
<#if v.keywords>
    if (kwnames != NULL && PyTuple_GET_SIZE(kwnames) != 0) {
        kwargs = PyDict_New();
        if (kwargs == NULL) {
            Py_DECREF(argtuple);
            return NULL;
        }
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(kwnames); i++) {
            if (PyDict_SetItem(kwargs, PyTuple_GET_ITEM(kwnames, i), args[nargs + i]) < 0) {
                Py_DECREF(argtuple);
                Py_DECREF(kwargs);
                return NULL;
            }
        }
    }
    result = ${v.target}(${st}, (${v.selfType})self, argtuple, kwargs);
    Py_XDECREF(kwargs);
<#else>
    result = ${v.target}(${st}, (${v.selfType})self, argtuple);
</#if>
    Py_DECREF(argtuple);
    return result;
</#if>
}
