#!/usr/bin/env python3
"""One rule over a whole tree commit (cocci/treewide.py): the identifier prefilter, cold and cached, and
what the remaining time goes to.

Run by hand (not part of the tests), on a fixture made by bench/full-fixture or ../shared/kernel-fixture/build:

    .venv/bin/python bench/treewide_bench.py --fixture /tmp/fxfull [--rule common|rare] [--profile] [--before]

Prints, for the rule of bench/respin_bench.py (common: pte_dirty() inside hugetlb functions; rare: a name few
files hold) on the fixture's `hugetlb` branch:
  cold      empty cache: git grep on the tree object for each name, blobs read, spatch -j 2 on the candidates
  cached    the same again (the name lists come from the cache)
  --profile spatch on each candidate alone: the files that dominate, and spatch's start-up on an empty file
  --before  `spatch --use-gitgrep -j 2 --dir` on a checkout (the earlier way; minutes on the full tree)
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from respin_bench import TREEWIDE_RULES, measure  # noqa: E402

from cocci import spatch, treewide  # noqa: E402
from patches.git import Repo  # noqa: E402


def one(rule: str, repo: Repo, work: Path, cache: Path) -> dict:
    t0 = time.perf_counter()
    out = treewide.run(rule, repo, "hugetlb", work, cache=cache, jobs=2)
    return {"wall_s": round(time.perf_counter() - t0, 2), "cached": out.cached,
            "steps_s": {k: round(v, 2) for k, v in out.seconds.items()},
            "query": [list(c) for c in out.query.clauses] or out.query.why,
            "candidates": len(out.candidates), "changed": [c.path for c in out.changes]}


def profile(rule: str, repo: Repo, work: Path, cache: Path, top: int) -> dict:
    index = treewide.Index(repo, cache)
    tree = repo.tree_of("hugetlb")
    files = index.candidates(tree, treewide.query(rule))
    src = work / "src"
    texts = treewide.read_blobs(repo, tree, files, src)
    sp = work / "rule.cocci"
    sp.write_text(rule)
    (work / "empty.c").write_text("")
    t0 = time.perf_counter()
    spatch.apply(sp, [work / "empty.c"])
    startup = time.perf_counter() - t0
    each = []
    for p in files:
        t0 = time.perf_counter()
        spatch.apply(sp, [src / p])
        each.append((time.perf_counter() - t0, p))
    each.sort(reverse=True)
    total = sum(t for t, _ in each)
    return {"spatch_startup_s": round(startup, 2), "files": len(files), "sum_s": round(total, 2),
            "top": [{"file": p, "s": round(t, 2), "lines": texts[p].count("\n"),
                     "share": f"{100 * t / total:.0f}%"} for t, p in each[:top]]}


def before(rule: str, tree: Path, work: Path) -> dict:
    sp = work / "before.cocci"
    sp.write_text(rule)
    wt = work / "wt"
    subprocess.run(["git", "clone", "-q", "--shared", "-b", "hugetlb", str(tree), str(wt)], check=True)
    wall, _ = measure(["spatch", "--very-quiet", "--use-gitgrep", "-j", "2", "--sp-file", str(sp), "--dir", str(wt)],
                      cwd=wt)
    return {"gitgrep_j2_s": round(wall, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fixture", type=Path, required=True)
    ap.add_argument("--rule", choices=sorted(TREEWIDE_RULES), default="common")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--top", type=int, default=8)
    ap.add_argument("--before", action="store_true")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    rule = TREEWIDE_RULES[a.rule]
    repo = Repo(a.fixture / "tree")
    result: dict = {"rule": a.rule, "load": round(os.getloadavg()[0], 1),
                    "files": len(treewide.Index(repo, None).all_files(repo.tree_of("hugetlb")))}
    with tempfile.TemporaryDirectory(prefix="respin-treewide-") as tmp:
        cache = Path(tmp) / "cache"
        result["cold"] = one(rule, repo, Path(tmp) / "a", cache)
        result["cached"] = one(rule, repo, Path(tmp) / "b", cache)
        if a.profile:
            result["profile"] = profile(rule, repo, Path(tmp) / "p", cache, a.top)
        if a.before:
            result["before"] = before(rule, a.fixture / "tree", Path(tmp))
    print(json.dumps(result, indent=2))
    if a.json:
        a.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
