<#-- emits: a traverse for a heap subclass of a static GC builtin: visits the type, then the base (rule 4); model: TraverseView -->
static int
${v.name}(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return ${v.base}.tp_traverse(self, visit, arg);
}
