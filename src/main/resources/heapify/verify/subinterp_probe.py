# heapify.verify subinterpreter probe, run by subinterp_host in the main
# interpreter and then in a subinterpreter (HEAPIFY_WHERE = "main"/"sub").
# Appends to $HEAPIFY_REPORT one line per finding:
#   <where> import-ok | <where> import-failed <Exc>: <message>
#     (WrongModule if the module imported is not the built $HEAPIFY_SO)
#   <where> type <attr> <id> <heap 0/1>        (every type in the module dict)
#   <where> tests run=<n> failures=<n> errors=<n> skipped=<n> ok=<0/1>
# The unittest script $HEAPIFY_SCRIPT (if set) is run only in the
# subinterpreter; its verbose output goes to stderr.
import os


def _heapify_probe(where):
    name = os.environ["HEAPIFY_MODULE"]
    with open(os.environ["HEAPIFY_REPORT"], "a") as out:
        import importlib
        try:
            module = importlib.import_module(name)
        except BaseException as exc:
            message = " ".join(str(exc).split())
            out.write("%s import-failed %s: %s\n" % (where, type(exc).__name__, message))
            return
        expected = os.environ.get("HEAPIFY_SO")
        if expected and os.path.realpath(getattr(module, "__file__", "")) != os.path.realpath(expected):
            out.write("%s import-failed WrongModule: imported %r, expected %s\n" % (where, module, expected))
            return
        out.write("%s import-ok\n" % where)
        for attr in sorted(vars(module)):
            value = getattr(module, attr)
            if isinstance(value, type):
                heap = 1 if value.__flags__ & (1 << 9) else 0
                out.write("%s type %s %d %d\n" % (where, attr, id(value), heap))
        out.flush()
        script = os.environ.get("HEAPIFY_SCRIPT")
        if not script or where != "sub":
            return
        import importlib.util
        import sys
        import unittest
        try:
            spec = importlib.util.spec_from_file_location("heapify_script_under_test", script)
            tests = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(tests)
            suite = unittest.defaultTestLoader.loadTestsFromModule(tests)
            result = unittest.TextTestRunner(stream=sys.stderr, verbosity=2).run(suite)
        except BaseException as exc:
            message = " ".join(str(exc).split())
            out.write("%s tests-crashed %s: %s\n" % (where, type(exc).__name__, message))
            return
        out.write("%s tests run=%d failures=%d errors=%d skipped=%d ok=%d\n" % (
            where, result.testsRun, len(result.failures), len(result.errors),
            len(result.skipped), 1 if result.wasSuccessful() else 0))


_heapify_probe(HEAPIFY_WHERE)  # noqa: F821 - set by subinterp_host
del _heapify_probe
