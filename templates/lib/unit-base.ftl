<#-- the base a type of another file of the module is created on (rule module-unit): a static type, a type of the state, or NULL -->
<#macro base v><#if v.base != "">(PyObject *)<#if v.baseState != "">${v.baseState}-><#else>&</#if>${v.base}<#else>NULL</#if></#macro>
