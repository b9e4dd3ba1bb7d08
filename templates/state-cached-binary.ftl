<#-- emits: a binary slot's st, cached in its own operand (rule 7); model: CachedBinaryView -->
<#-- the operand that is ours is found by a check that neither raises nor walks the MRO: the
     type's own dealloc for a type that cannot be subclassed (binary-operand-by-dealloc), else
     this very function in the operand type's slot; the two-operand lookup otherwise, which alone
     can come back empty. Each condition is broken after its && and aligned under its first
     operand, as PEP 7 shows. -->
${v.stateType} *${st};
<#if v.dealloc?has_content>
if (Py_TYPE(${v.a})->tp_dealloc == ${v.dealloc}) {
<#else>
if (Py_TYPE(${v.a})->tp_as_number != NULL &&
    Py_TYPE(${v.a})->tp_as_number->${v.slot} == ${v.function}) {
</#if>
    ${st} = ((${v.struct} *)${v.a})->${v.field};
}
<#if v.dealloc?has_content>
else if (Py_TYPE(${v.b})->tp_dealloc == ${v.dealloc}) {
<#else>
else if (Py_TYPE(${v.b})->tp_as_number != NULL &&
         Py_TYPE(${v.b})->tp_as_number->${v.slot} == ${v.function}) {
</#if>
    ${st} = ((${v.struct} *)${v.b})->${v.field};
}
else {
    ${st} = ${v.helper}(${v.a}, ${v.b});
    if (${st} == NULL) {
        Py_RETURN_NOTIMPLEMENTED;
    }
}

