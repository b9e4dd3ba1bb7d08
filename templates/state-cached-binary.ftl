<#-- emits: a binary slot's st from the operand whose type has this very slot function, which
     neither raises nor walks the MRO; the two-operand lookup otherwise (rule 7); model: CachedBinaryView -->
${v.stateType} *${st};
if (Py_TYPE(${v.a})->tp_as_number != NULL && Py_TYPE(${v.a})->tp_as_number->${v.slot} == ${v.function}) {
    ${st} = ((${v.struct} *)${v.a})->${v.field};
}
else if (Py_TYPE(${v.b})->tp_as_number != NULL && Py_TYPE(${v.b})->tp_as_number->${v.slot} == ${v.function}) {
    ${st} = ((${v.struct} *)${v.b})->${v.field};
}
else {
    ${st} = ${v.helper}(${v.a}, ${v.b});
}
if (${st} == NULL) {
    Py_RETURN_NOTIMPLEMENTED;
}

