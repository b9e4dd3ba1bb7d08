# heapify.verify embedding snippet for CPython's Modules/xxlimited.c, the hand-written
# heap-type twin of xx (the reference row). Run once per embedding cycle and as
# the test script. Xxo is not subclassable; Str is.
# heapify-embed-deps:
import xxlimited

o = xxlimited.Xxo()
assert o.demo(o) is o
o.attr = 1
del o.attr
assert isinstance(xxlimited.new(), xxlimited.Xxo)
assert xxlimited.Str('a') == 'a'


class StrSub(xxlimited.Str):
    pass


assert StrSub('b') == 'b'
assert xxlimited.foo(1, 2) == 3
try:
    raise xxlimited.Error('x')
except xxlimited.Error:
    pass
del o, StrSub
