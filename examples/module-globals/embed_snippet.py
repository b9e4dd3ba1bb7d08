# Embedding cycle for hp_globals: touch every global (counter, exception,
# cached string).  No stdlib imports.
import hp_globals

hp_globals.bump(2)
try:
    hp_globals.fail("embed")
except hp_globals.error:
    pass
else:
    raise AssertionError("fail() must raise hp_globals.error")


class _HasFoo:
    foo = 1


assert hp_globals.get_foo(_HasFoo()) == 1
del _HasFoo
