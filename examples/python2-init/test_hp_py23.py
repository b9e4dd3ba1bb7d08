"""Behaviour of hp_py23 that a correct heap-type migration must keep."""
import unittest

import hp_py23


class CounterTest(unittest.TestCase):
    def test_tick_and_close(self):
        c = hp_py23.Counter()
        self.assertEqual(c.tick(), 1)
        self.assertEqual(c.tick(), 2)
        c.close()
        with self.assertRaises(hp_py23.ClosedError) as cm:
            c.tick()
        self.assertEqual(str(cm.exception), "the counter is closed")

    def test_names(self):
        self.assertEqual(hp_py23.Counter.__module__, "hp_py23")
        self.assertEqual(hp_py23.Counter.__qualname__, "Counter")
        self.assertEqual(hp_py23.ClosedError.__module__, "hp_py23")
        self.assertEqual(hp_py23.__doc__, "Python 2/3 split init.")

    def test_type_is_immutable(self):
        with self.assertRaises(TypeError):
            setattr(hp_py23.Counter, "x", 1)


if __name__ == "__main__":
    unittest.main()
