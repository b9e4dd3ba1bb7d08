# Embedding cycle for hp_helper: build Pairs through the module function and
# the method, both of which go through the static helper.  No stdlib imports.
import hp_helper

_p = hp_helper.pair(1, 2)
_q = _p.swapped()
assert (_q[0], _q[1]) == (2, 1) and hp_helper.pairs_made() >= 2
del _p, _q
