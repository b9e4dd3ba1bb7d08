<#-- emits: the shared header's accessor of the module's existing state from a type of the module, as CPython 3.12's _io (rule module-unit); model: UnitReach.ByDefView -->

static inline ${v.stateStruct} *
${v.name}(PyTypeObject *type)
{
    PyObject *mod = PyType_GetModuleByDef(type, &${v.moduleDef});
    assert(mod != NULL);
    return ${v.stateGetter}(mod);
}
