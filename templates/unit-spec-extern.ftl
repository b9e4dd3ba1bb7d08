<#-- emits: the shared header's declaration of the spec a file of the module exports instead of its type (rule module-unit); model: UnitTypes.SpecExternView -->
extern PyType_Spec ${v.specName};
