<#-- emits: PyInit_foo returning PyModuleDef_Init (rule 6); model: ModuleInitView -->
PyMODINIT_FUNC
${v.functionName}(void)
{
    return PyModuleDef_Init(&${v.defName});
}
