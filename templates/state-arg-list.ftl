<#-- emits: the state parameter or argument list an object-like macro of the file gets when it names the state (rule 9); model: StateArgView -->
(${st})
