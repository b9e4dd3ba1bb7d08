<#-- emits: one PyTypeObject pointer appended to the module's own state struct (rule state-merged); model: MergedFieldView -->
PyTypeObject *${v.name};
