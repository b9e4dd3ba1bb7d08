# Embedding cycle for hp_iter: make both types' instances (the iterator type
# has no tp_new; iter() makes one).  No stdlib imports.
import hp_iter

_it = iter(hp_iter.Countdown(3))
assert next(_it) == 3
assert list(hp_iter.Countdown(3)) == [3, 2, 1]
del _it
