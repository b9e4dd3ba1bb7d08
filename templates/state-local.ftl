<#-- emits: the st local at the top of a function body (rule 7); model: StateLocalView -->
<#import "lib/state-lookup.ftl" as s>
${v.stateType} *${st} = <@s.lookup v.lookup/>;
<#if v.notImplementedWhenNull>
if (${st} == NULL) {
    Py_RETURN_NOTIMPLEMENTED;
}
</#if>

