<#-- emits: the start of a subtype-check macro's body, an exact fast path by the type's own dealloc before PyObject_TypeCheck (rule subtype-check-by-dealloc); model: SubtypeCheckByDealloc.HeadView -->
 \${v.eol}    (Py_TYPE(${v.object})->tp_dealloc == ${v.dealloc} || \${v.eol}     
