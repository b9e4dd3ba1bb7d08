<#-- emits: the initial value of a moved C global, set in exec (rule 5); model: StateInitView -->
${st}->${v.name} = <#if v.compoundType != "">(${v.compoundType})</#if>${v.value};

