<#-- emits: the member of an instance struct that caches the module state (rule 7); model: StateMemberView -->
struct ${v.stateType} *${v.field};  /* set at creation: no lookup */

