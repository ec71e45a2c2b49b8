"""The review corpus (tests/data/corpus/): for every thread, the whole pipeline on a tree of real
Linux 6.12 files with the series applied by `git am`: every suggestion found with its response and
kind, every accepted mechanical suggestion's v(N+1) hunk in the interdiff, nothing else changed, and
the trailers the reviews asked for (a conditional Reviewed-by only when the fix was applied).

An entry whose accepted suggestions need a recipe kind the catalogue does not have yet is a strict
xfail naming the kind (or an entry whose expected.json says "xfail": why): it fails the day it
passes unnoticed."""
from __future__ import annotations

import pytest

from cocci.recipes import CATALOGUE
from tests.corpus_tree import MECHANICAL, SERIES_EDITS, entries, expected, run_entry


def missing_kinds(entry) -> list[str]:
    have = {r.kind for r in CATALOGUE}
    return sorted({s["kind"] for s in expected(entry)["suggestions"]
                   if s["response"] == "accepted" and s.get("kind") in MECHANICAL - SERIES_EDITS
                   and s["kind"] not in have})


def _params():
    out = []
    for e in entries():
        missing = missing_kinds(e)
        why = expected(e).get("xfail", "") or (f"no recipe for {', '.join(missing)} yet" if missing else "")
        marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
        out.append(pytest.param(e, id=e.name, marks=marks))
    return out


@pytest.mark.parametrize("entry", _params())
def test_corpus_entry(entry, kernel_source, tmp_path):
    score = run_entry(entry, kernel_source, tmp_path)
    assert score.problems() == []
