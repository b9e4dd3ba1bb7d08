<#-- emits: exec's return, replacing the init function's return of the module or of NULL (rule 6); model: ExecReturnView -->
<#if v.failure>return -1;<#else>return 0;</#if>
