<#-- shared macros: PY_VERSION_HEX guards and TODO(heapify) comments -->
<#-- opens "#if PY_VERSION_HEX >= hex" before the nested lines; the caller closes it (so it can add #else) -->
<#macro since hex>
#if PY_VERSION_HEX >= ${hex}
<#nested>
</#macro>
<#-- the nested lines only on CPython >= hex -->
<#macro only hex>
#if PY_VERSION_HEX >= ${hex}
<#nested>
#endif
</#macro>
<#-- the nested lines only on CPython < hex -->
<#macro before hex>
#if PY_VERSION_HEX < ${hex}
<#nested>
#endif
</#macro>
<#macro todo text>
/* TODO(heapify): ${text} */
</#macro>
