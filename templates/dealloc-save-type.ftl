<#-- emits: the heap type saved at the top of a dealloc, read before the memory is freed (rule 4); model: SelfView -->
PyTypeObject *tp = Py_TYPE(${v.self});

