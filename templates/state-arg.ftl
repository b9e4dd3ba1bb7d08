<#-- emits: the state argument added to a call of a function or macro that now takes it first (rule 7); model: StateArgView -->
${st}<#if v.more>, </#if>
