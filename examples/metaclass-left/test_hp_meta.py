"""Behaviour of hp_meta that heapify must keep: it leaves the file unchanged."""
import pickle
import unittest

import hp_meta
from hp_meta import Meta, Widget


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


class MetaTest(unittest.TestCase):
    def test_widget(self):
        w = Widget(3)
        self.assertEqual(repr(w), "Widget(3)")
        self.assertEqual(repr(Widget()), "Widget(1)")
        self.assertEqual(repr(Widget(size=-2)), "Widget(-2)")
        with self.assertRaises(TypeError):
            Widget("x")

    def test_metatype(self):
        self.assertIs(type(Widget), Meta)
        self.assertIs(type(Meta), type)
        self.assertEqual(Meta.__mro__, (Meta, type, object))
        self.assertTrue(issubclass(Meta, type))
        self.assertIsInstance(Widget, type)
        self.assertEqual(Widget.describe(), "hp_meta.Widget made by hp_meta.Meta")
        self.assertFalse(hasattr(Widget(), "describe"))

    def test_type_names(self):
        for T, name in ((Widget, "Widget"), (Meta, "Meta")):
            self.assertEqual(T.__module__, "hp_meta")
            self.assertEqual(T.__qualname__, name)
            self.assertEqual(repr(T), "<class 'hp_meta.%s'>" % name)
        self.assertEqual(Widget.__doc__, "Widget(size=1)")

    def test_types_are_immutable(self):
        for T in (Widget, Meta):
            with self.assertRaises(TypeError):
                setattr(T, "x", 1)

    def test_not_subclassable(self):
        for T in (Widget, Meta):
            with self.assertRaises(TypeError):
                class Sub(T):
                    pass

    def test_pickle(self):
        self.assertEqual(pickle_outcomes(Widget(1)), ["TypeError"] * 6)


if __name__ == "__main__":
    unittest.main()
