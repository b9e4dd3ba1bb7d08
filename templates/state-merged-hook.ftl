<#-- emits: one line of the module's own traverse or clear function for a merged type (rule state-merged); model: MergedHookView -->
${v.macro}(${v.state}->${v.name});
