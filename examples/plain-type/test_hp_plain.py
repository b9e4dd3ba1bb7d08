"""Behaviour of hp_plain.Box that a correct heap-type migration must keep."""
import pickle
import sys
import unittest

import hp_plain


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


class BoxTest(unittest.TestCase):
    def test_new_member_method_repr(self):
        b = hp_plain.Box(21)
        self.assertEqual(b.value, 21)
        self.assertEqual(b.doubled(), 42)
        self.assertEqual(repr(b), "Box(21)")
        b.value = -3
        self.assertEqual(repr(b), "Box(-3)")
        self.assertEqual(hp_plain.Box().value, 0)
        self.assertEqual(hp_plain.Box(value=5).value, 5)
        with self.assertRaises(TypeError):
            hp_plain.Box("x")
        with self.assertRaises(TypeError):
            b.value = "x"

    def test_type_names(self):
        T = hp_plain.Box
        self.assertEqual(T.__module__, "hp_plain")
        self.assertEqual(T.__qualname__, "Box")
        self.assertEqual(T.__name__, "Box")
        self.assertEqual(repr(T), "<class 'hp_plain.Box'>")
        self.assertTrue(T.__doc__.startswith("A box holding one C long."))

    @unittest.skipIf(sys.version_info < (3, 10),
                     "a heap type cannot be made immutable before 3.10 (rule 3)")
    def test_type_is_immutable(self):
        with self.assertRaises(TypeError):
            setattr(hp_plain.Box, "x", 1)

    def test_new_via_dunder(self):
        b = hp_plain.Box.__new__(hp_plain.Box)
        self.assertEqual(b.value, 0)

    def test_not_subclassable(self):
        with self.assertRaises(TypeError):
            class Sub(hp_plain.Box):
                pass

    def test_pickle(self):
        # Static type with its own tp_new, no __reduce__: refuses everywhere.
        self.assertEqual(pickle_outcomes(hp_plain.Box(1)), ["TypeError"] * 6)

    def test_many_instances(self):
        for i in range(1000):
            self.assertEqual(hp_plain.Box(i).doubled(), 2 * i)


if __name__ == "__main__":
    unittest.main()
