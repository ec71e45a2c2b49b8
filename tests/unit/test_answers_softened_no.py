"""A "no" with a softener in front of it ("Sorry, but no.", "Well, no.", "I'm afraid not.") refuses the
request as a plain "No." does; "Oh no, I missed that" and "No, you're right" do not."""
from __future__ import annotations

import shutil

import pytest

from patches.answers import classify_response
from patches.model import Response, Status
from tests.unit import reading_threads as T

COMMENT = "Use readl_relaxed() here."


@pytest.mark.parametrize("answer", ["Sorry, but no.", "Well, no.", "I'm afraid not.", "Sorry, no.",
                                    "Unfortunately not, the barrier is needed.", "Hmm, no; the order matters."])
def test_a_softened_no_declines(answer):
    assert classify_response(answer, COMMENT) is Response.DECLINED


@pytest.mark.parametrize("answer", ["Oh no, I missed that. Will fix.", "Hmm, no, you are right, will fix.",
                                    "Well, no problem, will fix.", "Sorry, will fix."])
def test_a_no_that_refuses_nothing_still_agrees(answer):
    assert classify_response(answer, COMMENT) is Response.ACCEPTED


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_the_request_refused_so_is_not_made(tmp_path):
    tree, mbox = T.series(tmp_path, [T.review(COMMENT), T.answer(COMMENT, "Sorry, but no.")])
    result = T.run(tmp_path, tree, mbox)
    assert [(s.id, s.status, s.reason) for s in result.suggestions] == [
        ("1.1", Status.SKIPPED, 'declined by the author: "Sorry, but no."')]
    assert T.file_at(tree, result.branch) == T.PATCH2


@pytest.mark.parametrize("answer, want", [
    ("Meh.", Response.DECLINED),
    ("Not for now.", Response.DEFERRED),
    ("Ok, but not right now.", Response.DEFERRED),
    ("Good point, but the barrier is needed here.", Response.DECLINED),
    ("Good point, but a check is needed too, will add it.", Response.ACCEPTED),
])
def test_a_shrug_a_not_now_and_a_but_it_is_needed(answer, want):
    assert classify_response(answer, COMMENT) is want
