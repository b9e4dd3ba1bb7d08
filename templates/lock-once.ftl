<#-- emits: exec's allocation of a lock that stays one per process, made only by the first module object (rule process-wide-lock); model: LockOnceView -->
if (${v.name} == NULL) {
    ${v.name} = PyThread_allocate_lock();
}
