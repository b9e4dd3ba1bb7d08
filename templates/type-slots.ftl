<#-- emits: the PyType_Slot array of a migrated type (rule 1); model: TypeSpecView -->
<#list v.todos as todo>
/* TODO(heapify): ${todo} */
</#list>
static PyType_Slot ${v.slotsName}[] = {
<#list v.slots as s>
    {${s.id}, <#if s.voidCast>(void *)</#if>${s.value}},
</#list>
    {0, NULL},
};
