"""An answer that takes up one of two requests and keeps the other around a "but" speaks of them in
the order its words say, not always in the comment's order: "Will rename it, but I'd keep readl()"
to "Use readl_relaxed(). Also rename val." keeps readl() and renames."""
from __future__ import annotations

import shutil

import pytest

from patches.answers import by_turn
from patches.model import Status
from tests.unit import reading_threads as T

COMMENTS = ["Use readl_relaxed() here.", "Also, please rename val to reg."]


@pytest.mark.parametrize("answer, want", [
    ("Will rename, but I'd keep readl(), the ordering matters.",
     ["I'd keep readl(), the ordering matters.", "Will rename"]),
    ("Will switch to readl_relaxed(), but I'd rather keep val.",
     ["Will switch to readl_relaxed()", "I'd rather keep val."]),
    ("Ok for the first, but I'd rather not rename.", ["Ok for the first", "I'd rather not rename."]),
    # the words point both ways: nothing is told apart
    ("Will rename the readl_relaxed() call, but I'd keep the reg.", None),
])
def test_the_halves_of_the_answer_go_to_the_request_they_name(answer, want):
    assert by_turn(answer, COMMENTS) == want


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_the_request_kept_is_not_made_and_the_one_taken_up_is(tmp_path):
    comment = " ".join(COMMENTS)
    answer = "Will rename, but I'd keep readl(), the ordering matters."
    tree, mbox = T.series(tmp_path, [T.review(comment), T.answer(comment, answer)])
    result = T.run(tmp_path, tree, mbox)
    assert [(s.id, s.status, s.reason) for s in result.suggestions] == [
        ("1.1", Status.SKIPPED, "declined by the author: \"I'd keep readl(), the ordering matters.\""),
        ("1.2", Status.APPLIED, "")]
    assert "\treg = readl(priv->base + 0x08);\n\treturn reg & 0xff;\n" in T.file_at(tree, f"{result.branch}~1")
