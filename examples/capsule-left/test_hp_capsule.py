"""Behaviour of hp_capsule that heapify must keep: it leaves the file unchanged."""
import pickle
import unittest

import hp_capsule
from hp_capsule import Point


def pickle_outcomes(obj):
    """One entry per protocol 0..5: 'ok' or the exception class name."""
    out = []
    for proto in range(6):
        try:
            pickle.dumps(obj, proto)
        except Exception as exc:  # noqa: BLE001 - the class name is the fact
            out.append(type(exc).__name__)
        else:
            out.append("ok")
    return out


class CapsuleTest(unittest.TestCase):
    def test_point(self):
        p = Point(1.5, y=-2)
        self.assertEqual((p.x, p.y), (1.5, -2.0))
        self.assertEqual(repr(p), "Point(1.5, -2.0)")
        self.assertEqual(repr(Point()), "Point(0.0, 0.0)")
        with self.assertRaises(AttributeError):
            p.x = 3.0
        with self.assertRaises(TypeError):
            Point("a")

    def test_capsule(self):
        c = hp_capsule._C_API
        self.assertEqual(type(c).__name__, "PyCapsule")
        self.assertIn('"hp_capsule._C_API"', repr(c))

    def test_c_api_through_the_capsule(self):
        p = hp_capsule.via_capsule(3, 4)
        self.assertIs(type(p), Point)
        self.assertEqual((p.x, p.y), (3.0, 4.0))

    def test_type_names(self):
        self.assertEqual(Point.__module__, "hp_capsule")
        self.assertEqual(Point.__qualname__, "Point")
        self.assertEqual(repr(Point), "<class 'hp_capsule.Point'>")
        self.assertEqual(Point.__doc__, "Point(x=0.0, y=0.0)")

    def test_type_is_immutable(self):
        with self.assertRaises(TypeError):
            setattr(Point, "z", 1)

    def test_not_subclassable(self):
        with self.assertRaises(TypeError):
            class Sub(Point):
                pass

    def test_pickle(self):
        self.assertEqual(pickle_outcomes(Point(1, 2)), ["TypeError"] * 6)


if __name__ == "__main__":
    unittest.main()
