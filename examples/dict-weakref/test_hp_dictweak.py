"""Behaviour of hp_dictweak.Bag that a correct heap-type migration must keep."""
import gc
import pickle
import unittest
import weakref

from hp_dictweak import Bag


def pickle_outcomes(obj, protocols=range(6)):
    """One entry per protocol: 'ok' or the exception class name."""
    out = []
    for proto in protocols:
        try:
            pickle.dumps(obj, proto)
        except Exception as exc:  # noqa: BLE001
            out.append(type(exc).__name__)
        else:
            out.append("ok")
    return out


class BagTest(unittest.TestCase):
    def test_dict(self):
        b = Bag(a=1, b=2)
        self.assertEqual(b.a, 1)
        b.c = 3
        self.assertEqual(b.__dict__, {"a": 1, "b": 2, "c": 3})
        self.assertEqual(b.keys(), ["a", "b", "c"])
        del b.a
        self.assertEqual(b.keys(), ["b", "c"])
        b.__dict__ = {"z": 0}
        self.assertEqual(b.z, 0)
        self.assertEqual(Bag().keys(), [])
        with self.assertRaises(TypeError):
            Bag(1)

    def test_weakref(self):
        b = Bag()
        r = weakref.ref(b)
        self.assertIs(r(), b)
        p = weakref.proxy(b)
        p.x = 5
        self.assertEqual(b.x, 5)
        del b
        self.assertIsNone(r())
        self.assertIsInstance(Bag.__weakrefoffset__, int)
        self.assertGreater(Bag.__weakrefoffset__, 0)
        self.assertGreater(Bag.__dictoffset__, 0)

    def test_cycle_through_dict(self):
        b = Bag()
        b.me = b
        r = weakref.ref(b)
        del b
        gc.collect()
        self.assertIsNone(r())

    def test_type_names(self):
        self.assertEqual(Bag.__module__, "hp_dictweak")
        self.assertEqual(Bag.__qualname__, "Bag")
        self.assertEqual(repr(Bag), "<class 'hp_dictweak.Bag'>")

    def test_type_is_immutable(self):
        with self.assertRaises(TypeError):
            setattr(Bag, "x", 1)

    def test_pickle(self):
        # Its own tp_new; layout = object + __dict__ + weaklist, so protocol
        # 2+ pickles through copyreg.__newobj__ and the __dict__ state.
        b = Bag(a=1)
        self.assertEqual(pickle_outcomes(b), ["TypeError"] * 2 + ["ok"] * 4)
        for proto in range(2, 6):
            c = pickle.loads(pickle.dumps(b, proto))
            self.assertIs(type(c), Bag)
            self.assertEqual(c.__dict__, {"a": 1})


if __name__ == "__main__":
    unittest.main()
