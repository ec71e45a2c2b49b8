"""The seed's rules on the real mm/rmap.c: shared spatch passes make exactly the edits, rule texts and
report of running the rules one by one, with fewer spatch runs."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.respin import RespinRequest, ThreadInput, _plan, parent_files, patch_files, read
from cocci import apply as apply_mod

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def _apply(fixture: Path, work: Path, one_pass: bool):
    req = RespinRequest(tree=fixture / "tree", out=work / "out",
                        threads=[ThreadInput("thread.mbox", (fixture / "thread.mbox").read_bytes())])
    repo, review = read(req)
    files = {p.number: patch_files(repo, p) for p in review.series.patches}
    base = {p.number: parent_files(repo, p) for p in review.series.patches}
    planned, rules, _ = _plan(req, review, files, base)
    ids = {s.id for s in review.suggestions if s.patch == 2}
    texts, edits = apply_mod.apply([r for r in rules if r.suggestion_id in ids],
                                   [p for p in planned if p.suggestion.id in ids], files[2], work, one_pass=one_pass)
    report = [(s.id, s.status, s.reason, s.rule) for s in review.suggestions]
    return texts, [(e.rule.name, e.status, e.reason, e.diff, e.rule.text) for e in edits], report


def test_shared_passes_make_the_same_edits_and_report(kernel_fixture, tmp_path):
    alone = _apply(kernel_fixture, tmp_path / "alone", one_pass=False)
    shared = _apply(kernel_fixture, tmp_path / "shared", one_pass=True)
    assert shared[0] == alone[0]
    assert [e[0] for e in shared[1]] == [e[0] for e in alone[1]]
    for mine, theirs in zip(shared[1], alone[1], strict=True):
        assert mine == theirs, mine[0]
    assert shared[2] == alone[2]
    assert sum(1 for e in alone[1] if e[1].value == "applied") >= 12
    spatch_rules = [e for e in alone[1] if not e[0].startswith(("07-", "09-", "10-"))]
    ran_alone = sorted(p.name for p in (tmp_path / "alone" / "fast" / "rules").iterdir())
    ran_shared = sorted(p.name for p in (tmp_path / "shared" / "fast" / "rules").iterdir())
    assert len(ran_alone) == len(spatch_rules)               # one spatch run per rule
    assert any(n.startswith("one-pass-") for n in ran_shared)
    assert len(ran_shared) <= len(ran_alone) - 7             # 5 runs instead of 12
    # rule 02's pin (VM_WARN_ON, also on lines it must not change) is loosened in its pass, and rule 12's
    # pinned statement is written as its code: no pass starts Python
    shared_dir = tmp_path / "shared" / "fast" / "rules"
    assert sum("script:python" in (shared_dir / n).read_text() for n in ran_shared) == 0
