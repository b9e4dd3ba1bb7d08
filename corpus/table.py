#!/usr/bin/env python3
"""Summarises corpus/run's results: table.py RESULTS_DIR OUT_JSON > table.md.

Reads RESULTS_DIR/PKG-PYTHON.json (heapify verify --json, or a not_run/error stub) and the .rc
next to it; writes every document into OUT_JSON and prints the markdown table: one row per
package and Python, then the diagnostics by rule id, the files the build check refused, and
every violated fact."""
import glob
import json
import os
import sys

res_dir, out_json = sys.argv[1], sys.argv[2]
order = ["audit", "python-cffi", "rpm", "mercurial", "pygame", "pillow"]
docs = []
for path in sorted(glob.glob(os.path.join(res_dir, "*.json"))):
    with open(path) as f:
        d = json.load(f)
    rc_path = path[:-5] + ".rc"
    if os.path.exists(rc_path):
        rc, secs = open(rc_path).read().split()
        d["verify_exit"], d["verify_seconds"] = int(rc), int(secs)
    docs.append(d)


def key(d):
    p = d.get("package", "")
    py = d.get("python") or (d["runs"][0]["python"] if d.get("runs") else "")
    return (order.index(p) if p in order else 99, p, [int(x) for x in py.split(".")])


docs.sort(key=key)
with open(out_json, "w") as f:
    json.dump(docs, f, indent=1)


def pfs(t):
    if t is None:
        return "-"
    if t["passed"] < 0:
        return "exit %d, no summary" % t["exit"]
    return "%d/%d/%d" % (t["passed"], t["failed"], t["skipped"])


def shared(side):
    s = t = 0
    for r in side["legacy_subinterpreter"].values():
        if r["sub_imported"]:
            s += len(r["shared"])
            t += r["types"]
    return "%d/%d" % (s, t)


def count_ok(m, ok):
    return "%d/%d" % (sum(1 for v in m.values() if ok(v)), len(m))


print("| package | Python | verify exit | migrate exit | files changed | PyTypeObject in source b→a | static types in .so b→a "
      "| modules built b/a | warnings b→a (new) | tests p/f/s before | after | after a subinterpreter: before | after "
      "| legacy sub: types shared b→a | own-GIL import b→a | embedding ok b→a | facts violated |")
print("|" + "---|" * 18)
rules_first = {}
rejected = []
violations = []
for d in docs:
    p = d.get("package")
    if "runs" not in d:
        print("| %s | %s | %s |" % (p, d.get("python"), d.get("not_run") or d.get("error")) + " |" * 15)
        continue
    for r in d["runs"]:
        m, b, a = r["migrate"], r["before"], r["after"]
        bsub, asub = b.get("tests_after_subinterpreter"), a.get("tests_after_subinterpreter")
        iso = "-" if not b["isolated_subinterpreter"] else "%s → %s" % (
            count_ok(b["isolated_subinterpreter"], lambda v: v["sub_imported"]),
            count_ok(a["isolated_subinterpreter"], lambda v: v["sub_imported"]))
        emb = "%s → %s" % (count_ok(b["embed_cycles_ok"], lambda v: v.split("/")[0] == v.split("/")[1]),
                           count_ok(a["embed_cycles_ok"], lambda v: v.split("/")[0] == v.split("/")[1]))
        print("| %s | %s | %s | %d | %d/%d | %d → %d | %d → %d | %d/%d | %d → %d (%d) | %s | %s | %s | %s | %s → %s | %s | %s | %d |" % (
            p, r["python"], d.get("verify_exit", "?"), m["exit"], m["changed"], m["files"],
            m["types_in_source_before"], m["types_in_source_after"], b["static_types_in_so"], a["static_types_in_so"],
            b["built"], a["built"], b["warnings"], a["warnings"], len(a.get("new_warnings", [])),
            pfs(b["tests"]), pfs(a["tests"]), pfs(bsub), pfs(asub), shared(b), shared(a), iso, emb,
            len(r["violations"])))
        if p not in rules_first:
            rules_first[p] = m["diagnostics_by_rule"]
        for mod in m["modules"]:
            for diag in mod["diagnostics"]:
                if diag.endswith("[build-check-failed]") or diag.endswith("[build-check-new-warning]"):
                    rejected.append((p, r["python"], diag))
        for v in r["violations"]:
            violations.append((p, r["python"], v))

print()
print("Diagnostics of `heapify migrate` by rule id (the first Python of each package; the migration is the same on each):")
print()
total = {}
for p, rules in rules_first.items():
    for k, n in rules.items():
        total[k] = total.get(k, 0) + n
ids = sorted(total, key=lambda k: -total[k])
print("| rule id | total | " + " | ".join(rules_first) + " |")
print("|---|---|" + "---|" * len(rules_first))
for k in ids:
    print("| `%s` | %d | %s |" % (k, total[k], " | ".join(str(rules_first[p].get(k, "")) for p in rules_first)))
print()
print("Files the build check refused to write (migrated text does not build, or warns anew):" + ("" if rejected else " none"))
for p, py, diag in rejected:
    print("- %s on %s: `%s`" % (p, py, diag))
print()
print("Facts violated after migration:" + ("" if violations else " none"))
for p, py, v in violations:
    print("- %s on %s: %s" % (p, py, v.replace("\n", " ")[:1500]))
