<#-- emits: a new PyMemberDef array for __dictoffset__-style offsets (rule 1); model: MembersView -->
static PyMemberDef ${v.cName}[] = {
<#list v.entries as e>
    {"${e.name}", ${v.typeCode}, ${e.offset}, ${v.readonly}},
</#list>
    {NULL},
};
