<#-- emits: PyType_Modified after exec wrote class attributes into a type of another file of the module (rules 3, module-unit); model: UnitTypes.LocalView -->
PyType_Modified(${v.local});

