<#-- emits: creation of one heap type in exec, base first (rules 1, 3, 11); model: TypeCreateView -->
<#import "lib/guards.ftl" as g>
<#macro bases><#switch v.baseKind><#case "none">NULL<#break><#case "state">(PyObject *)${st}->${v.base}<#break><#case "address">(PyObject *)&${v.base}<#break><#default>(PyObject *)${v.base}</#switch></#macro>
<#if v.tupleBases>
{
    PyObject *bases = PyTuple_Pack(1, <@bases/>);
    if (bases == NULL) {
        return -1;
    }
    ${st}->${v.field} = (PyTypeObject *)PyType_FromModuleAndSpec(${v.module}, &${v.specName}, bases);
    Py_DECREF(bases);
}
<#else>
${st}->${v.field} = (PyTypeObject *)PyType_FromModuleAndSpec(${v.module}, &${v.specName}, <@bases/>);
</#if>
if (${st}->${v.field} == NULL) {
    return -1;
}
<#if v.clearNewBefore310>
<@g.before hex="0x030A0000">
${st}->${v.field}->tp_new = NULL;
</@g.before>
</#if>
<#if v.tpName != "">
${st}->${v.field}->tp_name = ${v.tpName};
</#if>
<#if v.vectorcall != "">
${st}->${v.field}->tp_vectorcall = ${v.vectorcall};
</#if>

