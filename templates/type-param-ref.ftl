<#-- emits: the type parameter where the helper compared with &Foo_Type (rule 7, type-from-instance); model: TypeParamView -->
${v.name}
