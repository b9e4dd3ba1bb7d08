<#-- emits: the add of a heap type to the module, replacing PyModule_AddObject of a static type (rule 9); model: AddTypeView -->
<#if v.byName>PyModule_AddObjectRef(${v.module}, ${v.attribute}, (PyObject *)${st}->${v.field})<#else>PyModule_AddType(${v.module}, ${st}->${v.field})</#if>
