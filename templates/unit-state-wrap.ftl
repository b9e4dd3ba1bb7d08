<#-- emits: the white space of a parenthesized group broken after its open paren so that reading a type from the module's state keeps its lines within 79 columns (rule module-unit): a line break and the continuation indent after the paren, or a continuation line's new indent; model: UnitReach.WrapView -->
<#if v.lineBreak>${v.eol}</#if>${v.indent}
