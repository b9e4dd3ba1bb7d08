<#-- emits: a type of another file of the module created in exec from the spec that file exports, added, and held in a local (rule module-unit); model: UnitTypes.CreateView -->
PyTypeObject *${v.local} = (PyTypeObject *)PyType_FromModuleAndSpec(
        ${v.module}, &${v.specName}, <#if v.base != "">(PyObject *)&${v.base}<#else>NULL</#if>);
if (${v.local} == NULL) {
    ${v.failure}
}
<#if v.declareRc>int </#if>${v.rc} = PyModule_AddType(${v.module}, ${v.local});
Py_DECREF(${v.local});
if (${v.rc} < 0) {
    ${v.failure}
}
