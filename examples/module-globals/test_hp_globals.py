"""Behaviour of hp_globals that a correct migration to module state must keep."""
import pickle
import unittest

import hp_globals


class Foo:
    foo = "FOO"


class GlobalsTest(unittest.TestCase):
    def test_counter(self):
        start = hp_globals.count()
        self.assertEqual(hp_globals.bump(), start + 1)
        self.assertEqual(hp_globals.bump(5), start + 6)
        self.assertEqual(hp_globals.count(), start + 6)

    def test_error(self):
        E = hp_globals.error
        self.assertTrue(issubclass(E, Exception))
        self.assertEqual(E.__module__, "hp_globals")
        self.assertEqual(E.__qualname__, "error")
        self.assertEqual(repr(E), "<class 'hp_globals.error'>")
        with self.assertRaises(E) as cm:
            hp_globals.bump(-1)
        self.assertEqual(str(cm.exception), "counter only goes up")
        with self.assertRaisesRegex(E, "boom"):
            hp_globals.fail("boom")
        # Exception classes from PyErr_NewException are heap types, mutable
        # before and after migration.
        E.note = 1
        del E.note
        for proto in range(6):
            e = pickle.loads(pickle.dumps(E("x"), proto))
            self.assertIs(type(e), E)

    def test_cached_string(self):
        self.assertEqual(hp_globals.get_foo(Foo()), "FOO")
        with self.assertRaises(AttributeError):
            hp_globals.get_foo(object())


if __name__ == "__main__":
    unittest.main()
