<#-- emits: the module state struct, its getter, m_traverse/m_clear/m_free and lookup helpers (rules 5, 7); model: ModuleStateView -->
<#import "lib/guards.ftl" as g>
typedef struct<#if v.tagged> ${v.stateType}</#if> {
<#list v.fields as f>
<#if f.type>
    PyTypeObject *${f.name};
<#elseif f.pointee != "">
    void *${f.name};  /* ${f.pointee} *, declared below */
<#elseif f.declaration != "">
    ${f.declaration};<#if f.comment != ""> ${f.comment}</#if>
</#if>
</#list>
} ${v.stateType};

static inline ${v.stateType} *
${v.stateGetter}(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (${v.stateType} *)state;
}

static int
${v.traverseName}(PyObject *module, visitproc visit, void *arg)
{
<#if v.hasObjects>
    ${v.stateType} *${st} = ${v.stateGetter}(module);
</#if>
<#list v.fields as f>
<#if f.object>
    Py_VISIT(${st}->${f.name});
</#if>
</#list>
    return 0;
}

static int
${v.clearName}(PyObject *module)
{
<#if v.hasObjects>
    ${v.stateType} *${st} = ${v.stateGetter}(module);
</#if>
<#list v.fields as f>
<#if f.object>
    Py_CLEAR(${st}->${f.name});
</#if>
</#list>
    return 0;
}

<#if v.existingFree != "">
static void ${v.existingFree}(<#if v.existingFreeTakesState>${v.stateType} *${st}, </#if>void *module);

</#if>
static void
${v.freeName}(void *module)
{
<#if v.existingFree != "">
<#if v.existingFreeTakesState>
    ${v.existingFree}(${v.stateGetter}((PyObject *)module), module);
<#else>
    ${v.existingFree}(module);
</#if>
</#if>
    (void)${v.clearName}((PyObject *)module);
}
<#if v.forwardDef>

${v.defDeclaration} ${v.defName};
</#if>
<#if v.moduleByDefHelper>

<@g.before hex="0x030B0000">
/* PyType_GetModuleByDef is 3.11+; this walks the MRO the same way and skips static types (bpo-46433). */
static PyObject *
heapify_module_by_def(PyTypeObject *tp, PyModuleDef *def)
{
    PyObject *mro = tp->tp_mro;
    Py_ssize_t n = mro != NULL ? PyTuple_GET_SIZE(mro) : 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyTypeObject *t = (PyTypeObject *)PyTuple_GET_ITEM(mro, i);
        if (!PyType_HasFeature(t, Py_TPFLAGS_HEAPTYPE)) {
            continue;
        }
        PyObject *m = ((PyHeapTypeObject *)t)->ht_module;
        if (m != NULL && PyModule_GetDef(m) == def) {
            return m;
        }
    }
    PyErr_Format(PyExc_TypeError, "no superclass of '%s' has the given module", tp->tp_name);
    return NULL;
}
#  define PyType_GetModuleByDef heapify_module_by_def
</@g.before>
</#if>
<#if v.binaryHelper>

/* The state for a binary slot: either operand may be foreign (1 + x calls
   the slot of x), so look at both types without raising (gh-117578).
   NULL when neither is from this module. */
static ${v.stateType} *
${v.binaryHelperName}(PyObject *a, PyObject *b)
{
    PyObject *operands[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        PyObject *mro = Py_TYPE(operands[k])->tp_mro;
        Py_ssize_t n = mro != NULL ? PyTuple_GET_SIZE(mro) : 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            PyTypeObject *t = (PyTypeObject *)PyTuple_GET_ITEM(mro, i);
            if (!PyType_HasFeature(t, Py_TPFLAGS_HEAPTYPE)) {
                continue;
            }
            PyObject *m = ((PyHeapTypeObject *)t)->ht_module;
            if (m != NULL && PyModule_GetDef(m) == &${v.defName}) {
                return ${v.stateGetter}(m);
            }
        }
    }
    return NULL;
}
</#if>
<#if v.deallocHelper>

/* The state in a dealloc, read off the type without walking its MRO: NULL once
   the GC has cleared the type's module (gh-115874). */
static ${v.stateType} *
${v.deallocHelperName}(PyObject *self)
{
    PyObject *module = ((PyHeapTypeObject *)Py_TYPE(self))->ht_module;
    if (module == NULL || PyModule_GetDef(module) != &${v.defName}) {
        return NULL;
    }
    return ${v.stateGetter}(module);
}
</#if>
<#if v.addObjectRefHelper>

<@g.before hex="0x030A0000">
static int
heapify_add_object_ref(PyObject *module, const char *name, PyObject *value)
{
    Py_XINCREF(value);
    int rc = PyModule_AddObject(module, name, value);
    if (rc < 0) {
        Py_XDECREF(value);
    }
    return rc;
}
#  define PyModule_AddObjectRef heapify_add_object_ref
</@g.before>
</#if>
