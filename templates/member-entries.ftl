<#-- emits: offset members appended before the sentinel of an existing PyMemberDef array; model: MembersView -->
<#list v.entries as e>
{"${e.name}", ${v.typeCode}, ${e.offset}, ${v.readonly}},
</#list>

