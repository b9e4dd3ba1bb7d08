"""Behaviour of hp_dictsub.CountingDict that a correct heap-type migration
must keep."""
import gc
import pickle
import unittest

from hp_dictsub import CountingDict


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


class CountingDictTest(unittest.TestCase):
    def test_is_a_dict(self):
        d = CountingDict(a=1)
        self.assertIsInstance(d, dict)
        self.assertEqual(d, {"a": 1})
        self.assertEqual(CountingDict([("x", 2)]), {"x": 2})
        self.assertEqual(CountingDict.__mro__, (CountingDict, dict, object))
        d["b"] = 2
        self.assertEqual(sorted(d), ["a", "b"])

    def test_state(self):
        d = CountingDict()
        self.assertEqual(d.getstate(), 0)
        self.assertEqual(d.bump("k"), 1)
        self.assertEqual(d.bump("k"), 2)
        self.assertEqual(d, {"k": 2})
        self.assertEqual((d.state, d.getstate()), (2, 2))
        d.setstate(-7)
        self.assertEqual(d.state, -7)
        with self.assertRaises(AttributeError):
            d.state = 1
        with self.assertRaises(TypeError):
            d.bump([])

    def test_python_subclass(self):
        class Sub(CountingDict):
            def bump(self, key):
                return 10 * super().bump(key)
        s = Sub()
        self.assertEqual(s.bump("a"), 10)
        self.assertEqual(s.getstate(), 1)
        s.attr = 1
        s["self"] = s          # a cycle through the dict part
        del s
        gc.collect()

    def test_type_names(self):
        T = CountingDict
        self.assertEqual(T.__module__, "hp_dictsub")
        self.assertEqual(T.__qualname__, "CountingDict")
        self.assertEqual(repr(T), "<class 'hp_dictsub.CountingDict'>")

    def test_type_is_immutable(self):
        with self.assertRaises(TypeError):
            setattr(CountingDict, "x", 1)

    def test_pickle(self):
        # No tp_new of its own (dict's is inherited): protocols 0/1 are the
        # "pickling residue" of rule 3 and are not asserted.  Protocol 2+
        # pickles the dict items; the C-level state is not kept.
        d = CountingDict(a=1)
        d.bump("a")
        self.assertEqual(pickle_outcomes(d, range(2, 6)), ["ok"] * 4)
        for proto in range(2, 6):
            e = pickle.loads(pickle.dumps(d, proto))
            self.assertIs(type(e), CountingDict)
            self.assertEqual(e, {"a": 2})
            self.assertEqual(e.state, 0)


if __name__ == "__main__":
    unittest.main()
