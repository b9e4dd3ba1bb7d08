<#-- emits: a dealloc for a heap subclass of a static builtin: the base's inside the trashcan, then the type released (rule 4); model: DeallocView -->
<#-- the base's own trashcan only applies to its exact instances (_PyTrash_cond): this one keeps
     deep nesting safe, as list_dealloc did for the static type; the type is released inside it,
     because a deferred object comes back through this function -->
static void
${v.name}(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_TRASHCAN_BEGIN(self, ${v.name})
    ${v.base}.tp_dealloc(self);
    Py_DECREF(tp);
    Py_TRASHCAN_END
}
