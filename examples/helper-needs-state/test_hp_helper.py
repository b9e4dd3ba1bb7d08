"""Behaviour of hp_helper that a correct migration must keep: the helper
make_pair() serves the module function pair() and the method swapped()."""
import collections.abc
import pickle
import sys
import unittest

import hp_helper
from hp_helper import Pair


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


class PairTest(unittest.TestCase):
    def test_module_function_and_method_share_helper(self):
        before = hp_helper.pairs_made()
        p = hp_helper.pair(1, 2)
        q = p.swapped()
        self.assertIs(type(q), Pair)
        self.assertEqual((q[0], q[1]), (2, 1))
        self.assertEqual(q.swapped(), p)
        self.assertNotEqual(p, q)
        self.assertEqual(hp_helper.pairs_made(), before + 3)
        self.assertEqual(repr(p), "Pair(1, 2)")
        self.assertEqual(list(p), [1, 2])
        self.assertEqual(len(p), 2)
        a, b = q
        self.assertEqual((a, b), (2, 1))
        with self.assertRaises(TypeError):
            hash(p)
        with self.assertRaises(TypeError):
            hp_helper.pair(1)

    @unittest.skipIf(sys.version_info < (3, 10), "Py_TPFLAGS_SEQUENCE and match are 3.10+")
    def test_sequence_flag(self):
        # Py_TPFLAGS_SEQUENCE (3.10+) lets `match` treat Pair as a sequence.
        p = hp_helper.pair(3, 4)
        ns = {}
        exec("match p:\n    case [x, y]:\n        r = (x, y)\n    case _:\n        r = None\n",
             {"p": p}, ns)
        self.assertEqual(ns["r"], (3, 4))
        self.assertFalse(isinstance(p, collections.abc.Sequence))

    def test_not_instantiable(self):
        with self.assertRaises(TypeError):
            Pair()
        with self.assertRaises(TypeError):
            Pair.__new__(Pair)

    def test_type_names(self):
        self.assertEqual(Pair.__module__, "hp_helper")
        self.assertEqual(Pair.__qualname__, "Pair")
        self.assertEqual(repr(Pair), "<class 'hp_helper.Pair'>")

    def test_type_is_immutable(self):
        with self.assertRaises(TypeError):
            setattr(Pair, "x", 1)

    def test_pickle(self):
        # No tp_new: protocols 0/1 are rule 3's pickling residue.
        self.assertEqual(pickle_outcomes(hp_helper.pair(1, 2), range(2, 6)),
                         ["TypeError"] * 4)


if __name__ == "__main__":
    unittest.main()
