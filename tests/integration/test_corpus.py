"""The review corpus (tests/data/corpus/): for every thread, the whole pipeline on a tree of real
Linux 6.12 files with the series applied by `git am`: every suggestion found with its response and
kind, every accepted mechanical suggestion's v(N+1) hunk in the interdiff, nothing else changed, and
the trailers the reviews asked for (a conditional Reviewed-by only when the fix was applied).

An entry whose suggestions need a recipe kind the catalogue does not have yet says so in
expected.json ("xfail": the reason, naming the kind) and is a strict xfail: it fails the day it
passes unnoticed."""
from __future__ import annotations

import pytest

from tests.corpus_tree import entries, expected, run_entry


def _params():
    out = []
    for e in entries():
        why = expected(e).get("xfail", "")
        marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
        out.append(pytest.param(e, id=e.name, marks=marks))
    return out


@pytest.mark.parametrize("entry", _params())
def test_corpus_entry(entry, kernel_source, tmp_path):
    score = run_entry(entry, kernel_source, tmp_path)
    assert score.problems() == []
