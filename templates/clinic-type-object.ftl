<#-- emits: the module state's type where an Argument Clinic class line or parser named &Foo_Type (rule 8, clinic-state); model: ClinicTypeView -->
clinic_state()->${v.name}
