<#-- emits: PyType_Modified after exec wrote class attributes into a migrated type's tp_dict (rule 3); model: StateRefView -->
PyType_Modified(${st}->${v.name});

