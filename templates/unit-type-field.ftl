<#-- emits: a field of a type of another file of the module, read through exec's local that holds it (rule module-unit); model: UnitTypes.LocalView -->
${v.local}->
