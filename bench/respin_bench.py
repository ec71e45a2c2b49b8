#!/usr/bin/env python3
"""How long a respin takes, next to the floor: what spatch and git themselves need.

Run by hand (not part of the tests), on fixtures made by ../shared/kernel-fixture/build:

    ../shared/kernel-fixture/build /tmp/fx              # subset tree
    ../shared/kernel-fixture/build /tmp/fxfull --full   # the whole 6.12 tree
    .venv/bin/python bench/respin_bench.py --fixture /tmp/fx --fixture /tmp/fxfull --runs 5 [--rest] [--treewide rare]

For each fixture it measures, over --runs runs (median, min, max), all in the same run:
  respin     `respin run --tree T --thread thread.mbox` (wall time, peak RSS of the process tree)
  floor      one spatch pass of one trivial rule over the touched file (spatch's start-up and its parse
             of the file), plus `git format-patch` of the v4 series: the work respin cannot avoid
  rules      the same generated rules (OUT/cocci/*.cocci, in order) run one by one with spatch on the
             touched file, plus `git format-patch` (the floor of earlier figures)
--root DIR runs respin from another checkout of respin; --baseline DIR runs that one too, each of its runs
next to one of --root (before/after figures taken under the same load); both are byte-compiled first.
With --rest: POST /api/v1/respins to a running `respin serve` until series.mbox is ready, one job and then
8 jobs submitted at once.  With --treewide rare|common: one rule over the whole tree, plain `spatch --dir` versus
`spatch --use-gitgrep -j 2` (rare: a name few files hold; common: pte_dirty(), in every arch's headers).
Each respin run works on a `git clone --mirror --shared` of the fixture tree (refs only, objects borrowed),
so runs do not see each other's branches.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESPIN = [sys.executable, "-m", "app.cli"]
# matches nothing in the kernel, names nothing (spatch must parse the file to know)
TRIVIAL_RULE = "@floor@\nexpression E;\n@@\n- E = E;\n"


def measure(cmd: list[str], cwd: Path | None = None, env: dict | None = None,
            limit: float | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB, largest process of the tree) of CMD.

    With LIMIT, a command still running after LIMIT seconds is stopped and (LIMIT, -1) returned."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if limit is not None:
        try:
            p.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            return limit, -1
        return time.perf_counter() - t0, 0
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        err = p.stderr.read().decode(errors="replace") if p.stderr else ""
        raise SystemExit(f"bench: {' '.join(cmd[:4])} failed:\n{err}")
    return wall, usage.ru_maxrss // 1024


def children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far, theirs included: what a
    command cost, whatever else the machine was doing."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def mirror(tree: Path, dest: Path) -> Path:
    subprocess.run(["git", "clone", "-q", "--mirror", "--shared", str(tree), str(dest)], check=True)
    return dest


def stats(xs: list[float]) -> dict:
    return {"median": round(statistics.median(xs), 3), "min": round(min(xs), 3), "max": round(max(xs), 3),
            "runs": len(xs)}


def bench_fixture(fx: Path, runs: int, work: Path, root: Path = ROOT, baseline: Path | None = None) -> dict:
    """respin (from ROOT, and from BASELINE too when given: each run of one next to a run of the other),
    the floor and the rules one by one, RUNS times."""
    tree = fx / "tree"
    thread = fx / "thread.mbox"
    files = int(subprocess.run(["git", "-C", str(tree), "ls-files"], capture_output=True, text=True,
                               check=True).stdout.count("\n"))
    roots = {"respin": root, **({"baseline": baseline} if baseline else {})}
    wall: dict[str, list[float]] = {k: [] for k in [*roots, "floor", "rules"]}
    cpu: dict[str, list[float]] = {k: [] for k in wall}
    mem: dict[str, int] = {}
    for i in range(runs):
        for name, where in roots.items():
            t = mirror(tree, work / f"{name}-t{i}")
            out = work / f"{name}-out{i}"
            c0 = children_cpu()
            # each checkout remembers its own tool check, as one installed alone does (its first run checks)
            env = {**os.environ, "PYTHONPATH": str(where), "XDG_CACHE_HOME": str(work / f"cache-{name}")}
            w, m = measure([*RESPIN, "run", "--tree", str(t), "--thread", str(thread), "--out", str(out)],
                           cwd=where, env=env)
            cpu[name].append(children_cpu() - c0)
            wall[name].append(w)
            mem[name] = max(mem.get(name, 0), m)
            if name == "respin":
                for kind, rules in (("floor", None), ("rules", sorted((out / "cocci").glob("*.cocci")))):
                    c0 = children_cpu()
                    wall[kind].append(floor(t, out, work / f"{kind}{i}", rules=rules))
                    cpu[kind].append(children_cpu() - c0)
            shutil.rmtree(t)
    med = {k: statistics.median(v) for k, v in wall.items()}
    cmed = {k: statistics.median(v) for k, v in cpu.items()}
    r = {"fixture": str(fx), "files": files, "respin_s": stats(wall["respin"]), "respin_peak_mib": mem["respin"],
         "floor_s": stats(wall["floor"]), "rules_one_by_one_s": stats(wall["rules"]),
         "ratio": round(med["respin"] / med["floor"], 2),
         "ratio_to_rules": round(med["respin"] / med["rules"], 2),
         "cpu_s": {k: stats(v) for k, v in cpu.items()},
         "cpu_ratio": round(cmed["respin"] / cmed["floor"], 2),
         "cpu_ratio_to_rules": round(cmed["respin"] / cmed["rules"], 2)}
    if baseline:
        r.update({"baseline": str(baseline), "baseline_s": stats(wall["baseline"]),
                  "baseline_peak_mib": mem["baseline"], "baseline_ratio": round(med["baseline"] / med["floor"], 2),
                  "baseline_cpu_ratio": round(cmed["baseline"] / cmed["floor"], 2)})
    return r


def floor(tree: Path, out: Path, work: Path, rules: list[Path] | None = None) -> float:
    """One spatch pass of a trivial rule over the touched file (or RULES, one by one), plus git
    format-patch of the v4 series."""
    work.mkdir()
    report = json.loads((out / "report.json").read_text())
    touched = sorted({s["anchor"]["file"] for s in report["suggestions"] if s["anchor"]["file"]})
    for path in touched:
        dest = work / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(subprocess.run(["git", "-C", str(tree), "show", f"hugetlb-v4~1:{path}"],
                                        capture_output=True, check=True).stdout)
    if rules is None:
        (work / "trivial.cocci").write_text(TRIVIAL_RULE)
        rules = [work / "trivial.cocci"]
    t0 = time.perf_counter()
    for rule in rules:
        r = subprocess.run(["spatch", "--very-quiet", "--in-place", "--sp-file", str(rule),
                            *[str(work / p) for p in touched]], capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"bench: floor: spatch failed on {rule.name}: {r.stderr.strip()[-300:]}")
    subprocess.run(["git", "-C", str(tree), "format-patch", "-q", "--cover-letter", "-v5", "-o",
                    str(work / "mails"), "base..hugetlb-v4"], check=True, capture_output=True)
    return time.perf_counter() - t0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(fx: Path, data: Path, workers: int = 0) -> Iterator[tuple[str, int]]:
    """`respin serve` on a free port with FX's tree as "fixture" (RESPIN_WORKERS from WORKERS, else the
    service's default), once /health answers: (its base URL, its pid); stopped afterwards."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RESPIN_TREES": f"fixture={fx / 'tree'}",
           "RESPIN_DATA_DIR": str(data)}
    if workers:
        env["RESPIN_WORKERS"] = str(workers)
    server = subprocess.Popen([*RESPIN, "serve", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/api/v1/health", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def bench_rest(fx: Path, runs: int, work: Path) -> dict:
    with serving(fx, work / "data", workers=2) as (base, _):
        single = [rest_job(base, fx) for _ in range(runs)]
        t0 = time.perf_counter()
        ids = [submit(base, fx) for _ in range(8)]
        each = [wait(base, i, t0) for i in ids]
        return {"one_job_s": stats(single), "eight_jobs_each_s": stats(each),
                "eight_jobs_total_s": round(time.perf_counter() - t0, 3),
                "worst_over_single": round(max(each) / statistics.median(single), 2)}


def submit(base: str, fx: Path) -> str:
    boundary = "respinbench"
    data = (fx / "thread.mbox").read_bytes()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"tree\"\r\n\r\nfixture\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"thread\"; filename=\"thread.mbox\"\r\n"
            "Content-Type: application/mbox\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(base + "/api/v1/respins", data=body, method="POST",
                                 headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)["id"]


def wait(base: str, job: str, t0: float) -> float:
    """Seconds from T0 until JOB is done and its mbox fetched; the service holds each GET until the job
    has finished or 30 s passed (?wait=30), so there is no polling."""
    while True:
        with urllib.request.urlopen(f"{base}/api/v1/respins/{job}?wait=30", timeout=60) as r:
            st = json.load(r)["status"]
        if st == "done":
            urllib.request.urlopen(f"{base}/api/v1/respins/{job}/series.mbox", timeout=30).read()
            return time.perf_counter() - t0
        if st in ("failed", "cancelled"):
            raise SystemExit(f"bench: job {job} {st}")


def rest_job(base: str, fx: Path) -> float:
    t0 = time.perf_counter()
    return wait(base, submit(base, fx), t0)


TREEWIDE_RULES = {
    # the review's rename asked "everywhere": a rare name, what propagation usually looks for
    "rare": """/// Tree-wide: folio_test_hwpoison() instead of folio_contain_hwpoisoned_page()
@@
expression E;
@@
- folio_contain_hwpoisoned_page(E)
+ folio_test_hwpoison(E)
""",
    # a common name (pte_dirty() is in every architecture's headers): the heavy case
    "common": """/// Tree-wide: huge_pte_dirty() for pte_dirty() inside hugetlb functions
@@
identifier fn =~ "hugetlb";
expression E;
@@
fn(...) { <...
- pte_dirty(E)
+ huge_pte_dirty(E)
...> }
""",
}


def bench_treewide(fx: Path, work: Path, which: str) -> dict:
    rule = work / "treewide.cocci"
    rule.write_text(TREEWIDE_RULES[which])
    tree = fx / "tree"
    wt = work / "wt"
    # spatch reads files from a directory: a checkout of the fixture (made once, outside the timings)
    subprocess.run(["git", "clone", "-q", "--shared", "-b", "hugetlb", str(tree), str(wt)], check=True)
    fast, _ = measure(["spatch", "--very-quiet", "--use-gitgrep", "-j", "2", "--sp-file", str(rule),
                       "--dir", str(wt)], cwd=wt)
    plain, done = measure(["spatch", "--very-quiet", "--sp-file", str(rule), "--dir", str(wt)],
                          limit=max(300.0, 40 * fast))
    more = "" if done == 0 else ">="
    return {"rule": which, "scope": "whole tree", "plain_s": f"{more}{plain:.2f}", "gitgrep_j2_s": round(fast, 2),
            "speedup": f"{more}{plain / fast:.1f}"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fixture", action="append", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rest", action="store_true")
    ap.add_argument("--treewide", choices=sorted(TREEWIDE_RULES),
                    help="also time one rule over the whole tree: a rare or a common name")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--root", type=Path, default=ROOT,
                    help="run respin from this checkout (e.g. an export of an earlier commit)")
    ap.add_argument("--baseline", type=Path,
                    help="also run respin from this checkout, each run next to one of --root (before/after)")
    a = ap.parse_args()
    fixtures: list[dict] = []
    result = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
              "spatch": subprocess.run(["spatch", "--version"], capture_output=True, text=True).stdout.split("\n")[0],
              "fixtures": fixtures}
    for checkout in {a.root.resolve(), *([a.baseline.resolve()] if a.baseline else [])}:
        # both byte-compiled first, as .ci/install-deps leaves a checkout: an export of an earlier commit
        # has no __pycache__, and runs that may not write one would compile every module each time
        subprocess.run([sys.executable, "-m", "compileall", "-q", *(str(checkout / d) for d in ("app", "cocci",
                                                                                              "patches"))],
                       check=False, capture_output=True)
    with tempfile.TemporaryDirectory(prefix="respin-bench-") as tmp:
        for n, fx in enumerate(a.fixture):
            work = Path(tmp) / f"f{n}"
            work.mkdir()
            r = bench_fixture(fx, a.runs, work, a.root.resolve(), a.baseline.resolve() if a.baseline else None)
            print(json.dumps(r, indent=2), flush=True)
            if a.rest:
                r["rest"] = bench_rest(fx, a.runs, work)
                print(json.dumps({"rest": r["rest"]}, indent=2), flush=True)
            if a.treewide:
                r["treewide"] = bench_treewide(fx, work, a.treewide)
                print(json.dumps({"treewide": r["treewide"]}, indent=2), flush=True)
            fixtures.append(r)
    if a.json:
        a.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
