<#-- emits: the state parameter added first to a helper's definition and prototypes (rule 7); model: StateParamView -->
${v.stateType} *${st}<#if v.more>,<#if v.align != "">
${v.align}<#elseif !v.ownLine> </#if></#if>
