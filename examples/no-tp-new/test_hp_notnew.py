"""Behaviour of hp_notnew.Token (no tp_new) that a correct heap-type
migration must keep."""
import pickle
import unittest

import hp_notnew
from hp_notnew import Token


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


class TokenTest(unittest.TestCase):
    def test_factory(self):
        a = hp_notnew.make_token("a")
        b = hp_notnew.make_token("b")
        self.assertIs(type(a), Token)
        self.assertEqual(a.name, "a")
        self.assertEqual(b.serial, a.serial + 1)
        self.assertEqual(repr(a), "<Token a #%d>" % a.serial)
        with self.assertRaises(TypeError):
            hp_notnew.make_token(1)
        with self.assertRaises(AttributeError):
            a.name = "c"

    def test_not_instantiable(self):
        with self.assertRaisesRegex(TypeError, "cannot create 'hp_notnew.Token' instances"):
            Token()
        with self.assertRaises(TypeError):
            Token("x")
        with self.assertRaises(TypeError):
            Token.__new__(Token)
        with self.assertRaises(TypeError):
            object.__new__(Token)

    def test_not_subclassable(self):
        with self.assertRaises(TypeError):
            class Sub(Token):
                pass

    def test_type_names(self):
        self.assertEqual(Token.__module__, "hp_notnew")
        self.assertEqual(Token.__qualname__, "Token")
        self.assertEqual(repr(Token), "<class 'hp_notnew.Token'>")

    def test_type_is_immutable(self):
        with self.assertRaises(TypeError):
            setattr(Token, "x", 1)

    def test_pickle(self):
        # Protocols 0/1 are not asserted: a heap type without tp_new pickles
        # there where the static type raised (rule 3, "pickling residue").
        t = hp_notnew.make_token("t")
        self.assertEqual(pickle_outcomes(t, range(2, 6)), ["TypeError"] * 4)


if __name__ == "__main__":
    unittest.main()
