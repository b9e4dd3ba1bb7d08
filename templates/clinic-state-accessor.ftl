<#-- emits: clinic_state() as the module's own state accessor, for a module whose types joined its existing state (rules clinic-state, state-merged); model: MergedFieldView -->
#define clinic_state() (${v.name})

