<#-- emits: the PyType_Spec of a migrated type, flags per rule 3; model: TypeSpecView; exported: declared in the module's shared header (rule module-unit) -->
<#import "lib/guards.ftl" as g>
<#assign own><#if v.flags != "">${v.flags}<#if v.addGc> | Py_TPFLAGS_HAVE_GC</#if><#elseif v.addGc>Py_TPFLAGS_HAVE_GC</#if></#assign>
<#assign flags><#if own != "">${own} | </#if>Py_TPFLAGS_IMMUTABLETYPE<#if v.disallow> | Py_TPFLAGS_DISALLOW_INSTANTIATION</#if></#assign>
<#if !v.exported>static </#if>PyType_Spec ${v.specName} = {
    .name = ${v.name},
    .basicsize = ${v.basicsize},
<#if v.itemsize != "">
    .itemsize = ${v.itemsize},
</#if>
<#if v.guardFlags>
<@g.since hex="0x030A0000">
    .flags = ${flags},
</@g.since>
#else
    .flags = <#if own != "">${own}<#else>0</#if>,
#endif
<#else>
    .flags = ${flags},
</#if>
    .slots = ${v.slotsName},
};
