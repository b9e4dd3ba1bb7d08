"""Behaviour of hp_buffer.ByteBox that a correct heap-type migration must keep."""
import pickle
import unittest

from hp_buffer import ByteBox


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


class ByteBoxTest(unittest.TestCase):
    def test_memoryview_roundtrip(self):
        b = ByteBox(4)
        self.assertEqual(bytes(b), b"\0\0\0\0")
        with memoryview(b) as m:
            self.assertEqual(b.exports, 1)
            self.assertFalse(m.readonly)
            self.assertEqual(m.nbytes, 4)
            self.assertEqual(m.format, "B")
            m[1] = 65
            m[2:4] = b"BC"
        self.assertEqual(b.exports, 0)
        self.assertEqual(bytes(b), b"\0ABC")
        self.assertEqual(repr(b), "ByteBox(b'\\x00ABC')")
        self.assertEqual(repr(ByteBox(9)), "ByteBox(<9 bytes>)")

    def test_export_blocks_resize(self):
        b = ByteBox(2)
        m = memoryview(b)
        with self.assertRaises(BufferError):
            b.resize(3)
        m.release()
        b.resize(3)
        self.assertEqual(bytes(b), b"\0\0\0")
        self.assertEqual(b.exports, 0)

    def test_other_consumers(self):
        b = ByteBox(3)
        bytearray(b)
        b"".join([b, b])
        self.assertEqual(b.exports, 0)
        with memoryview(b) as m1, memoryview(b) as m2:
            self.assertEqual(b.exports, 2)
            m1[0] = 1
            self.assertEqual(m2[0], 1)
        self.assertEqual(b.exports, 0)

    def test_args(self):
        with self.assertRaises(ValueError):
            ByteBox(-1)
        with self.assertRaises(TypeError):
            ByteBox()
        self.assertEqual(bytes(ByteBox(size=0)), b"")

    def test_type_names(self):
        self.assertEqual(ByteBox.__module__, "hp_buffer")
        self.assertEqual(ByteBox.__qualname__, "ByteBox")
        self.assertEqual(repr(ByteBox), "<class 'hp_buffer.ByteBox'>")

    def test_type_is_immutable(self):
        with self.assertRaises(TypeError):
            setattr(ByteBox, "x", 1)

    def test_pickle(self):
        self.assertEqual(pickle_outcomes(ByteBox(1)), ["TypeError"] * 6)


if __name__ == "__main__":
    unittest.main()
