<#-- emits: the head of the exec function replacing PyInit_foo(void) (rule 6); model: ExecHeadView -->
static int
${v.name}(PyObject *${v.param})
