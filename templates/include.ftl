<#-- emits: an #include line (structmember.h for T_PYSSIZET/READONLY below 3.12); model: IncludeView -->
#include "${v.header}"

