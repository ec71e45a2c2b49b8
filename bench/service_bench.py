#!/usr/bin/env python3
"""The service under load: 8 jobs at once against one, and how fast the page and /health answer meanwhile.

Run by hand (not part of the tests), on a fixture made by ../shared/kernel-fixture/build:

    .venv/bin/python bench/service_bench.py --fixture /tmp/fx [--runs 3] [--jobs 8] [--workers N]

Starts `respin serve` on a free port (RESPIN_WORKERS from --workers, else the service's default), times
--runs single jobs (POST /api/v1/respins until series.mbox is served), then submits --jobs jobs at once
and, until the last is done, asks GET /api/v1/health and GET / every 100 ms.  Prints the slowest of the
jobs over the median single job (target <= 4x for 8 jobs on 2 cores) and the latency percentiles, and
the CPU seconds of a job alone, of a job among the 8 and of the service's own process meanwhile (from /proc:
the jobs are children of the job server), with the ratio that CPU alone sets on this machine.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from respin_bench import rest_job, serving, submit, wait  # noqa: E402


def percentiles(xs: list[float]) -> dict:
    if not xs:
        return {}
    s = sorted(xs)

    def pct(p: float) -> float:
        return round(s[min(len(s) - 1, int(p / 100 * len(s)))] * 1000, 1)
    return {"n": len(s), "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "max_ms": round(s[-1] * 1000, 1)}


def prober(url: str, stop: threading.Event, out: list[float], errors: list[str]) -> None:
    while not stop.is_set():
        t0 = time.perf_counter()
        try:
            req = urllib.request.Request(url, headers={"Accept": "text/html"})
            with urllib.request.urlopen(req, timeout=30) as r:
                r.read()
            out.append(time.perf_counter() - t0)
        except OSError as e:
            errors.append(str(e))
        stop.wait(0.1)


CLOCK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_of(server: int) -> tuple[float, float]:
    """(CPU seconds of the service's own process, CPU seconds of the jobs so far): the jobs are children of
    the job server the service forked (multiprocessing's forkserver), which reaps them."""
    own = sum(int(x) for x in _stat(server)[11:13]) / CLOCK
    jobs = 0.0
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                f = _stat(int(d.name))
                cmd = (d / "cmdline").read_bytes()
            except OSError:
                continue
            if int(f[1]) == server and b"forkserver" in cmd:
                jobs += sum(int(x) for x in f[11:15]) / CLOCK
    return own, jobs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fixture", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=8)
    ap.add_argument("--workers", type=int, default=0, help="RESPIN_WORKERS (default: the service's own)")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="respin-svc-bench-") as tmp, \
            serving(a.fixture, Path(tmp) / "data", a.workers) as (base, server):
        idle: dict[str, list[float]] = {"health": [], "page": []}
        for _ in range(20):
            for name, path in (("health", "/api/v1/health"), ("page", "/")):
                t0 = time.perf_counter()
                urllib.request.urlopen(base + path, timeout=30).read()
                idle[name].append(time.perf_counter() - t0)
        c0 = cpu_of(server)
        single = [rest_job(base, a.fixture) for _ in range(a.runs)]
        c1 = cpu_of(server)
        stop = threading.Event()
        lat: dict[str, list[float]] = {"health": [], "page": []}
        errors: list[str] = []
        probes = [threading.Thread(target=prober, args=(base + path, stop, lat[name], errors), daemon=True)
                  for name, path in (("health", "/api/v1/health"), ("page", "/"))]
        t0 = time.perf_counter()
        ids = [submit(base, a.fixture) for _ in range(a.jobs)]
        for p in probes:
            p.start()
        each = [wait(base, i, t0) for i in ids]
        total = time.perf_counter() - t0
        c2 = cpu_of(server)
        stop.set()
        for p in probes:
            p.join()
    one = statistics.median(single)
    cpu_one, cpu_each, cpu_service = (c1[1] - c0[1]) / a.runs, (c2[1] - c1[1]) / a.jobs, c2[0] - c1[0]
    result = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
              "workers": a.workers or "default", "one_job_s": [round(x, 2) for x in single],
              f"{a.jobs}_jobs_slowest_s": round(max(each), 2), f"{a.jobs}_jobs_total_s": round(total, 2),
              "ratio": round(max(each) / one, 2),
              # CPU seconds: a job alone, a job among the N, the service's own process during the N; the N
              # jobs and the service need at least (N x a job + the service) / cores seconds of wall time
              "cpu_s": {"one_job": round(cpu_one, 2), f"one_of_{a.jobs}": round(cpu_each, 2),
                        f"service_during_{a.jobs}": round(cpu_service, 2)},
              "cpu_bound_ratio": round((a.jobs * cpu_each + cpu_service) / (os.cpu_count() or 1) / one, 2),
              "idle": {k: percentiles(v) for k, v in idle.items()},
              "under_load": {k: percentiles(v) for k, v in lat.items()}, "probe_errors": errors[:5]}
    print(json.dumps(result, indent=2))
    if a.json:
        a.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
