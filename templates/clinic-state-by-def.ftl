<#-- emits: clinic_state(), the module state found from a clinic __init__ parser's self through the shared header's accessor, in a file of a module unit (rules clinic-state, module-unit); model: ClinicAccessorView -->
#define clinic_state() (${v.accessor}(Py_TYPE(self)))

