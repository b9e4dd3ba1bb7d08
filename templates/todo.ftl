<#-- emits: a TODO(heapify) comment line where a human must finish the job; model: TodoView -->
<#import "lib/guards.ftl" as g>
<@g.todo text=v.text/>

