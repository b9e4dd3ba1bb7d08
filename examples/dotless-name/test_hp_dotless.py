"""Behaviour of hp_dotless.Cursor (tp_name "Cursor", no dot) that a correct
heap-type migration must keep: __module__ is builtins, and repr() and
messages say "Cursor"."""
import pickle
import unittest
import warnings

with warnings.catch_warnings():
    # a heap type created from a dotless spec name warns (DeprecationWarning)
    warnings.simplefilter("error")
    import hp_dotless
from hp_dotless import Cursor


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


class CursorTest(unittest.TestCase):
    def test_type_names(self):
        self.assertEqual(Cursor.__module__, "builtins")
        self.assertEqual(Cursor.__qualname__, "Cursor")
        self.assertEqual(Cursor.__name__, "Cursor")
        self.assertEqual(repr(Cursor), "<class 'Cursor'>")
        self.assertEqual(Cursor.__doc__, "A position that moves by steps.")
        self.assertIs(hp_dotless.Cursor, Cursor)

    def test_instance_repr_and_messages(self):
        c = Cursor(3)
        self.assertTrue(repr(c).startswith("<Cursor object at 0x"), repr(c))
        self.assertEqual(c.move(2), 5)
        self.assertEqual(c.pos, 5)
        with self.assertRaisesRegex(ValueError, "^Cursor cannot move before 0$"):
            c.move(-6)
        with self.assertRaisesRegex(TypeError, r"'Cursor' and 'int'"):
            c + 1
        with self.assertRaisesRegex(TypeError, r"^'Cursor' object is not subscriptable$"):
            c[0]
        with self.assertRaises(TypeError):
            Cursor("x")

    def test_type_is_immutable(self):
        with self.assertRaises(TypeError):
            setattr(Cursor, "x", 1)

    def test_not_subclassable(self):
        with self.assertRaises(TypeError):
            class Sub(Cursor):
                pass

    def test_pickle(self):
        # its own tp_new and no __reduce__: refused by every protocol, as "Cursor"
        self.assertEqual(pickle_outcomes(Cursor(1)), ["TypeError"] * 6)
        with self.assertRaisesRegex(TypeError, "^cannot pickle 'Cursor' object$"):
            pickle.dumps(Cursor(1), 2)
        # the type itself is looked up by name in its module, builtins
        with self.assertRaisesRegex(pickle.PicklingError, "attribute lookup Cursor on builtins failed"):
            pickle.dumps(Cursor)

    def test_many_instances(self):
        for i in range(1000):
            self.assertEqual(Cursor(i).move(1), i + 1)


if __name__ == "__main__":
    unittest.main()
