#!/usr/bin/env python3
"""Before/after micro-benchmarks for heapify's migrations.

For every selected interpreter this builds, from the same sources the rest of the
project uses,

  before: examples/<name>/<mod>.c (static types, single-phase init) and the
          untouched CPython 3.11.2 Modules/<mod>.c,
  after:  golden/<name>/<mod>.c (heapify's output) and `heapify migrate` of the
          CPython module,

into two directories under the same module name, loads both into ONE worker process
(each from its own file, through ExtensionFileLoader; CPython keeps single-phase
    modules per file, so the two never collide)
and times the same statement against each, interleaved: round after round, before
and after alternate (and swap who goes first), each sample a timeit loop of about
--sample-ms. Reported per benchmark: the median ns per operation of each side and
the median of the per-round ratios after/before, with its 25th-75th percentile
spread. Ratios above 1 mean the migrated module is slower.

Run it through bench/run (which builds the heapify jar when it is missing).
The driver runs under any Python 3.8+; the workers run under each interpreter.
"""
import argparse
import glob
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The unpacked CPython 3.11.2 source (../shared/harness/stdlib/get-source.sh caches it here).
CPYTHON_SRC = os.environ.get("HEAPIFY_CPYTHON_SRC",
                             os.path.expanduser("~/.cache/heapify/cpython/Python-3.11.2"))
PYENV_ROOT = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
COMPAT = os.path.join(ROOT, "bench", "compat")
# itertools and _collections (builtin modules of 3.11.2, built here as extensions): private
# internals they call, for 3.13 (see the files).
CORE311 = ["-DPy_BUILD_CORE_MODULE", "-I{inc}/internal", "-fvisibility=hidden",
           "-include", os.path.join(COMPAT, "cpython311_compat.h")]

# name -> (module, source before, source after, extra cflags)
# "@cpython" sources are migrated by heapify into the build directory; their file is
# Modules/<module>.c unless CPYTHON_FILES says otherwise.
MODULES = {
    "number-protocol": ("hp_number", None, None, []),
    "plain-type": ("hp_plain", None, None, []),
    "gc-type": ("hp_gc", None, None, []),
    "iterator": ("hp_iter", None, None, []),
    "sequence-mapping": ("hp_seqmap", None, None, []),
    "module-globals": ("hp_globals", None, None, []),
    "helper-needs-state": ("hp_helper", None, None, []),
    "python-subclass": ("hp_pysub", None, None, []),
    "subclassable-state": ("hp_vec", None, None, []),
    "zoneinfo": ("_zoneinfo", "@cpython", "@cpython",
                 ["-DPy_BUILD_CORE_MODULE", "-I{inc}/internal",
                  "-I" + CPYTHON_SRC + "/Modules",
                  "-include", os.path.join(ROOT, "bench", "compat", "zoneinfo_compat.h")]),
    "xxsubtype": ("xxsubtype", "@cpython", "@cpython", []),
    "itertools": ("itertools", "@cpython", "@cpython",
                  CORE311 + [os.path.join(COMPAT, "tuple_fromarray.c")]),
    "collections": ("_collections", "@cpython", "@cpython", CORE311),
    "asyncio": ("_asyncio", "@cpython", "@cpython",
                ["-DPy_BUILD_CORE_MODULE", "-I{inc}/internal", "-I" + CPYTHON_SRC + "/Modules"]),
    "pickle": ("_pickle", "@cpython", "@cpython", CORE311),
    # expat.h for the types only: at import the module takes the interpreter's pyexpat
    # through its capsule.
    "elementtree": ("_elementtree", "@cpython", "@cpython",
                    ["-I" + CPYTHON_SRC + "/Modules/expat"]),
}
CPYTHON_FILES = {"itertools": "itertoolsmodule", "_collections": "_collectionsmodule",
                 "_asyncio": "_asynciomodule"}
# Modules whose 3.11.2 source builds only against these interpreters (_asyncio uses 3.11's
# internal headers and private calls that 3.12 changed): skipped on the others, and when no
# selected interpreter fits, the newest pyenv one of the first version listed is added for them.
# _pickle and _elementtree build on 3.11 and 3.12 but not 3.13, which made the private calls
# they use internal and unexported (_elementtree: _PyObject_CallMethodIdObjArgs and the other
# _Py_Identifier calls) or changed them (_pickle: _PyLong_AsByteArray's new argument, and its
# _Py_ID(dot) and other 3.11 global strings, which 3.13's runtime no longer has).
ONLY_ON = {"asyncio": ("3.11",), "pickle": ("3.12", "3.11"), "elementtree": ("3.12", "3.11")}
# Packages the worker imports before loading a module key's two copies: asyncio imports the
# interpreter's own _asyncio, which a single-phase copy loaded first would otherwise replace
# in sys.modules (and importing _asyncio before asyncio changes asyncio.tasks in 3.11).
PREIMPORT = {"asyncio": ["asyncio"]}

