<#-- emits: one statement line, e.g. Py_DECREF(tp); in a dealloc (rule 4); model: StatementView -->
${v.code}

