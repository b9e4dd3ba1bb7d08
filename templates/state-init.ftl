<#-- emits: the initial value of a moved C global, set in exec (rule 5); model: StateInitView -->
st->${v.name} = ${v.value};

