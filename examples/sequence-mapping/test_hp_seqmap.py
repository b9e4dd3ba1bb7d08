"""Behaviour of hp_seqmap.Vec that a correct heap-type migration must keep."""
import operator
import pickle
import unittest

from hp_seqmap import Vec


def pickle_outcomes(obj):
    """One entry per protocol 0..5: 'ok' or the exception class name."""
    out = []
    for proto in range(6):
        try:
            pickle.dumps(obj, proto)
        except Exception as exc:  # noqa: BLE001
            out.append(type(exc).__name__)
        else:
            out.append("ok")
    return out


class VecTest(unittest.TestCase):
    def make(self):
        v = Vec(4)
        for i in range(4):
            v[i] = 10 * i
        return v

    def test_mapping(self):
        v = self.make()
        self.assertEqual(len(v), 4)
        self.assertEqual(v[1], 10)
        self.assertEqual(v[-1], 30)
        self.assertEqual(v["sum"], 60)
        v[-2] = 7
        self.assertEqual(v[2], 7)
        with self.assertRaises(IndexError):
            v[4]
        with self.assertRaises(KeyError):
            v["nope"]
        with self.assertRaises(TypeError):
            v[1.5]
        with self.assertRaises(TypeError):
            del v[0]
        with self.assertRaises(TypeError):
            v[0] = "x"

    def test_sequence(self):
        v = self.make()
        self.assertIn(20, v)
        self.assertNotIn(21, v)
        self.assertNotIn("x", v)
        self.assertEqual(list(v), [0, 10, 20, 30])  # iteration via sq_item
        w = v * 2
        self.assertEqual(list(w), [0, 10, 20, 30] * 2)
        self.assertEqual(list(2 * v), list(w))
        self.assertEqual(len(v * -1), 0)
        self.assertEqual(operator.getitem(v, 3), 30)

    def test_new(self):
        self.assertEqual(list(Vec(0)), [])
        with self.assertRaises(ValueError):
            Vec(-1)
        with self.assertRaises(TypeError):
            Vec()
        with self.assertRaises(TypeError):
            Vec(n=2)
        self.assertEqual(repr(Vec(3)), "<Vec of 3>")

    def test_type_names(self):
        self.assertEqual(Vec.__module__, "hp_seqmap")
        self.assertEqual(Vec.__qualname__, "Vec")
        self.assertEqual(repr(Vec), "<class 'hp_seqmap.Vec'>")

    def test_type_is_immutable(self):
        with self.assertRaises(TypeError):
            setattr(Vec, "x", 1)

    def test_pickle(self):
        self.assertEqual(pickle_outcomes(Vec(2)), ["TypeError"] * 6)


if __name__ == "__main__":
    unittest.main()
