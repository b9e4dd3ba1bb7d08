<#-- emits: a type of another file of the module created after a single-phase init's loop into a field of the module's existing state, and added (rules module-unit, state-merged); model: UnitTypes.StateCreateView -->
<#import "lib/unit-base.ftl" as u>
<#if v.wrapField>
${v.state}->${v.field} =
    (PyTypeObject *)PyType_FromModuleAndSpec(
        ${v.module}, &${v.specName}, <@u.base v/>);
<#else>
${v.state}->${v.field} = (PyTypeObject *)PyType_FromModuleAndSpec(
</#if>
<#if v.wrapField>
<#elseif v.wrapBase>
        ${v.module}, &${v.specName},
        <@u.base v/>);
<#else>
        ${v.module}, &${v.specName}, <@u.base v/>);
</#if>
if (${v.state}->${v.field} == NULL) {
    ${v.failure}
}
if (PyModule_AddType(${v.module}, ${v.state}->${v.field}) < 0) {
    ${v.failure}
}
