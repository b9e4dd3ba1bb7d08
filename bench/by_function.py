#!/usr/bin/env python3
"""Where the instructions of one benchmark go, function by function, before and after.

Reads the callgrind dumps that `bench/run --count` leaves under
target/bench/count/py<version>/<module key>/{before,after}/ and prints, per function, the
instructions per operation of each side (the dump after the 6n-operation loop minus the
one after the n-operation loop, over 5n, as the count itself; the first of the three pairs),
largest difference first.

    bench/by_function.py target/bench/count/py3.12.1/number-protocol 'Money -x'
"""
import collections
import glob
import json
import os
import re
import subprocess
import sys


def costs(path):
    """Self cost by function name (functions split over files summed) and the total."""
    out = subprocess.run(["callgrind_annotate", "--threshold=100", "--inclusive=no", path],
                         capture_output=True, text=True, check=True).stdout
    by = collections.Counter()
    total = 0
    for line in out.splitlines():
        m = re.match(r"^\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(\S.*?)\s*(\[.*\])?$", line)
        if not m:
            continue
        ir = int(m.group(1).replace(",", ""))
        if m.group(2) == "PROGRAM TOTALS":
            total = ir
        elif ":" in m.group(2):
            by[m.group(2).split(":", 1)[1]] += ir
    # callgrind charges the frames still active at a dump (main, the eval loop's callers)
    # with everything below them: drop those
    return collections.Counter({k: v for k, v in by.items() if v < 0.9 * total}), total


def side(d, label):
    with open(os.path.join(d, "ops.json")) as fh:
        ops = json.load(fh)
    i = ops["labels"].index(label)
    n = ops["n"][i]
    dumps = {}
    for f in glob.glob(os.path.join(d, "cg.out.*")):
        with open(f) as fh:
            m = re.search(r"^desc: Trigger: dump (\S+)", fh.read(4096), re.M)
        if m:
            dumps[m.group(1)] = f
    hi, hi_total = costs(dumps["b%d-hi" % i])
    lo, lo_total = costs(dumps["b%d-lo" % i])
    per = {k: (hi[k] - lo[k]) / (5 * n) for k in set(hi) | set(lo)}
    return per, (hi_total - lo_total) / (5 * n)


def main():
    d, label = sys.argv[1], sys.argv[2]
    (b, bt), (a, at) = side(os.path.join(d, "before"), label), side(os.path.join(d, "after"), label)
    print("%-44s %9s %9s %8s" % ("function (" + label + ")", "before", "after", "diff"))
    for k in sorted(set(a) | set(b), key=lambda k: -abs(a.get(k, 0) - b.get(k, 0))):
        x, y = b.get(k, 0), a.get(k, 0)
        if abs(y - x) >= 0.5:
            print("%-44s %9.1f %9.1f %+8.1f" % (k[:44], x, y, y - x))
    print("%-44s %9.1f %9.1f %+8.1f" % ("total", bt, at, at - bt))


if __name__ == "__main__":
    main()
