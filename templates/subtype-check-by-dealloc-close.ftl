<#-- emits: the parenthesis that closes a subtype-check macro's body (rule subtype-check-by-dealloc); model: SubtypeCheckByDealloc.HeadView -->
)
