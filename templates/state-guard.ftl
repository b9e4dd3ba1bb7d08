<#-- emits: the NULL test before a condition of a dealloc that uses the state it read off its type (rule guarded-dealloc-state); model: StateGuardView -->
${st} != NULL && 
