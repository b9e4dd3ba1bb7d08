<#-- emits: a dealloc's handling of its heap type, read before the memory is freed and DECREF'd after (rule 4); model: DeallocTypeView -->
<#if v.part == "save">
PyTypeObject *tp = Py_TYPE(${v.self});
<#elseif v.part == "free">
tp->tp_free<#elseif v.part == "decref">
Py_DECREF(tp);
<#else>
Py_VISIT(Py_TYPE(${v.self}));
</#if>
