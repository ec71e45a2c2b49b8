"""An answer that only says "Same here." / "Ditto." / "Same as above." under a comment answers it as the
answer before it in the same mail: a refusal above makes it a refusal, an agreement an agreement."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit import reading_threads as T

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

RELAXED = "Use readl_relaxed() here."
RENAME = "Please rename val to reg."
REVIEW = f"On Tue, Ines Haugen wrote:\n{T.READ}\n\n{RELAXED}\n\n{T.RETURN}\n\n{RENAME}\n\nTomas"


def _answered(first: str, second: str) -> T.Mail:
    """The author's answer to the review: FIRST under the readl_relaxed() request, SECOND under the rename."""
    return T.Mail("an1@example.no", "rv1@example.cz", T.AUTHOR,
                  f"On Fri, Tomas Kral wrote:\n> On Tue, Ines Haugen wrote:\n>{T.READ}\n>\n> {RELAXED}\n\n{first}\n\n"
                  f">{T.RETURN}\n>\n> {RENAME}\n\n{second}\n\nInes")


@pytest.mark.parametrize("same", ["Same here.", "Ditto.", "Same as above.", "Same answer as above.", "Same."])
def test_same_as_a_refusal_declines(tmp_path, same):
    first = "No, the barrier is needed after the reset write."
    tree, mbox = T.series(tmp_path, [T.Mail("rv1@example.cz", "", T.REVIEWER, REVIEW), _answered(first, same)])
    result = T.run(tmp_path, tree, mbox)
    assert [(s.id, s.status, s.reason) for s in result.suggestions] == [
        ("1.1", Status.SKIPPED, f'declined by the author: "{first}"'),
        ("1.2", Status.SKIPPED, f'declined by the author: "{same} ({first})"')]
    assert T.file_at(tree, f"{result.branch}~1") == T.PATCH1


def test_same_as_an_agreement_accepts(tmp_path):
    tree, mbox = T.series(tmp_path, [T.Mail("rv1@example.cz", "", T.REVIEWER, REVIEW),
                                     _answered("Will do.", "Same answer as above.")])
    result = T.run(tmp_path, tree, mbox)
    assert [(s.id, s.status, s.response.value) for s in result.suggestions] == [
        ("1.1", Status.APPLIED, "accepted"), ("1.2", Status.APPLIED, "accepted")]
    assert "\treg = readl_relaxed(priv->base + 0x08);\n\treturn reg & 0xff;\n" in \
        T.file_at(tree, f"{result.branch}~1")
