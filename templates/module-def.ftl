<#-- emits: the multi-phase PyModuleDef with state size and hooks (rules 5, 6); model: ModuleDefView -->
${v.declaration} = {
    PyModuleDef_HEAD_INIT,
    .m_name = ${v.mName},
<#if v.mDoc != "">
    .m_doc = ${v.mDoc},
</#if>
<#if v.stateType != "">
    .m_size = sizeof(${v.stateType}),
<#else>
    .m_size = 0,
</#if>
<#if v.methods != "">
    .m_methods = ${v.methods},
</#if>
    .m_slots = ${v.slots},
<#if v.traverse != "">
    .m_traverse = ${v.traverse},
    .m_clear = ${v.clear},
    .m_free = ${v.free},
</#if>
};
