<#-- emits: a binary slot's st, cached in its own operand (rule 7); model: CachedBinaryView -->
<#-- the operand whose type has this very function in the slot is one of ours: a check that
     neither raises nor walks the MRO; the two-operand lookup otherwise. Each condition is
     broken after its && and aligned under its first operand, as PEP 7 shows. -->
${v.stateType} *${st};
if (Py_TYPE(${v.a})->tp_as_number != NULL &&
    Py_TYPE(${v.a})->tp_as_number->${v.slot} == ${v.function}) {
    ${st} = ((${v.struct} *)${v.a})->${v.field};
}
else if (Py_TYPE(${v.b})->tp_as_number != NULL &&
         Py_TYPE(${v.b})->tp_as_number->${v.slot} == ${v.function}) {
    ${st} = ((${v.struct} *)${v.b})->${v.field};
}
else {
    ${st} = ${v.helper}(${v.a}, ${v.b});
}
if (${st} == NULL) {
    Py_RETURN_NOTIMPLEMENTED;
}

