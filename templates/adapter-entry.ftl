<#-- emits: the function and flags of a method table entry pointed at its METH_METHOD adapter (rule 7); model: AdapterEntryView -->
<#if v.flags>METH_METHOD | METH_FASTCALL | METH_KEYWORDS<#else>(PyCFunction)(void (*)(void))${v.adapter}</#if>
