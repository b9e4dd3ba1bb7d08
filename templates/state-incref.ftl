<#-- emits: around a moved global handed to PyModule_AddObject under the limited API below 3.10, the reference the dict steals (rule 6); model: StateIncrefView -->
<#if v.open>(Py_INCREF(${st}->${v.name}), <#else>)</#if>
