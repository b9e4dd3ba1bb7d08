<#-- emits: a type of the module's state read in a macro from its argument's type, whose every use passes a method's instance (rule module-unit); model: UnitReach.MacroView -->
${v.accessor}(Py_TYPE(${v.param}))->${v.name}
