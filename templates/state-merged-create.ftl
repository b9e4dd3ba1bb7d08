<#-- emits: creation of the heap types in a single-phase PyInit, right after the module exists, into the module's own state (rules state-merged, 1, 3, 11); model: MergedCreateView -->
<#import "lib/guards.ftl" as g>
<#macro bases t><#switch t.baseKind><#case "none">NULL<#break><#case "state">(PyObject *)${v.state}->${t.base}<#break><#case "address">(PyObject *)&${t.base}<#break><#default>(PyObject *)${t.base}</#switch></#macro>
<#if v.assign>
<#if v.declareStruct != "">${v.declareStruct} *</#if>${v.state} = ${v.stateGetter}(${v.module});
</#if>
<#list v.types as t>
<#if t.tupleBases>
{
    PyObject *bases = PyTuple_Pack(1, <@bases t/>);
    if (bases == NULL) {
        Py_DECREF(${v.module});
        return NULL;
    }
    ${v.state}->${t.field} = (PyTypeObject *)PyType_FromModuleAndSpec(
        ${v.module}, &${t.specName}, bases);
    Py_DECREF(bases);
}
<#else>
${v.state}->${t.field} = (PyTypeObject *)PyType_FromModuleAndSpec(
    ${v.module}, &${t.specName}, <@bases t/>);
</#if>
if (${v.state}->${t.field} == NULL) {
    Py_DECREF(${v.module});
    return NULL;
}
<#if t.clearNewBefore310>
<@g.before hex="0x030A0000">
${v.state}->${t.field}->tp_new = NULL;
</@g.before>
</#if>
<#if t.tpName != "">
${v.state}->${t.field}->tp_name = ${t.tpName};
</#if>
<#if t.vectorcall != "">
${v.state}->${t.field}->tp_vectorcall = ${t.vectorcall};
</#if>
</#list>
