<#-- emits: prototypes of the deallocs that exact type checks name before their definition (rule exact-check-by-dealloc); model: DeallocPrototypesView -->
<#list v.prototypes as p>
<#if p.fileLocal>static </#if>void ${p.name}(${p.params});
</#list>
