<#-- emits: the free of a dealloc through the saved heap type (rule 4); model: SelfView -->
tp->tp_free
