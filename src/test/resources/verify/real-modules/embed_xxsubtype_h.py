# heapify.verify embedding snippet for CPython's Modules/xxsubtype.c. xxsubtype is
# builtin in the interpreters, so the module is built with PyInit_xxsubtype
# renamed and imported as xxsubtype_h (its types keep their tp_name). Run once
# per embedding cycle and as the module's test script. Both types are
# instantiated and subclassed.
# heapify-embed-deps:
import xxsubtype_h as xxsubtype

lst = xxsubtype.spamlist([1])
lst.setstate(3)
assert lst.getstate() == 3 and lst == [1]
d = xxsubtype.spamdict()
d['k'] = 1
d.setstate(2)
assert d.getstate() == 2 and d == {'k': 1}


class ListSub(xxsubtype.spamlist):
    pass


class DictSub(xxsubtype.spamdict):
    pass


assert ListSub([2]).getstate() == 0
assert DictSub(a=1)['a'] == 1
assert xxsubtype.spamlist.classmeth(1) == (xxsubtype.spamlist, (1,), None)
assert xxsubtype.spamlist.staticmeth(1) == (None, (1,), None)
del lst, d, ListSub, DictSub
