"""Behaviour of hp_gc.Node that a correct heap-type migration must keep."""
import gc
import pickle
import unittest
import weakref

import hp_gc


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


class Payload:
    """A Python object that can be weakly referenced."""


class NodeTest(unittest.TestCase):
    def test_members_and_repr(self):
        tail = hp_gc.Node(2)
        head = hp_gc.Node(1, tail)
        self.assertIs(head.next, tail)
        self.assertIsNone(tail.next)
        self.assertEqual(head.length(), 2)
        self.assertEqual(repr(head), "Node(1)")
        head.value = "x"
        self.assertEqual(repr(head), "Node('x')")

    def test_tracked_and_referents(self):
        p = Payload()
        n = hp_gc.Node(p)
        self.assertTrue(gc.is_tracked(n))
        # A migrated heap type also reports its type here (rule 4): only
        # membership is asserted.
        self.assertIn(p, gc.get_referents(n))

    def test_cycle_is_collected(self):
        p = Payload()
        ref = weakref.ref(p)
        n = hp_gc.make_cycle(p)
        self.assertIs(n.next, n)
        del n, p
        gc.collect()
        self.assertIsNone(ref())

    def test_python_level_cycle_is_collected(self):
        p = Payload()
        ref = weakref.ref(p)
        a = hp_gc.Node(p)
        b = hp_gc.Node([a], a)
        a.next = b
        del a, b, p
        gc.collect()
        self.assertIsNone(ref())

    def test_type_names(self):
        T = hp_gc.Node
        self.assertEqual(T.__module__, "hp_gc")
        self.assertEqual(T.__qualname__, "Node")
        self.assertEqual(repr(T), "<class 'hp_gc.Node'>")

    def test_type_is_immutable(self):
        with self.assertRaises(TypeError):
            setattr(hp_gc.Node, "x", 1)

    def test_not_subclassable(self):
        with self.assertRaises(TypeError):
            class Sub(hp_gc.Node):
                pass

    def test_pickle(self):
        self.assertEqual(pickle_outcomes(hp_gc.Node(1)), ["TypeError"] * 6)


if __name__ == "__main__":
    unittest.main()
