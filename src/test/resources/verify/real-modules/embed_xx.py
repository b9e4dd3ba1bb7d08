# heapify.verify embedding snippet for CPython's Modules/xxmodule.c (import name xx).
# Run once per Py_Initialize/Py_FinalizeEx cycle; also run as the module's test
# script (it raises on any failure). Every type is instantiated, both
# subclassable types (Null, Str) are subclassed, and the module's exception
# (the global ErrorObject that only the module dict owns) is raised and caught.
# heapify-embed-deps:
import xx

o = xx.new()
assert o.demo() is None
o.attr = 1
assert o.attr == 1
del o.attr
assert isinstance(xx.Null(), xx.Null)
assert xx.Str('a') == 'a'


class NullSub(xx.Null):
    pass


class StrSub(xx.Str):
    pass


assert isinstance(NullSub(), xx.Null)
assert StrSub('b') == 'b'
assert xx.foo(1, 2) == 3
try:
    raise xx.error('x')
except xx.error:
    pass
del o, NullSub, StrSub
