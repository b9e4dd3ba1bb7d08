<#-- emits: the visit of the instance's heap type at the top of a traverse (rule 4, bpo-40217); model: SelfView -->
Py_VISIT(Py_TYPE(${v.self}));

