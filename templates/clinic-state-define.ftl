<#-- emits: clinic_state(), the module state found from a clinic __new__ parser's type argument (rule 8, clinic-state); model: ClinicStateView -->
<#assign body = "(" + v.stateGetter + "(PyType_GetModuleByDef(type, &" + v.defName + ")))">
<#if ("#define clinic_state() " + body)?length <= 79>
#define clinic_state() ${body}
<#else>
#define clinic_state() \
    ${body}
</#if>

