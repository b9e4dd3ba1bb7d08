<#-- emits: clinic_state() as the module's own state accessor, for a module whose types joined its existing state (rules clinic-state, state-merged); model: ClinicAccessorView -->
#define clinic_state() (${v.accessor})

