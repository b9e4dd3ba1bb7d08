<#-- emits: creation of the heap types in a single-phase PyInit, right after the module exists, into the module's own state (rule state-merged); model: MergedCreateView -->
<#if v.assign>
<#if v.declareStruct != "">${v.declareStruct} *</#if>${v.state} = ${v.stateGetter}(${v.module});
</#if>
<#list v.types as t>
${v.state}->${t.field} = (PyTypeObject *)PyType_FromModuleAndSpec(
    ${v.module}, &${t.specName}, <#switch t.baseKind><#case "none">NULL<#break><#case "state">(PyObject *)${v.state}->${t.base}<#break><#case "address">(PyObject *)&${t.base}<#break><#default>(PyObject *)${t.base}</#switch>);
if (${v.state}->${t.field} == NULL) {
    Py_DECREF(${v.module});
    return NULL;
}
<#if t.vectorcall != "">
${v.state}->${t.field}->tp_vectorcall = ${t.vectorcall};
</#if>
</#list>
