"""The review corpus figure: respin on every thread of tests/data/corpus/.

    .venv/bin/python bench/review_corpus.py [-v] [ENTRY ...]

Per entry and in total: suggestions found (of expected), correct responses, accepted mechanical
suggestions applied correctly (of expected), wrong edits (changed lines no expected hunk explains,
plus suggestions applied that should not be), manual.  -v lists each entry's problems.
Needs the extracted Linux 6.12 sources (the integration tests' kernel_source fixture makes them).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.corpus_tree import Score, entries, expected, run_entry, source_reader  # noqa: E402


def row(sc: Score) -> tuple[int, ...]:
    exp = len(sc.outcomes)
    found = sum(o.found for o in sc.outcomes)
    resp = sum(o.response_ok for o in sc.outcomes)
    mech = sum(o.mechanical for o in sc.outcomes)
    ok = sum(o.mechanical and o.applied_ok for o in sc.outcomes)
    wrong = len(sc.wrong_lines) + len(sc.wrong_applied)
    return exp, found, resp, mech, ok, wrong, sc.manual


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    names = [a for a in argv if not a.startswith("-")]
    read = source_reader()
    rows = []
    head = f"{'entry':40} {'found':>9} {'response':>9} {'applied':>9} {'wrong':>6} {'manual':>6}"
    print(head)
    print("-" * len(head))
    for e in entries():
        if names and not any(n in e.name for n in names):
            continue
        try:
            sc = run_entry(e, read)
        except Exception as ex:  # a crash is a finding of the figure, not a reason to stop
            print(f"{e.name:40} ERROR {type(ex).__name__}: {ex}")
            continue
        r = row(sc)
        rows.append(r)
        xf = " (xfail: " + expected(e)["xfail"] + ")" if expected(e).get("xfail") else ""
        print(f"{e.name:40} {r[1]:>4}/{r[0]:<4} {r[2]:>4}/{r[0]:<4} {r[4]:>4}/{r[3]:<4} {r[5]:>6} {r[6]:>6}{xf}")
        if verbose:
            for p in sc.problems():
                print(f"    {p}")
    t = [sum(c) for c in zip(*rows, strict=True)] if rows else [0] * 7
    print("-" * len(head))
    print(f"{'total (' + str(len(rows)) + ' threads)':40} {t[1]:>4}/{t[0]:<4} {t[2]:>4}/{t[0]:<4} "
          f"{t[4]:>4}/{t[3]:<4} {t[5]:>6} {t[6]:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
