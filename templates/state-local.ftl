<#-- emits: the st local at the top of a function body (rule 7); model: StateLocalView -->
${v.stateType} *st = ${v.expression};
<#if v.notImplementedWhenNull>
if (st == NULL) {
    Py_RETURN_NOTIMPLEMENTED;
}
</#if>

