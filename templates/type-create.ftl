<#-- emits: creation of one heap type in exec, base first (rules 1, 3, 11); model: TypeCreateView -->
<#import "lib/guards.ftl" as g>
<#if v.tupleBases>
{
    PyObject *bases = PyTuple_Pack(1, ${v.bases});
    if (bases == NULL) {
        return ${v.errorReturn};
    }
    st->${v.field} = (PyTypeObject *)PyType_FromModuleAndSpec(${v.module}, &${v.specName}, bases);
    Py_DECREF(bases);
}
<#else>
st->${v.field} = (PyTypeObject *)PyType_FromModuleAndSpec(${v.module}, &${v.specName}, ${v.bases});
</#if>
if (st->${v.field} == NULL) {
    return ${v.errorReturn};
}
<#if v.clearNewBefore310>
<@g.before hex="0x030A0000">
st->${v.field}->tp_new = NULL;
</@g.before>
</#if>
<#if v.vectorcall != "">
st->${v.field}->tp_vectorcall = ${v.vectorcall};
</#if>

