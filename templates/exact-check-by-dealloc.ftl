<#-- emits: an exact type check by the type's own dealloc, Py_TYPE(x)->tp_dealloc == Foo_dealloc, which needs no module state (rule exact-check-by-dealloc); model: ExactCheckView -->
<#if v.parenthesized>(</#if>Py_TYPE(${v.object})->tp_dealloc == ${v.dealloc}<#if v.parenthesized>)</#if>