# Types whose __flags__ the worker checks, per module key: static (no Py_TPFLAGS_HEAPTYPE)
# in "before", heap types in "after", so a row never compares a module with itself or
# with a half-built migration. Expressions over the loaded module `m`.
PROBES = {
    "number-protocol": ["m.Money"],
    "plain-type": ["m.Box"],
    "gc-type": ["m.Node"],
    "iterator": ["m.Countdown"],
    "sequence-mapping": ["m.Vec"],
    "helper-needs-state": ["type(m.pair(1, 2))"],
    "python-subclass": ["m.Shape"],
    "subclassable-state": ["m.Vec"],
    "zoneinfo": ["m.ZoneInfo"],
    "xxsubtype": ["m.spamlist", "m.spamdict"],
    "itertools": ["m.count", "m.islice", "m.chain", "m.product", "m.groupby",
                  "type(next(m.groupby([1]))[1])", "type(m.tee([])[0])"],
    "collections": ["m.deque", "type(iter(m.deque()))", "m.defaultdict",
                    "m._tuplegetter"],
    "pickle": ["m.Pickler", "m.Unpickler",
               "type(m.Pickler(__import__('io').BytesIO()).memo)",
               "type(m.Unpickler(__import__('io').BytesIO()).memo)"],
    "elementtree": ["m.Element", "m.XMLParser", "m.TreeBuilder",
                    "type(m.Element('a').iter())"],
    "asyncio": ["m.Future", "m.Task", "type(iter(m.Future(loop=__import__('asyncio').new_event_loop())))"],
}

# _asyncio: the module's own Future and Task on a plain event loop (asyncio's
# run_until_complete accepts any future-like object); each Future is created, completed with
# set_result and awaited (through the module's FutureIter), pending ones woken by the loop.
ASYNCIO_SETUP = """import asyncio
loop = asyncio.new_event_loop(); F = m.Future; T = m.Task
async def noop(): pass
async def done100():
    for i in range(100):
        f = F(loop=loop); f.set_result(i); await f
async def pending100():
    for i in range(100):
        f = F(loop=loop); loop.call_soon(f.set_result, i); await f
"""

# _pickle: a small tuple and a list of 1000 such records, each pickled with dumps() and
# unpickled with loads(), positional calls only (see bench/compat/cpython311_compat.h).
PICKLE_SMALL = "dumps = m.dumps; loads = m.loads; obj = (1, 'two', 3.0, [4, 5], {'six': 7})"
PICKLE_LARGE = ("dumps = m.dumps; loads = m.loads\n"
                "obj = [(i, str(i), float(i), [i], {'k': i}) for i in range(1000)]")
# _elementtree: a document of 100 <a> elements, each with an attribute and a <b> child,
# parsed by the module's XMLParser (its default target is the module's TreeBuilder).
ETREE_SETUP = ("XP = m.XMLParser\n"
               "doc = '<r>' + ''.join('<a i=\"%d\"><b>t</b></a>' % i for i in range(100)) + '</r>'\n"
               "p = XP(); p.feed(doc); root = p.close()")

