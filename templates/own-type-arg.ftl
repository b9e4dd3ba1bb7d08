<#-- emits: tp_new's own type parameter in place of &Foo_Type, for a type without subclasses (rule new-own-type); model: OwnTypeArgView -->
${v.param}<#t>
