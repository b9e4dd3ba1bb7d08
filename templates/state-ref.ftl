<#-- emits: a reference to a module state member in code, st->NAME, or st->NAME-> before a field of a migrated type (rules 5, 9); model: StateRefView -->
<#if v.parenthesized>(${st})<#else>${st}</#if>-><#if v.member>${v.name}-><#else>${v.name}</#if>
