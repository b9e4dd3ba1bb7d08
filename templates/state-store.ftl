<#-- emits: the module state stored in a new instance, after its NULL check (rule 7); model: StateStoreView -->
${v.target}->${v.field} = ${st};

