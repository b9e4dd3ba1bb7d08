<#-- emits: a type of another file of the module created in exec from the spec that file exports, added, and held in a local (rule module-unit); model: UnitTypes.CreateView -->
<#import "lib/unit-base.ftl" as u>
PyTypeObject *${v.local} = (PyTypeObject *)PyType_FromModuleAndSpec(
<#if v.wrapBase>
        ${v.module}, &${v.specName},
        <@u.base v/>);
<#else>
        ${v.module}, &${v.specName}, <@u.base v/>);
</#if>
if (${v.local} == NULL) {
    ${v.failure}
}
<#if v.declareRc>int </#if>${v.rc} = PyModule_AddType(${v.module}, ${v.local});
Py_DECREF(${v.local});
if (${v.rc} < 0) {
    ${v.failure}
}
