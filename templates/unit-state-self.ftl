<#-- emits: the module's existing state at the top of a method of a migrated type, found from its instance's type (rule module-unit); model: UnitReach.SelfLocalView -->
${v.stateStruct} *${v.local} = ${v.accessor}(Py_TYPE(${v.self}));
