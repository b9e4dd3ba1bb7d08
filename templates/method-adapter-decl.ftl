<#-- emits: a prototype of a METH_METHOD adapter, for a method table that precedes the method (rule 7); model: MethodAdapterView -->
static PyObject *${v.name}(PyObject *, PyTypeObject *, PyObject *const *, Py_ssize_t, PyObject *);

