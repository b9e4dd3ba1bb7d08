"""Behaviour of hp_pysub.Shape and its Python subclasses that a correct
heap-type migration must keep."""
import gc
import pickle
import sys
import unittest
import weakref

from hp_pysub import Shape


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


class Square(Shape):
    def __init__(self, side=1.0, height=None):
        super().__init__(side, side if height is None else height)
        self.label = "square"

    def area(self):
        return 2 * super().area()


class Slotted(Shape):
    __slots__ = ("tag",)


class ShapeTest(unittest.TestCase):
    def test_base(self):
        s = Shape(2, 3)
        self.assertEqual(s.area(), 6.0)
        self.assertEqual(s.describe(), "Shape with area 6.0")
        self.assertEqual(repr(s.scaled(2)), "Shape(4.0, 6.0)")
        with self.assertRaises(ValueError):
            Shape(-1)
        with self.assertRaises(TypeError):
            Shape("x")

    def test_python_subclass(self):
        q = Square(3)
        self.assertIsInstance(q, Shape)
        self.assertEqual(q.area(), 18.0)
        self.assertEqual(q.describe(), "Square with area 18.0")
        self.assertEqual(repr(q), "Square(3.0, 3.0)")
        r = q.scaled(2)
        self.assertIs(type(r), Square)
        self.assertEqual((r.width, r.height, r.label), (6.0, 6.0, "square"))
        self.assertEqual(Square.__mro__, (Square, Shape, object))

    def test_subclass_lifecycle(self):
        refs = []
        for i in range(200):
            q = Square(i)
            q.me = q                      # a cycle, freed only by the GC
            refs.append(weakref.ref(q))
        del q
        gc.collect()
        self.assertTrue(all(r() is None for r in refs))
        s = Slotted(1, 2)
        s.tag = "t"
        self.assertEqual(s.area(), 2.0)
        with self.assertRaises(AttributeError):
            s.other = 1
        del s

    def test_subclass_refcount_stable(self):
        before = sys.getrefcount(Square)
        for _ in range(100):
            Square(1).area()
        gc.collect()
        self.assertEqual(sys.getrefcount(Square), before)

    def test_type_names(self):
        self.assertEqual(Shape.__module__, "hp_pysub")
        self.assertEqual(Shape.__qualname__, "Shape")
        self.assertEqual(repr(Shape), "<class 'hp_pysub.Shape'>")

    def test_type_is_immutable(self):
        with self.assertRaises(TypeError):
            setattr(Shape, "x", 1)
        Square.x = 1                      # the Python subclass stays mutable
        del Square.x

    def test_pickle(self):
        self.assertEqual(pickle_outcomes(Shape(1, 2)), ["TypeError"] * 6)


if __name__ == "__main__":
    unittest.main()
