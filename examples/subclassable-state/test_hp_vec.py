"""Behaviour of hp_vec: a subclassable type whose methods, getters and slots
need the module's type and exception, called on Python subclasses too."""
import pickle
import sys
import unittest

import hp_vec
from hp_vec import Vec, VecError


class Sub(Vec):
    """A Python subclass: the methods of Vec must still find the module."""


class SubSub(Sub):
    pass


class VecTest(unittest.TestCase):
    def test_construct_and_repr(self):
        v = Vec(1.5, -2)
        self.assertEqual(repr(v), "Vec(1.5, -2)")
        self.assertEqual((v.x, v.y), (1.5, -2.0))
        self.assertEqual(repr(Vec()), "Vec(0, 0)")

    def test_method_needing_the_type(self):
        for cls in (Vec, Sub, SubSub):
            p = cls(3, 4).plain()
            self.assertIs(type(p), Vec)
            self.assertEqual((p.x, p.y), (3.0, 4.0))

    def test_method_needing_the_exception(self):
        for cls in (Vec, Sub, SubSub):
            n = cls(3, 4).normalized()
            self.assertAlmostEqual(n.x, 0.6)
            self.assertAlmostEqual(n.y, 0.8)
            with self.assertRaises(VecError) as cm:
                cls().normalized()
            self.assertIsInstance(cm.exception, ValueError)
            self.assertEqual(str(cm.exception), "cannot normalize the zero vector")

    def test_method_with_an_argument(self):
        self.assertEqual(Sub(1, 2).scaled(3), Vec(3, 6))
        with self.assertRaises(TypeError):
            Vec().scaled("x")
        with self.assertRaises(TypeError):
            Vec().scaled()
        with self.assertRaises(TypeError):
            Vec().plain(1)
        with self.assertRaises(TypeError):
            Vec().plain(k=1)

    def test_varargs_method(self):
        for cls in (Vec, Sub, SubSub):
            m = cls(1, 2).moved(10, 20)
            self.assertIs(type(m), Vec)
            self.assertEqual(m, Vec(11, 22))
        with self.assertRaises(TypeError):
            Vec().moved(1)
        with self.assertRaises(TypeError):
            Vec().moved(1, 2, dz=3)

    def test_getter_needing_the_type(self):
        for cls in (Vec, Sub, SubSub):
            s = cls(1, 2).swapped
            self.assertIs(type(s), Vec)
            self.assertEqual(s, Vec(2, 1))

    def test_binary_slot_both_orders(self):
        self.assertEqual(Vec(1, 2) + Vec(10, 20), Vec(11, 22))
        self.assertEqual(Sub(1, 2) + Vec(10, 20), Vec(11, 22))
        self.assertEqual(Vec(1, 2) + SubSub(10, 20), Vec(11, 22))
        with self.assertRaises(TypeError):
            Vec() + 1
        with self.assertRaises(TypeError):
            1 + Vec()
        with self.assertRaises(TypeError):
            Sub() + "a"

    def test_unary_slot_and_compare(self):
        self.assertEqual(-Sub(1, -2), Vec(-1, 2))
        self.assertTrue(Vec(1, 1) != Vec(1, 2))
        self.assertFalse(Vec(1, 1) == 3)
        with self.assertRaises(TypeError):
            hash(Vec())

    def test_module_function(self):
        self.assertEqual(hp_vec.origin(), Vec(0, 0))

    def test_subclass_keeps_its_type(self):
        s = SubSub(5, 6)
        self.assertIs(type(s), SubSub)
        s.extra = 1
        self.assertEqual(s.extra, 1)
        self.assertEqual(repr(s), "Vec(5, 6)")

    def test_type_attributes(self):
        self.assertEqual(Vec.__module__, "hp_vec")
        self.assertEqual(Vec.__qualname__, "Vec")
        self.assertEqual(repr(Vec), "<class 'hp_vec.Vec'>")
        self.assertEqual(VecError.__module__, "hp_vec")
        with self.assertRaises(TypeError):
            setattr(Vec, "x", 1)

    def test_pickling_refused(self):
        # Vec has its own tp_new, so every protocol refuses, as for the static type
        for proto in range(pickle.HIGHEST_PROTOCOL + 1):
            with self.assertRaises(TypeError):
                pickle.dumps(Vec(1, 2), proto)


if __name__ == "__main__":
    unittest.main()
