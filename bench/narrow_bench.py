#!/usr/bin/env python3
"""spatch on the functions a rule names (cocci/narrow.py) against spatch on the whole file, on real code.

Run by hand (not part of the tests), on a tree made by ../shared/kernel-fixture/build:

    .venv/bin/python bench/narrow_bench.py --tree /tmp/fxfull/tree [--files 300] [--seed 11]

Picks --files random C files and headers of the tree's HEAD (mm, kernel, fs, drivers, include/linux, net,
arch/x86), up to three functions of each, and in each function a call; the rule (one of --shapes, at random)
renames that call inside that function only, as a generated rename-call rule does ("rename"), renames the
one on that line through a Python line pin ("pinned"), or adds a comment above the statement on that line
("comment").  Each rule runs with spatch on the whole
file and on the narrowed file (then put back together); prints every case whose results differ (there
should be none), the cases narrowing left to the whole file, and the median times of both runs.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cocci import narrow, spatch  # noqa: E402
from patches.ctext import COMPILER_KEYWORDS, KEYWORDS, functions, mask  # noqa: E402

NOT_CALLS = KEYWORDS | COMPILER_KEYWORDS
PATTERNS = ["mm/*.c", "kernel/*.c", "fs/*.c", "drivers/*.c", "include/linux/*.h", "net/*.c", "arch/x86/*.c"]


def rule(function: str, call: str, line: int, shape: str) -> str:
    """A rule on FUNCTION: rename CALL (shape "rename"), the same on LINE only, through a Python line pin
    ("pinned"), or a comment added above the statement on LINE ("comment", pinned the same way)."""
    pin = f'position p : script:python() {{ p[0].line == "{line}" }};\n'
    if shape == "rename":
        return (f"@r@\nidentifier fn = {function};\nexpression list es;\n@@\n\nfn(...) {{\n<...\n- {call}(es)\n"
                f"+ {call}_x(es)\n...>\n}}\n")
    if shape == "pinned":
        return (f"@r@\nidentifier fn = {function};\nexpression list es;\n{pin}@@\n\nfn(...) {{\n<...\n"
                f"- {call}@p(es)\n+ {call}_x(es)\n...>\n}}\n")
    return (f"@r@\nidentifier fn = {function};\nstatement S;\n{pin}@@\n\nfn(...) {{\n<...\n"
            f"+ /* checked above */\n S@p\n...>\n}}\n")


def timed(sp: Path, target: Path, text: str) -> tuple[str | None, float]:
    target.write_text(text)
    t0 = time.perf_counter()
    try:
        spatch.apply(sp, [target])
    except spatch.SpatchError:
        return None, time.perf_counter() - t0
    return target.read_text(), time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tree", type=Path, required=True)
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--shapes", nargs="+", default=["rename"], choices=["rename", "pinned", "comment"])
    a = ap.parse_args()
    files = subprocess.run(["git", "-C", str(a.tree), "ls-files", *PATTERNS], capture_output=True, text=True,
                           check=True).stdout.split()
    random.seed(a.seed)
    random.shuffle(files)
    work = Path(tempfile.mkdtemp(prefix="respin-narrow-bench-"))
    sp = work / "r.cocci"
    counts = {"same": 0, "of which changed": 0, "different": 0,
              "whole file (too little to leave out)": 0, "spatch failed both ways": 0}
    times: dict[str, list[float]] = {"whole": [], "narrowed": []}
    for rel in files[:a.files]:
        text = subprocess.run(["git", "-C", str(a.tree), "show", f"HEAD:{rel}"], capture_output=True, text=True,
                              errors="replace").stdout
        masked = mask(text).split("\n")
        picked = [f for f in functions(text) if f.end - f.body_start > 3]
        random.shuffle(picked)
        for f in picked[:3]:
            body = "\n".join(masked[f.body_start:f.end - 1])
            calls = [(c.group(1), f.body_start + 1 + body.count("\n", 0, c.start()))
                     for c in re.finditer(r"\b([a-z_]\w*)\s*\(", body) if c.group(1) not in NOT_CALLS]
            if not calls:
                continue
            call, line = random.choice(calls)
            shape = random.choice(a.shapes)
            sp.write_text(rule(f.name, call, line, shape))
            small = narrow.narrowed(text, {f.name})
            if small is None:
                counts["whole file (too little to leave out)"] += 1
                continue
            target = work / Path(rel).name
            whole, t_whole = timed(sp, target, text)
            result, t_small = timed(sp, target, small)
            back = narrow.widened(text, small, result) if result is not None else None
            if whole is None and result is None:
                counts["spatch failed both ways"] += 1
                continue
            times["whole"].append(t_whole)
            times["narrowed"].append(t_small)
            if back == whole:
                counts["same"] += 1
                counts["of which changed"] += whole != text
            else:
                counts["different"] += 1
                print(f"DIFFERENT: {rel} {f.name}() ({shape} {call}, line {line})", file=sys.stderr)
    print(json.dumps({"files": min(a.files, len(files)), "cases": counts,
                      "median_s": {k: round(statistics.median(v), 3) for k, v in times.items() if v},
                      "total_s": {k: round(sum(v), 1) for k, v in times.items()}}, indent=2))


if __name__ == "__main__":
    main()
