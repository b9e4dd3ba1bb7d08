<#-- emits: the type parameter added first to a helper that compares types with it (rule 7, type-from-instance); model: TypeParamView -->
PyTypeObject *${v.name}<#if v.more>,<#if v.align != "">
${v.align}<#elseif !v.ownLine> </#if></#if>
