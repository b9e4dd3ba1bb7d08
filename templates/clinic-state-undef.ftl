<#-- emits: the end of clinic_state() after the clinic output is included (rule 8, clinic-state); model: ClinicStateView -->
#undef clinic_state

