# Embedding cycle for hp_notnew: Token has no tp_new, so make instances
# through the factory function.  No stdlib imports.
import hp_notnew

_t = hp_notnew.make_token("embed")
assert type(_t) is hp_notnew.Token and _t.name == "embed"
try:
    hp_notnew.Token()
except TypeError:
    pass
else:
    raise AssertionError("Token() must raise TypeError")
del _t
