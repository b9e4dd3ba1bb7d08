<#-- emits: the failure value of exec, replacing NULL in "return NULL" of a macro used only by the init code (rule 6); model: ExecReturnView -->
-1
