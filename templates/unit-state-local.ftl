<#-- emits: the module's existing state at the top of a module function that names a type joining it (rules module-unit, state-merged); model: UnitTypes.StateLocalView -->
${v.stateStruct} *${v.local} = ${v.accessor}(${v.module});
