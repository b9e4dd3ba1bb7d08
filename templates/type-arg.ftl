<#-- emits: the caller's own type, passed to a helper that compares types with it (rule 7, type-from-instance); model: TypeArgView -->
Py_TYPE(${v.self})<#if v.more>, </#if>
