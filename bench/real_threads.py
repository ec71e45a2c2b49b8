"""The real-threads figure: `respin run` on every real public review thread of ../shared/real-threads/.

    .venv/bin/python bench/real_threads.py [--keep DIR] [--respin PATH] [-v] [CASE ...]

Each case folder there has `prepare DEST` (builds DEST/tree and DEST/thread.mbox) and
`check DEST OUT`, which scores respin's output against the case's real next version and ends with
"<case>: applied A/M mechanical, wrong W".  This script prepares each case in a work directory,
runs respin on it with the default policy (everything the author did not decline or defer), prints
each case's line with respin's own time and counts, and the total.  -v also prints check's
per-suggestion lines and every changelog line respin wrote ("Changes in vN:" of each patch); a
changelog line with a ";" or over 100 characters is always printed, and the total counts them.
Exit 0 when every case ran (whatever the score), 2 when the corpus is missing.  The threads are
outside material: they are read from ../shared, never copied here.

--respin takes another respin for before/after figures, e.g. a script running an earlier checkout
(`git archive REV | tar -x -C /tmp/before`):

    #!/bin/sh
    PYTHONPATH=/tmp/before exec /path/to/.venv/bin/python -P -m app.cli "$@"

`-P` matters: without it the working directory comes first on Python's path, and a run started from
this checkout would import this checkout's code, not the earlier one.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "real-threads"
LINE = re.compile(r"applied (\d+)/(\d+) mechanical, wrong (\d+)")
CHANGELOG_MAX = 100


def changelog_lines(out: Path) -> list[str]:
    """The "- ..." lines of the "Changes in vN:" block of every patch (not the cover letter) in OUT."""
    lines: list[str] = []
    for f in sorted(out.glob("v*-0*.patch")):
        if "-0000-cover-letter" in f.name:
            continue
        text = f.read_text(errors="replace")
        m = re.search(r"\n---\nChanges in v\d+:\n((?:- .*\n)+)", text)
        if m:
            lines += m.group(1).splitlines()
    return lines


def bad_changelog_line(line: str) -> bool:
    return ";" in line or len(line) > CHANGELOG_MAX


def cases(names: list[str]) -> list[Path]:
    found = sorted(p for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_")
                   and (p / "prepare").is_file() and (p / "check").is_file())
    return [p for p in found if not names or p.name in names]


def run_case(case: Path, work: Path, respin: str, verbose: bool) -> tuple[int, int, int, int, int]:
    dest = work / case.name
    shutil.rmtree(dest, ignore_errors=True)
    prep = subprocess.run([str(case / "prepare"), str(dest)], capture_output=True, text=True, timeout=600)
    if prep.returncode != 0:
        print(f"{case.name}: prepare failed: {(prep.stderr or prep.stdout).strip().splitlines()[-1:]}")
        return 0, 0, 0, 0, 0
    t0 = time.monotonic()
    run = subprocess.run([respin, "run", "--tree", str(dest / "tree"), "--thread", str(dest / "thread.mbox"),
                          "--out", str(dest / "out")], capture_output=True, text=True, timeout=900)
    took = time.monotonic() - t0
    counts = next((ln for ln in run.stdout.splitlines() if ln.startswith("suggestions:")), "")
    if run.returncode != 0:
        print(f"{case.name}: respin run failed: {(run.stderr or run.stdout).strip().splitlines()[-1:]}")
    check = subprocess.run([str(case / "check"), str(dest), str(dest / "out")], capture_output=True,
                           text=True, timeout=600)
    lines = check.stdout.strip().splitlines()
    last = lines[-1] if lines else f"{case.name}: check printed nothing"
    if verbose:
        for ln in lines[:-1]:
            if ln.startswith(("PASS", "FAIL", "WRONG", "info", "wrong")):
                print(f"    {ln}")
    print(f"{last}   ({took:.1f} s; {counts.removeprefix('suggestions: ')})", flush=True)
    log = changelog_lines(dest / "out")
    for line in log:
        if verbose or bad_changelog_line(line):
            print(f"    changelog{' (BAD)' if bad_changelog_line(line) else ''}: {line}")
    m = LINE.search(last)
    scores = (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else (0, 0, 0)
    return (*scores, len(log), sum(1 for line in log if bad_changelog_line(line)))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", metavar="CASE")
    ap.add_argument("--keep", help="work directory to keep (default: a temporary one)")
    ap.add_argument("--respin", default=str(ROOT / ".venv" / "bin" / "respin"))
    ap.add_argument("-v", action="store_true", dest="verbose")
    a = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"real_threads: no corpus at {CORPUS} (this clone has no ../shared)", file=sys.stderr)
        return 2
    work = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="real-threads-"))
    work.mkdir(parents=True, exist_ok=True)
    total = [0, 0, 0, 0, 0]
    t0 = time.monotonic()
    try:
        for case in cases(a.names):
            for i, n in enumerate(run_case(case, work, a.respin, a.verbose)):
                total[i] += n
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"real threads: applied {total[0]}/{total[1]} mechanical, wrong {total[2]}"
          f"   ({time.monotonic() - t0:.0f} s in all)")
    print(f"changelog: {total[3]} lines, {total[4]} with a \";\" or over {CHANGELOG_MAX} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
