# Embedding cycle for hp_gc: a chain, a self-cycle and a collection.
# heapify-embed-deps: gc
import gc

import hp_gc

_n = hp_gc.Node(1, hp_gc.Node(2))
assert _n.length() == 2
_c = hp_gc.make_cycle([1])
del _n, _c
gc.collect()
