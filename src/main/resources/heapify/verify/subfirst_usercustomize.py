# heapify.verify "tests after a subinterpreter": installed as usercustomize (PYTHONUSERBASE) for a
# package's test command, so that it runs in every Python process the tests start (except those
# started with -s, -I or -E). In each, before any test: import every module named in
# $HEAPIFY_SUBFIRST_MODULES in the main interpreter, import them again in a legacy (shared-GIL)
# subinterpreter, destroy that, and let the tests run. A subinterpreter cannot be created while
# site runs (Py_Initialize is not finished: it crashes), so a meta-path finder waits for the first
# import after Py_IsInitialized() and does the round trip then, before the tests' own imports. A module whose second instance overwrote
# process-wide state (static types, static PyObject * globals) then fails its tests.
# Appends to $HEAPIFY_SUBFIRST_REPORT, one line each:
#   <pid> main-import-failed <name> <Exc>: <message>
#   <pid> sub-import-ok <name> | <pid> sub-import-failed <name> <Exc>: <message>
#   <pid> destroyed | <pid> sub-failed <Exc>: <message>
import os


def _heapify_subfirst():
    names = os.environ.get("HEAPIFY_SUBFIRST_MODULES", "").split()
    report = os.environ.get("HEAPIFY_SUBFIRST_REPORT")
    if not names or not report:
        return
    import importlib

    pid = os.getpid()
    lines = []
    imported = []
    for name in names:
        try:
            importlib.import_module(name)
            imported.append(name)
        except BaseException as exc:
            lines.append("%d main-import-failed %s %s: %s" % (pid, name, type(exc).__name__, " ".join(str(exc).split())))
    if imported:
        # the subinterpreter runs site, and so this file, too: it must not start one of its own
        os.environ["HEAPIFY_SUBFIRST_RUNNING"] = str(pid)
        code = ("import importlib, os\n"
                "with open(%r, 'a') as out:\n"
                "    for name in %r:\n"
                "        try:\n"
                "            importlib.import_module(name)\n"
                "            out.write('%d sub-import-ok %%s\\n' %% name)\n"
                "        except BaseException as exc:\n"
                "            out.write('%d sub-import-failed %%s %%s: %%s\\n' %% (name, type(exc).__name__,"
                " ' '.join(str(exc).split())))\n") % (report, imported, pid, pid)
        try:
            try:
                import _interpreters as interpreters          # 3.13
                iid = interpreters.create("legacy")
                failure = interpreters.exec(iid, code)
            except ImportError:
                import _xxsubinterpreters as interpreters     # 3.11, 3.12
                iid = interpreters.create(isolated=False)
                failure = None
                interpreters.run_string(iid, code)
            interpreters.destroy(iid)
            if failure is not None:
                lines.append("%d sub-failed %s" % (pid, " ".join(str(getattr(failure, "formatted", failure)).split())))
            else:
                lines.append("%d destroyed" % pid)
        except BaseException as exc:
            lines.append("%d sub-failed %s: %s" % (pid, type(exc).__name__, " ".join(str(exc).split())))
        finally:
            del os.environ["HEAPIFY_SUBFIRST_RUNNING"]
    with open(report, "a") as out:
        out.write("".join(line + "\n" for line in lines))


class _HeapifySubfirstFinder:
    """Runs the round trip at the first import once the interpreter is initialized, then leaves."""

    def __init__(self, initialized):
        self.initialized = initialized

    def find_spec(self, fullname, path=None, target=None):
        import sys
        if not self.initialized():
            return None
        try:
            sys.meta_path.remove(self)
        except ValueError:
            return None
        _heapify_subfirst()
        return None


def _heapify_install():
    if not os.environ.get("HEAPIFY_SUBFIRST_MODULES") or os.environ.get("HEAPIFY_SUBFIRST_RUNNING"):
        return
    import ctypes
    import sys
    initialized = ctypes.pythonapi.Py_IsInitialized
    initialized.restype = ctypes.c_int
    sys.meta_path.insert(0, _HeapifySubfirstFinder(initialized))


_heapify_install()
del _heapify_install
