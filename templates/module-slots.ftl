<#-- emits: the PyModuleDef_Slot array of a module made multi-phase (rule 6); model: ModuleSlotsView -->
static PyModuleDef_Slot ${v.name}[] = {
    {Py_mod_exec, ${v.execName}},
<#include "lib/interpreter-slot.ftl">
    {0, NULL},
};