# Benchmarks: (module key, label, setup, statement). The setup runs with the
# loaded module bound to `m`; statements should be cheap single operations.
BENCHMARKS = [
    ("number-protocol", "Money x + y", "x = m.Money(150); y = m.Money(250)", "x + y"),
    ("number-protocol", "Money 1 + x", "x = m.Money(150)", "1 + x"),
    ("number-protocol", "Money x + 1", "x = m.Money(150)", "x + 1"),
    ("number-protocol", "Money -x", "x = m.Money(150)", "-x"),
    ("number-protocol", "Money x * 3", "x = m.Money(150)", "x * 3"),
    ("plain-type", "Box b.doubled()", "b = m.Box(21)", "b.doubled()"),
    ("plain-type", "Box b.value", "b = m.Box(21)", "b.value"),
    ("plain-type", "Box(21)", "Box = m.Box", "Box(21)"),
    ("gc-type", "Node(1) create+destroy", "Node = m.Node", "Node(1)"),
    ("gc-type", "Node(1, n) create+destroy", "Node = m.Node; n = Node(2)", "Node(1, n)"),
    ("iterator", "iterate Countdown(100)", "c = m.Countdown(100)", "for _ in c: pass"),
    ("sequence-mapping", "Vec len(v)", "v = m.Vec(16)", "len(v)"),
    ("sequence-mapping", "Vec v[3]", "v = m.Vec(16)", "v[3]"),
    ("sequence-mapping", "Vec v['sum']", "v = m.Vec(16)", "v['sum']"),
    ("module-globals", "bump()", "bump = m.bump", "bump()"),
    ("module-globals", "count()", "count = m.count", "count()"),
    ("module-globals", "get_foo(o)", "get_foo = m.get_foo\n"
     "class Foo:\n    foo = 'FOO'\no = Foo()", "get_foo(o)"),
    ("helper-needs-state", "pair(1, 2)", "pair = m.pair", "pair(1, 2)"),
    ("helper-needs-state", "Pair p.swapped()", "p = m.pair(1, 2)", "p.swapped()"),
    ("python-subclass", "Sub s.area() (C method)",
     "class Sub(m.Shape): pass\ns = Sub(2.0, 3.0)", "s.area()"),
    ("python-subclass", "Sub s.scaled(2)",
     "class Sub(m.Shape): pass\ns = Sub(2.0, 3.0)", "s.scaled(2.0)"),
    ("python-subclass", "Sub(2.0, 3.0)", "class Sub(m.Shape): pass", "Sub(2.0, 3.0)"),
    ("subclassable-state", "Vec v.plain()", "v = m.Vec(3, 4)", "v.plain()"),
    ("subclassable-state", "SubSub v.plain()",
     "class Sub(m.Vec): pass\nclass SubSub(Sub): pass\nv = SubSub(3, 4)", "v.plain()"),
    ("subclassable-state", "Vec v.scaled(2.0)", "v = m.Vec(3, 4)", "v.scaled(2.0)"),
    ("subclassable-state", "Vec v.swapped (getter)", "v = m.Vec(3, 4)", "v.swapped"),
    ("subclassable-state", "SubSub v.swapped (getter)", "class Sub(m.Vec): pass\nclass SubSub(Sub): pass\nv = SubSub(3, 4)", "v.swapped"),
    ("subclassable-state", "Vec v + w", "v = m.Vec(3, 4); w = m.Vec(1, 2)", "v + w"),
    ("subclassable-state", "SubSub v + w", "class Sub(m.Vec): pass\nclass SubSub(Sub): pass\nv = SubSub(3, 4); w = m.Vec(1, 2)", "v + w"),
    ("subclassable-state", "Vec -v", "v = m.Vec(3, 4)", "-v"),
    ("subclassable-state", "SubSub -v", "class Sub(m.Vec): pass\nclass SubSub(Sub): pass\nv = SubSub(3, 4)", "-v"),
    ("subclassable-state", "Vec v == w", "v = m.Vec(3, 4); w = m.Vec(3, 4)", "v == w"),
    ("zoneinfo", "ZoneInfo('UTC') cached", "ZI = m.ZoneInfo; ZI('UTC')", "ZI('UTC')"),
    ("zoneinfo", "now(tz).utcoffset()",
     "from datetime import datetime\ntz = m.ZoneInfo('Europe/Paris')",
     "datetime.now(tz).utcoffset()"),
    ("xxsubtype", "spamlist L.getstate()", "L = m.spamlist(); L.setstate(3)", "L.getstate()"),
    ("xxsubtype", "spamlist L.setstate(4)", "L = m.spamlist()", "L.setstate(4)"),
    ("xxsubtype", "spamlist L.state", "L = m.spamlist()", "L.state"),
    ("xxsubtype", "spamlist() + append", "S = m.spamlist", "S().append(1)"),
    ("xxsubtype", "spamdict d.getstate()", "d = m.spamdict()", "d.getstate()"),
    ("itertools", "for _ in islice(count(), 1000)", "count = m.count; islice = m.islice",
     "for _ in islice(count(), 1000): pass"),
    ("itertools", "next(c) on count()", "c = m.count()", "next(c)"),
    ("itertools", "list(chain(a, b)) 2x100", "chain = m.chain; a = list(range(100)); b = a[:]",
     "list(chain(a, b))"),
    ("itertools", "list(product(r, r)) 10x10", "product = m.product; r = range(10)",
     "list(product(r, r))"),
    ("itertools", "groupby 400 items, 100 keys", "groupby = m.groupby; data = [i // 4 for i in range(400)]",
     "for k, g in groupby(data): pass"),
    ("itertools", "groupby + iterate groups", "groupby = m.groupby; data = [i // 4 for i in range(400)]",
     "for k, g in groupby(data):\n    for _ in g: pass"),
    ("itertools", "tee(range(1000)), iterate both", "tee = m.tee; r = range(1000)",
     "a, b = tee(r)\nfor _ in a: pass\nfor _ in b: pass"),
    ("collections", "deque d.append(1); d.pop()", "d = m.deque()", "d.append(1); d.pop()"),
    ("collections", "deque d.append(1); d.popleft()", "d = m.deque()", "d.append(1); d.popleft()"),
    ("collections", "iterate deque(range(100))", "d = m.deque(range(100))", "for _ in d: pass"),
    ("collections", "defaultdict(int) missing key", "dd = m.defaultdict(int)", "dd[1]; del dd[1]"),
    ("collections", "namedtuple field p.x (_tuplegetter)",
     "from collections import namedtuple\nP = namedtuple('P', 'x y')\n"
     "P.x = m._tuplegetter(0, 'x'); P.y = m._tuplegetter(1, 'y')\np = P(1, 2)", "p.x"),
    ("pickle", "dumps(small tuple)", PICKLE_SMALL, "dumps(obj)"),
    ("pickle", "loads(small tuple)", PICKLE_SMALL + "; data = dumps(obj)", "loads(data)"),
    ("pickle", "dumps(1000 records)", PICKLE_LARGE, "dumps(obj)"),
    ("pickle", "loads(1000 records)", PICKLE_LARGE + "; data = dumps(obj)", "loads(data)"),
    ("elementtree", "XMLParser feed+close, 201 elements", ETREE_SETUP,
     "p = XP(); p.feed(doc); p.close()"),
    ("elementtree", "for e in root.iter(), 201 elements", ETREE_SETUP,
     "for e in root.iter(): pass"),
    ("elementtree", "Element('a') create+destroy", "Element = m.Element", "Element('a')"),
    ("asyncio", "Future() set_result result()", ASYNCIO_SETUP,
     "f = F(loop=loop); f.set_result(1); f.result()"),
    ("asyncio", "Task(noop()) run to completion", ASYNCIO_SETUP,
     "loop.run_until_complete(T(noop(), loop=loop))"),
    ("asyncio", "Task awaiting 100 done Futures", ASYNCIO_SETUP,
     "loop.run_until_complete(T(done100(), loop=loop))"),
    ("asyncio", "Task awaiting 100 pending Futures", ASYNCIO_SETUP,
     "loop.run_until_complete(T(pending100(), loop=loop))"),
]


