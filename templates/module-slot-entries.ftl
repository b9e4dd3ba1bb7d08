<#-- emits: entries added before the sentinel of an existing module slot array (rule 6); model: ModuleSlotsView -->
<#if v.perInterpreter>
<#if v.guardPerInterpreter && v.limitedApi>
#ifdef Py_mod_multiple_interpreters
<#elseif v.guardPerInterpreter>
#if PY_VERSION_HEX >= 0x030C0000
</#if>
{Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
<#if v.guardPerInterpreter>
#endif
</#if>
</#if>
/* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */

