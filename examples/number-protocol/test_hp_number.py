"""Behaviour of hp_number.Money that a correct heap-type migration must keep."""
import operator
import pickle
import unittest

import hp_number
from hp_number import Money


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


class MoneyTest(unittest.TestCase):
    def test_add_both_orders(self):
        self.assertEqual(Money(150) + Money(50), Money(200))
        self.assertEqual(Money(150) + 1, Money(151))
        self.assertEqual(1 + Money(150), Money(151))
        self.assertEqual((Money(1) + True).cents, 2)
        self.assertEqual(sum([Money(1), Money(2)], Money(0)), Money(3))
        self.assertEqual(sum([Money(1), Money(2)]), Money(3))  # 0 + Money

    def test_multiply_both_orders(self):
        self.assertEqual(Money(7) * 3, Money(21))
        self.assertEqual(3 * Money(7), Money(21))
        self.assertEqual(operator.mul(-2, Money(7)).cents, -14)
        with self.assertRaises(TypeError):
            Money(1) * Money(2)
        with self.assertRaises(TypeError):
            Money(1) * 2.5

    def test_negative(self):
        self.assertEqual(-Money(5), Money(-5))
        self.assertEqual((-(-Money(5))).cents, 5)
        with self.assertRaises(TypeError):
            +Money(5)

    def test_foreign_operands(self):
        with self.assertRaises(TypeError):
            Money(1) + "x"
        with self.assertRaises(TypeError):
            "x" + Money(1)
        with self.assertRaises(TypeError):
            Money(1) - Money(1)
        with self.assertRaises(OverflowError):
            Money(1) + 2 ** 80

    def test_repr_compare_hash(self):
        self.assertEqual(repr(Money(12)), "Money(12)")
        self.assertNotEqual(Money(1), Money(2))
        self.assertTrue(Money(1) < Money(2))
        with self.assertRaises(TypeError):
            hash(Money(1))

    def test_type_names(self):
        self.assertEqual(Money.__module__, "hp_number")
        self.assertEqual(Money.__qualname__, "Money")
        self.assertEqual(repr(Money), "<class 'hp_number.Money'>")

    def test_type_is_immutable(self):
        with self.assertRaises(TypeError):
            setattr(Money, "x", 1)

    def test_pickle(self):
        self.assertEqual(pickle_outcomes(Money(1)), ["TypeError"] * 6)

    def test_module(self):
        self.assertIs(hp_number.Money, Money)


if __name__ == "__main__":
    unittest.main()