# ---------------------------------------------------------------- worker side

HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE

def allocator_ballast():
    """Live objects with holes between them in every pymalloc size class from 32 to 512 bytes,
    kept while a benchmark runs, so that the statement's objects are allocated and freed in a
    pool that holds other objects and other free blocks: neither side's size class empties a
    pool at each free (and takes a fresh one at the next allocation) or fills it, whatever the
    process happened to allocate before. Without it a statement that creates and drops one
    object pays those pool transitions (up to 21 instructions per object on 3.12) or not,
    depending on whether its size class's current pool holds anything else: the same code of
    hp_vec counted 17 instructions apart on `Vec -v` and `SubSub -v`, which make the same Vec.
    The allocation sizes themselves are untouched: 16-byte size classes, so an object that
    grows by a pointer may move up a class and use more memory, which this benchmark does not
    measure (see README, "How to read")."""
    keep = []
    for _ in range(128):  # 32-byte class: floats (24 bytes), past the float free list
        keep.append(float(len(keep)) + 0.5)
    for size in range(48, 513, 16):  # bytes of length n take 33 + n bytes
        keep.extend(bytes(size - 33) for _ in range(128))
    del keep[1::2]
    return keep


def worker(argv):
    import importlib.machinery
    import importlib.util
    import timeit

    cfg = json.loads(argv[0])
    rounds, sample_s = cfg["rounds"], cfg["sample_ms"] / 1000.0

    def load(name, path):
        loader = importlib.machinery.ExtensionFileLoader(name, path)
        spec = importlib.util.spec_from_file_location(name, path, loader=loader)
        mod = importlib.util.module_from_spec(spec)
        loader.exec_module(mod)
        return mod

    loaded = {}
    out = []
    for key, label, setup, stmt in cfg["benchmarks"]:
        mod, before, after = cfg["modules"][key]
        if key not in loaded:
            try:
                for pkg in cfg["preimport"].get(key, []):
                    __import__(pkg)
                loaded[key] = (load(mod, before), load(mod, after))
                if loaded[key][0] is loaded[key][1]:
                    raise ImportError("before and after loaded as the same module object")
                for side, m, want in zip(("before", "after"), loaded[key], (False, True)):
                    for expr in cfg["probes"].get(key, []):
                        t = eval(expr, {"m": m})
                        if bool(t.__flags__ & HEAPTYPE) != want:
                            raise ImportError("%s: %s is %s" % (side, t.__qualname__,
                                              "a heap type" if not want else "static"))
            except ImportError as exc:
                loaded[key] = str(exc)
        if isinstance(loaded[key], str):
            print(json.dumps({"key": key, "label": label, "error": loaded[key]}), flush=True)
            continue
        timers = []
        for m in loaded[key]:
            ns = {"m": m}
            exec(setup, ns)
            timers.append(timeit.Timer(stmt, globals=ns))
        ballast = allocator_ballast() if cfg["ballast"] else None
        # One loop count for both sides, so both run the same work per sample.
        number = 1
        while True:
            t = timers[0].timeit(number)
            if t >= sample_s / 4 or number >= 1 << 24:
                break
            number *= 4 if t < sample_s / 40 else 2
        number = max(1, int(number * sample_s / max(t, 1e-9)))
        for tm in timers:  # warm-up
            tm.timeit(max(1, number // 4))
        per = ([], [])
        ratios = []
        for r in range(rounds):
            order = (0, 1) if r % 2 == 0 else (1, 0)
            sample = [0.0, 0.0]
            for side in order:
                sample[side] = timers[side].timeit(number) / number * 1e9
                per[side].append(sample[side])
            ratios.append(sample[1] / sample[0])
        del ballast  # kept alive while the statements ran
        ratios.sort()
        q = len(ratios) // 4
        out.append({
            "key": key, "label": label, "number": number,
            "before": statistics.median(per[0]), "after": statistics.median(per[1]),
            "ratio": statistics.median(ratios),
            "lo": ratios[q], "hi": ratios[len(ratios) - 1 - q],
        })
        print(json.dumps(out[-1]), flush=True)
    return 0


def count_worker(argv):
    """Under callgrind: one side of one module; per benchmark, the statement timeit-looped
    n and 6n times between callgrind dumps, so the instructions of one operation are
    (dump hi - dump lo) / 5n, whatever the load."""
    import importlib.machinery
    import importlib.util
    import timeit

    cfg = json.loads(argv[0])

    def dump(tag):
        subprocess.run(["callgrind_control", "-d", tag, str(os.getpid())],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    for pkg in cfg["preimport"]:
        __import__(pkg)
    loader = importlib.machinery.ExtensionFileLoader(cfg["module"], cfg["path"])
    spec = importlib.util.spec_from_file_location(cfg["module"], cfg["path"], loader=loader)
    m = importlib.util.module_from_spec(spec)
    loader.exec_module(m)
    for expr in cfg.get("probes", []):  # as the timing worker: static before, heap type after
        t = eval(expr, {"m": m})
        if bool(t.__flags__ & HEAPTYPE) != cfg["heap"]:
            sys.exit("%s is %s" % (t.__qualname__, "static" if cfg["heap"] else "a heap type"))
    for i, (label, setup, stmt) in enumerate(cfg["benchmarks"]):
        ns = {"m": m}
        exec(setup, ns)
        timer = timeit.Timer(stmt, globals=ns)
        ballast = allocator_ballast() if cfg["ballast"] else None
        n = 1
        while timer.timeit(n) < 0.02 and n < 1 << 20:  # about 1 ms of native time
            n *= 2
        timer.timeit(n)
        dump("b%d-warm" % i)
        for k in ("", "1", "2"):  # three pairs: the driver takes the median
            timer.timeit(n)
            dump("b%d-lo%s" % (i, k))
            timer.timeit(6 * n)
            dump("b%d-hi%s" % (i, k))
        del ballast  # kept alive while the statement ran
        print(json.dumps({"label": label, "n": n}), flush=True)
    return 0


def pair_median(totals, i, n):
    """Instructions per operation of benchmark i: the median over its (lo, hi) dump pairs (a
    dump that lands late moves one pair, not the median)."""
    per = [(totals["b%d-hi%s" % (i, k)] - totals["b%d-lo%s" % (i, k)]) / (5 * n) for k in ("", "1", "2")
           if "b%d-hi%s" % (i, k) in totals and "b%d-lo%s" % (i, k) in totals]
    return statistics.median(per) if per else None


def count(py, info, mods, benches, outdir, ballast):
    """Instructions per operation of each side (callgrind), one valgrind process per side
    and module; rows like the timing worker's, the ratio in instructions."""
    rows = []
    for key, (mod, before, after) in mods.items():
        bs = [b for b in benches if b[0] == key]
        per = []
        for side, path in (("before", before), ("after", after)):
            d = os.path.join(outdir, "count", "py" + info["v"], key, side)
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)
            cfg = {"module": mod, "path": path, "preimport": PREIMPORT.get(key, []),
                   "probes": PROBES.get(key, []), "heap": side == "after",
                   "benchmarks": [list(b[1:]) for b in bs], "ballast": ballast}
            env = dict(os.environ, PYTHONHASHSEED="0")
            r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + os.path.join(d, "cg.out"),
                                py, os.path.abspath(__file__), "--count-worker", json.dumps(cfg)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=outdir, env=env)
            ns = [json.loads(line)["n"] for line in r.stdout.splitlines()]
            with open(os.path.join(d, "ops.json"), "w") as fh:  # for bench/by_function.py
                json.dump({"labels": [b[1] for b in bs][:len(ns)], "n": ns}, fh)
            totals = {}
            for f in glob.glob(os.path.join(d, "cg.out.*")):
                with open(f) as fh:
                    txt = fh.read()
                tag = re.search(r"^desc: Trigger: dump (\S+)", txt, re.M)
                tot = re.search(r"^summary: (\d+)", txt, re.M)
                if tag and tot:
                    totals[tag.group(1)] = int(tot.group(1))
            per.append([pair_median(totals, i, n) for i, n in enumerate(ns)] + [None] * (len(bs) - len(ns)))
            if r.returncode != 0:
                sys.stderr.write(r.stderr[-2000:])
        for i, b in enumerate(bs):
            lo, hi = per[0][i], per[1][i]
            if lo is None or hi is None:
                rows.append({"key": key, "label": b[1], "python": info["v"], "error": "callgrind run failed"})
                continue
            rows.append({"key": key, "label": b[1], "python": info["v"], "before": lo, "after": hi,
                         "ratio": hi / lo, "lo": hi / lo, "hi": hi / lo})
            sys.stderr.write("  %-7s %-34s %10.0f %10.0f  %.3f\n" % (info["v"], b[1], lo, hi, hi / lo))
    return rows


# ---------------------------------------------------------------- driver side

def newest(ver):
    hits = sorted(glob.glob(os.path.join(PYENV_ROOT, "versions", "%s.*" % ver, "bin", "python" + ver)),
                  key=lambda p: [int(x) for x in re.findall(r"\d+", p.split("versions")[-1])])
    return hits[-1] if hits else shutil.which("python" + ver)


def default_pythons():
    found = []
    for ver in ("3.12", "3.13"):
        hits = sorted(glob.glob(os.path.join(PYENV_ROOT, "versions", "%s.*" % ver, "bin", "python" + ver)),
                      key=lambda p: [int(x) for x in re.findall(r"\d+", p.split("versions")[-1])])
        if hits:
            found.append(hits[-1])
        elif shutil.which("python" + ver):
            found.append(shutil.which("python" + ver))
    return found


def py_info(py):
    code = ("import sys, sysconfig, json; print(json.dumps({'v': '%d.%d.%d' % sys.version_info[:3], "
            "'inc': sysconfig.get_paths()['include'], 'ext': sysconfig.get_config_var('EXT_SUFFIX')}))")
    return json.loads(subprocess.check_output([py, "-c", code], text=True))


def migrate_cpython(mods, tree, heapify):
    """Copy the modules (with their Modules/clinic/*.c.h) and Tools/clinic into `tree`, a
    small CPython-shaped tree, and migrate the copies in place: heapify finds the tree's
    Tools/clinic/clinic.py above the module and regenerates clinic/<module>.c.h beside it,
    as it does on a real checkout."""
    if os.path.isdir(tree):
        shutil.rmtree(tree)
    os.makedirs(os.path.join(tree, "Modules", "clinic"))
    shutil.copytree(os.path.join(CPYTHON_SRC, "Tools", "clinic"), os.path.join(tree, "Tools", "clinic"))
    srcs = [os.path.join(CPYTHON_SRC, "Modules", CPYTHON_FILES.get(m, m) + ".c") for m in mods]
    missing = [s for s in srcs if not os.path.exists(s)]
    if missing:
        sys.exit("bench: missing CPython sources (run ../shared/harness/stdlib/get-source.sh "
                 "~/.cache/heapify/cpython or set HEAPIFY_CPYTHON_SRC): %s" % ", ".join(missing))
    copies = []
    for src in srcs:
        copies.append(os.path.join(tree, "Modules", os.path.basename(src)))
        shutil.copy2(src, copies[-1])
        hdr = os.path.join(os.path.dirname(src), "clinic", os.path.basename(src) + ".h")
        if os.path.exists(hdr):
            shutil.copy2(hdr, os.path.join(tree, "Modules", "clinic"))
    # --qualify-dotless-names as the stdlib harness test passes it: _asyncio's dotless
    # "TaskStepMethWrapper" and "_RunningLoopHolder" otherwise keep the whole file static.
    r = subprocess.run([heapify, "migrate", "--in-place", "--qualify-dotless-names"] + copies,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Exit 1 is also "partly migrated" (itertools: one type stays static, with a warning); the
    # worker's PROBES check that the types benchmarked are heap types in what was written.
    if r.returncode not in (0, 1):
        sys.stderr.write(r.stdout + r.stderr)
        sys.exit("bench: heapify migrate failed (exit %d)" % r.returncode)
    for line in r.stderr.splitlines():
        if line.startswith("heapify: ") and (" migrated" in line or "failed" in line):
            sys.stderr.write(line + "\n")


def sources(key, mod, migrated_dir):
    if MODULES[key][1] == "@cpython":
        f = CPYTHON_FILES.get(mod, mod) + ".c"
        return (os.path.join(CPYTHON_SRC, "Modules", f),
                os.path.join(migrated_dir, "Modules", f))
    return (os.path.join(ROOT, "examples", key, mod + ".c"),
            os.path.join(ROOT, "golden", key, mod + ".c"))


def build(py, info, keys, builddir, migrated_dir, cc):
    tag = "py" + info["v"]
    result = {}
    for key in keys:
        mod, _, _, extra = MODULES[key]
        paths = []
        for side, src in zip(("before", "after"), sources(key, mod, migrated_dir)):
            d = os.path.join(builddir, tag, side)
            os.makedirs(d, exist_ok=True)
            so = os.path.join(d, mod + info["ext"])
            cmd = ([cc, "-shared", "-fPIC", "-O2", "-DNDEBUG", "-Werror=implicit-function-declaration",
                    "-I" + info["inc"]]
                   + [f.format(inc=info["inc"]) for f in extra] + [src, "-o", so])
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if r.returncode != 0:
                sys.stderr.write(r.stderr)
                sys.exit("bench: build failed: %s" % " ".join(cmd))
            paths.append(so)
        result[key] = [mod] + paths
    return result


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def module_table(rows, keys, spread=True):
    """Per module and interpreter: the geometric mean of the benchmarks' ratios, the geometric
    means of their p25 and p75 (the spread), the largest single ratio, and issue #10's
    acceptance (geomean <= 1.03, no benchmark above 1.10)."""
    lines = ["| module | python | benchmarks | geomean ratio | geomean p25-p75 | max ratio | geomean <= 1.03, max <= 1.10 |",
             "|---|---|---:|---:|---|---:|---|"]
    pythons = []
    for r in rows:
        if r["python"] not in pythons:
            pythons.append(r["python"])
    for key in keys:
        for py in pythons:
            rs = [r for r in rows if r["key"] == key and r["python"] == py and "error" not in r]
            if not rs:
                if any(r["key"] == key and r["python"] == py for r in rows):
                    lines.append("| %s | %s | 0 | not run | | | |" % (MODULES[key][0], py))
                continue
            g, mx = geomean([r["ratio"] for r in rs]), max(r["ratio"] for r in rs)
            ok = "yes" if g <= 1.03 and mx <= 1.10 else "no"
            sp = "%.2f-%.2f" % (geomean([r["lo"] for r in rs]), geomean([r["hi"] for r in rs])) if spread else "-"
            lines.append("| %s | %s | %d | %.3f | %s | %.2f | %s |" % (MODULES[key][0], py, len(rs), g, sp, mx, ok))
    return "\n".join(lines)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        return worker(sys.argv[2:])
    if len(sys.argv) > 1 and sys.argv[1] == "--count-worker":
        return count_worker(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--python", action="append", metavar="EXE",
                    help="interpreter to benchmark (repeatable; default: newest 3.12 and 3.13 under pyenv)")
    ap.add_argument("--only", action="append", metavar="TEXT",
                    help="keep benchmarks whose module key or label contains TEXT (repeatable)")
    ap.add_argument("--rounds", type=int, default=31, help="interleaved before/after rounds (default 31)")
    ap.add_argument("--sample-ms", type=float, default=20.0,
                    help="target length of one timeit sample in ms (default 20)")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "target", "bench"),
                    help="where the .so files go (default target/bench)")
    ap.add_argument("--heapify", default=os.path.join(ROOT, "heapify"))
    ap.add_argument("--cc", default=os.environ.get("CC", "gcc"))
    ap.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    ap.add_argument("--count", action="store_true",
                    help="count instructions per operation under valgrind's callgrind instead of timing"
                         " (independent of the load; much slower)")
    ap.add_argument("--no-ballast", action="store_true",
                    help="run the statements without allocator_ballast(): the allocator state the"
                         " process happens to be in (pool transitions included)")
    ap.add_argument("--quiet", action="store_true", help="print only the final table")
    args = ap.parse_args()
    args.build_dir = os.path.abspath(args.build_dir)  # the workers run with it as cwd

    benches = BENCHMARKS
    if args.only:
        benches = [b for b in benches if any(t in b[0] or t in b[1] for t in args.only)]
    if args.list:
        for key, label, _, stmt in benches:
            print("%-20s %-34s %s" % (key, label, stmt.replace("\n", "\\n")))
        return 0
    if not benches:
        sys.exit("bench: --only matched no benchmark (see --list)")
    pythons = args.python or default_pythons()
    if not pythons:
        sys.exit("bench: no interpreter found; pass --python")

    keys = sorted({b[0] for b in benches}, key=list(MODULES).index)
    # interpreter -> the module keys run under it (ONLY_ON keys only where they build)
    versions = {py: py_info(py) for py in pythons}
    plan = [(py, [k for k in keys if k not in ONLY_ON
                  or any(versions[py]["v"].startswith(v + ".") for v in ONLY_ON[k])]) for py in pythons]
    for k in keys:
        if k in ONLY_ON and not any(k in ks for _, ks in plan):
            extra = newest(ONLY_ON[k][0])
            if extra is None:
                sys.exit("bench: %s builds only on Python %s; pass --python" % (k, "/".join(ONLY_ON[k])))
            versions.setdefault(extra, py_info(extra))
            for py, ks in plan:
                if py == extra:
                    ks.append(k)
                    break
            else:
                plan.append((extra, [k]))
    migrated_dir = os.path.join(args.build_dir, "migrated")
    cpy = [MODULES[k][0] for k in keys if MODULES[k][1] == "@cpython"]
    if cpy:
        migrate_cpython(cpy, migrated_dir, args.heapify)

    rows = []
    failed = False
    start = time.time()
    for py, pykeys in plan:
        if not pykeys:
            continue
        info = versions[py]
        mods = build(py, info, pykeys, args.build_dir, migrated_dir, args.cc)
        if args.count:
            got = count(py, info, mods, [b for b in benches if b[0] in pykeys], args.build_dir,
                        not args.no_ballast)
            failed = failed or any("error" in r for r in got)
            rows += got
            continue
        cfg = {"rounds": args.rounds, "sample_ms": args.sample_ms, "modules": mods, "probes": PROBES,
               "preimport": PREIMPORT, "ballast": not args.no_ballast,
               "benchmarks": [list(b) for b in benches if b[0] in pykeys]}
        proc = subprocess.Popen([py, os.path.abspath(__file__), "--worker", json.dumps(cfg)],
                                stdout=subprocess.PIPE, text=True, cwd=args.build_dir)
        for line in proc.stdout:
            res = json.loads(line)
            res["python"] = info["v"]
            rows.append(res)
            if "error" in res:
                failed = True
                sys.stderr.write("  %-7s %-30s not run: %s\n" % (info["v"], res["label"], res["error"]))
                continue
            if not args.quiet:
                sys.stderr.write("  %-7s %-30s %8.1f %8.1f  %.3f\n" % (
                    info["v"], res["label"], res["before"], res["after"], res["ratio"]))
        if proc.wait() != 0:
            failed = True
            sys.stderr.write("bench: worker under %s failed (exit %d)\n" % (py, proc.returncode))

    unit = "instructions" if args.count else "ns"
    print()
    print("| benchmark | python | before %s | after %s | ratio after/before | p25-p75 |" % (unit, unit))
    print("|---|---|---:|---:|---:|---|")
    for r in rows:
        if "error" in r:
            print("| %s | %s | - | - | not run: %s | |" % (r["label"], r["python"], r["error"]))
            continue
        flag = " **" if r["ratio"] > 1.10 else ""
        spread = "-" if args.count else "%.2f-%.2f" % (r["lo"], r["hi"])
        print("| %s | %s | %.1f | %.1f | %.2f%s | %s |" % (
            r["label"], r["python"], r["before"], r["after"], r["ratio"], flag, spread))
    print()
    print(module_table(rows, keys, spread=not args.count))
    print()
    try:
        load = os.getloadavg()[0]
        how = ("callgrind instructions per operation, PYTHONHASHSEED=0" if args.count
               else "%d rounds x %.0f ms samples" % (args.rounds, args.sample_ms))
        how += ", no allocator ballast" if args.no_ballast else ", allocator ballast"
        print("(%s, %.0f s, load average %.2f on %d cores; ** = ratio above 1.10)"
              % (how, time.time() - start, load, os.cpu_count() or 0))
    except OSError:
        pass
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
