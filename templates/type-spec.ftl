<#-- emits: the PyType_Spec of a migrated type, flags per rule 3; model: TypeSpecView -->
<#import "lib/guards.ftl" as g>
static PyType_Spec ${v.specName} = {
    .name = ${v.name},
    .basicsize = ${v.basicsize},
<#if v.itemsize != "">
    .itemsize = ${v.itemsize},
</#if>
<#if v.guardFlags>
<@g.since hex="0x030A0000">
    .flags = ${v.flags},
</@g.since>
#else
    .flags = ${v.oldFlags},
#endif
<#else>
    .flags = ${v.flags},
</#if>
    .slots = ${v.slotsName},
};
