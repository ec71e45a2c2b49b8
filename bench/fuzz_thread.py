"""A long fuzz run of the thread reader: mutated real-shaped review threads, read as respin does.

    .venv/bin/python bench/fuzz_thread.py 100000 [--seed 0] [--slow 10] [--save DIR]

Case i is made from random.Random(seed + i) by tests/fuzz_mail.py (the same mutations as the
suite's Hypothesis test), so any case can be made again from its number.  A case passes when the
reader returns a review or a one-line ThreadError/ReviewError; any other exception is a crash.
Prints the cases run, the crashes (grouped by where they were raised, with a case number for
each), the cases slower than --slow seconds and the slowest case.  Exit status 1 when a case
crashed or was slower than --slow.  --save DIR writes each crashing or slow case's files there.
"""
from __future__ import annotations

import argparse
import random
import signal
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import fuzz_mail  # noqa: E402

HANG = 120          # seconds after which a case is stopped and counted as a crash


class _Hang(Exception):
    pass


def _alarm(signum, frame):  # type: ignore[no-untyped-def]
    raise _Hang(f"still running after {HANG}s")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cases", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--slow", type=float, default=10.0, help="seconds a case may take (default 10)")
    ap.add_argument("--save", type=Path, help="write the files of crashing and slow cases here")
    ap.add_argument("--every", type=int, default=10000, help="print progress every N cases")
    a = ap.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)
    crashes: dict[tuple, list[int]] = {}
    first_error: dict[tuple, str] = {}
    slow: list[tuple[float, int]] = []
    slowest = (0.0, -1)
    outcomes = {"ok": 0, "error": 0}
    start = time.monotonic()
    for n in range(a.cases):
        case = a.seed + n
        files = fuzz_mail.case(fuzz_mail.RandomChooser(random.Random(case)))
        t = time.monotonic()
        signal.alarm(HANG)
        try:
            result = fuzz_mail.read_case(files)
            outcomes["ok" if result == "ok" else "error"] += 1
        except Exception as e:  # noqa: BLE001 - a crash is what this looks for
            frame = traceback.extract_tb(e.__traceback__)[-1]
            key = (type(e).__name__, frame.filename, frame.lineno)
            crashes.setdefault(key, []).append(case)
            first_error.setdefault(key, f"{type(e).__name__}: {str(e)[:200]}")
            _save(a.save, case, files)
        finally:
            signal.alarm(0)
        dt = time.monotonic() - t
        if dt > slowest[0]:
            slowest = (dt, case)
        if dt > a.slow:
            slow.append((dt, case))
            _save(a.save, case, files)
        if a.every and (n + 1) % a.every == 0:
            print(f"... {n + 1} cases, {sum(map(len, crashes.values()))} crashes, "
                  f"{time.monotonic() - start:.0f}s", file=sys.stderr, flush=True)
    total = time.monotonic() - start
    crashed = sum(map(len, crashes.values()))
    print(f"cases run: {a.cases} (seeds {a.seed}..{a.seed + a.cases - 1}) in {total:.1f}s; "
          f"read: {outcomes['ok']}, refused with a one-line error: {outcomes['error']}")
    print(f"crashes: {crashed}")
    for key, cases in sorted(crashes.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(cases)} x {first_error[key]} at {key[1]}:{key[2]} (cases {', '.join(map(str, cases[:5]))})")
    print(f"cases over {a.slow:g}s: {len(slow)}" + (" (" + ", ".join(f"{c}: {d:.1f}s" for d, c in slow[:10]) + ")"
                                                    if slow else ""))
    print(f"slowest case: {slowest[1]} ({slowest[0]:.2f}s)")
    return 1 if crashed or slow else 0


def _save(folder: Path | None, case: int, files: list[tuple[str, bytes]]) -> None:
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for i, (name, data) in enumerate(files):
        (folder / f"case{case}-{i}-{name}").write_bytes(data)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
