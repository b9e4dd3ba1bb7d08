# Test-only stand-in for the SWIG 'audit' module of the audit package:
# auparse/test/auparse_test.py only calls audit_msg_type_to_name.
import ctypes

_lib = ctypes.CDLL("libaudit.so.1")
_lib.audit_msg_type_to_name.restype = ctypes.c_char_p
_lib.audit_msg_type_to_name.argtypes = [ctypes.c_int]


def audit_msg_type_to_name(msg_type):
    name = _lib.audit_msg_type_to_name(msg_type)
    return None if name is None else name.decode()
