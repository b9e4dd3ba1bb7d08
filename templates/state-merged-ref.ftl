<#-- emits: a merged type reached through the state: STATE->Foo_Type, or STATE->Foo_Type-> before a field (rule state-merged); model: MergedRefView -->
${v.state}->${v.name}<#if v.member>-></#if>
