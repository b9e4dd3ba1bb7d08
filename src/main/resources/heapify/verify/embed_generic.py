# heapify.verify generic embedding snippet: import the module named by
# $HEAPIFY_MODULE and make one instance of each of its own types (T()), and
# of a Python subclass when the type is subclassable (Py_TPFLAGS_BASETYPE).
# Errors from calling types are expected (types without tp_new, required
# arguments) and ignored; an import error fails the cycle.
import importlib
import os


def _heapify_exercise(name):
    module = importlib.import_module(name)
    for attr in sorted(vars(module)):
        tp = getattr(module, attr)
        if not isinstance(tp, type) or tp.__module__ != name:
            continue
        try:
            tp()
        except Exception:
            pass
        if tp.__flags__ & (1 << 10):
            sub = type("HeapifySub", (tp,), {})
            try:
                sub()
            except Exception:
                pass
            del sub


_heapify_exercise(os.environ["HEAPIFY_MODULE"])
del _heapify_exercise
