# heapify.verify test-script launcher: `python run_test_script.py <script>`.
# Imports $HEAPIFY_MODULE from the directory of $HEAPIFY_SO first and refuses
# to go on unless that built file is what got imported (a stale .so next to
# the script would otherwise win, since the script's directory is
# sys.path[0]), then runs the unittest script as __main__.
import os
import runpy
import sys

so = os.environ["HEAPIFY_SO"]
sys.path.insert(0, os.path.dirname(so))
module = __import__(os.environ["HEAPIFY_MODULE"])
if os.path.realpath(getattr(module, "__file__", "")) != os.path.realpath(so):
    sys.exit("heapify.verify: imported %r, expected %s" % (module, so))
script = sys.argv[1]
sys.argv = [script]
sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
runpy.run_path(script, run_name="__main__")
