<#-- emits: the DECREF of the saved heap type after the free, balancing the INCREF at allocation (rule 4, bpo-35810); model: SelfView -->
Py_DECREF(tp);

