<#-- emits: a macro's line continued so that reading a type from the module's state keeps it within 79 columns (rule module-unit); model: UnitReach.WrapView -->
 \${v.eol}${v.indent}
