<#-- how a function finds its module state (rule 7), by StateLookupView.how: the module argument (cast
     when it is declared as another pointer type),
     a lookup by definition from self's type, a class or a type argument, the state of self's own
     exact type or of a type argument, the state cached in self, or the non-raising two-operand lookup of binary slots -->
<#macro lookup l>
<#switch l.how>
<#case "module">${l.stateGetter}(${l.arg})<#t><#break>
<#case "module-cast">${l.stateGetter}((PyObject *)${l.arg})<#t><#break>
<#case "by-def">${l.stateGetter}(PyType_GetModuleByDef(Py_TYPE(${l.arg}), &${l.def}))<#t><#break>
<#case "by-def-class">${l.stateGetter}(PyType_GetModuleByDef((PyTypeObject *)${l.arg}, &${l.def}))<#t><#break>
<#case "by-def-type">${l.stateGetter}(PyType_GetModuleByDef(${l.arg}, &${l.def}))<#t><#break>
<#case "own-type">PyType_GetModuleState(Py_TYPE(${l.arg}))<#t><#break>
<#case "type-arg">PyType_GetModuleState(${l.arg})<#t><#break>
<#case "cached">${l.arg}<#t><#break>
<#case "dealloc">${l.stateGetter}(${l.arg})<#t><#break>
<#case "dealloc-cast">${l.stateGetter}((PyObject *)${l.arg})<#t><#break>
<#case "binary">${l.stateGetter}(${l.arg}, ${l.other})<#t><#break>
</#switch>
</#macro>
