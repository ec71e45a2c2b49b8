"""A request another reviewer argues against, and points answered by their numbers: who has the last word.

Reviewer A asks for a change, reviewer B answers A's comment with a case against it: while the author has
not answered, the request is left to the author (manual, B's words in the reason); a later reply that
names a side settles it ("Let's go with Tomas' suggestion" / "Ada is right, leave it as is"); the
author's own answer settles it too.  Numbered points written one under the other and answered the same
way ("1) Done. 2) I'd rather keep it.") each get their own answer.  A paragraph that opens on the
request before it ("With that, ...") is part of that request, not a request of its own."""
from __future__ import annotations

import shutil

import pytest

from patches.contested import OBJECTION, POINT, objection, side
from patches.model import Person, Response, Status
from tests.unit import reading_threads as T

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

RELAXED = "Use readl_relaxed() here."
MAINTAINER = ("Wim Dekker", "wim.dekker@example.nl")
OBJECTING = "I'd keep readl() as it is, the ordering after the reset write matters."


def _objection() -> T.Mail:
    return T.Mail("rv2@example.se", "rv1@example.cz", T.OTHER,
                  f"On Fri, Tomas Kral wrote:\n> On Tue, Ines Haugen wrote:\n>{T.READ}\n>\n> {RELAXED}\n\n"
                  f"{OBJECTING}\n\nAda")


def _decision(words: str) -> T.Mail:
    return T.Mail("mt1@example.nl", "rv2@example.se", MAINTAINER,
                  f"On Sat, Ada Lindgren wrote:\n> On Fri, Tomas Kral wrote:\n> > On Tue, Ines Haugen wrote:\n"
                  f"> >{T.READ}\n> >\n> > {RELAXED}\n>\n> {OBJECTING}\n\n{words}\n\nWim")


def _outcome(tmp_path, mails):
    tree, mbox = T.series(tmp_path, mails)
    result = T.run(tmp_path, tree, mbox)
    return tree, result, {s.comment.strip(): s for s in result.suggestions}


def test_a_request_another_reviewer_argues_against_is_left_to_the_author(tmp_path):
    tree, result, got = _outcome(tmp_path, [T.review(RELAXED), _objection()])
    s = got[RELAXED]
    assert (s.kind, s.status) == ("manual", Status.MANUAL)
    assert s.reason == (f'Ada Lindgren argued against it ("{OBJECTING}") and the thread did not settle it: '
                        "make it by hand if you want it")
    assert T.file_at(tree, result.branch) == T.PATCH2


def test_a_later_reply_that_takes_the_requests_side_settles_it(tmp_path):
    tree, result, got = _outcome(tmp_path, [T.review(RELAXED), _objection(),
                                            _decision("Let's go with Tomas' suggestion, the barrier is not needed.")])
    assert (got[RELAXED].kind, got[RELAXED].status, got[RELAXED].reason) == ("rename-call", Status.APPLIED, "")
    assert "\tval = readl_relaxed(priv->base + 0x08);\n" in T.file_at(tree, f"{result.branch}~1")


def test_a_later_reply_that_takes_the_objections_side_sets_it_aside(tmp_path):
    tree, result, got = _outcome(tmp_path, [T.review(RELAXED), _objection(),
                                            _decision("Ada is right here, leave it as is.")])
    s = got[RELAXED]
    assert (s.kind, s.status) == ("withdrawn", Status.SKIPPED)
    assert s.reason == ('Ada Lindgren argued against it and Wim Dekker agreed ("Ada is right here, leave it '
                        'as is.")')
    assert T.file_at(tree, result.branch) == T.PATCH2


def test_the_authors_answer_settles_it(tmp_path):
    tree, result, got = _outcome(tmp_path, [T.review(RELAXED), _objection(),
                                            T.answer(RELAXED, "Will do, the reset write is posted already.")])
    assert (got[RELAXED].status, got[RELAXED].response) == (Status.APPLIED, Response.ACCEPTED)
    assert "\tval = readl_relaxed(priv->base + 0x08);\n" in T.file_at(tree, f"{result.branch}~1")


@pytest.mark.parametrize("words, wanted", [
    ("I'd keep it as is.", True),
    ("readl() is fine here, the barrier is wanted.", True),
    ("I disagree, the ordering matters.", True),
    ("Agreed, it is not needed.", False),           # agrees with a request to drop something
    ("Also the mask below looks odd to me.", False),
])
def test_what_argues_against_another_reviewers_request(words, wanted):
    assert objection(words) is wanted


@pytest.mark.parametrize("words, wanted", [
    ("Let's go with Tomas' suggestion.", POINT),
    ("Agree with Ada, keep it.", OBJECTION),
    ("I don't agree with Ada here.", POINT),
    ("Leave it as it is, please.", OBJECTION),
    ("Hm, not sure.", ""),
])
def test_which_side_a_later_reply_takes(words, wanted):
    assert side(words, Person("Tomas Kral"), Person("Ada Lindgren")) == wanted


def test_numbered_points_answered_by_their_numbers(tmp_path):
    review = T.Mail("rv1@example.cz", "", T.REVIEWER,
                    f"On Tue, Ines Haugen wrote:\n{T.READ}\n\n1) {RELAXED}\n\n{T.RETURN}\n\n"
                    "2) Please return u8 here, the mask says it is a byte.\n\nTomas")
    answer = T.Mail("an1@example.no", "rv1@example.cz", T.AUTHOR,
                    f"On Fri, Tomas Kral wrote:\n> 1) {RELAXED}\n> 2) Please return u8 here, the mask says it "
                    "is a byte.\n\n1) Done.\n2) I'd rather keep int, the callers print it with %d.\n\nInes")
    tree, result, got = _outcome(tmp_path, [review, answer])
    first = got[f"1) {RELAXED}"]
    second = got["2) Please return u8 here, the mask says it is a byte."]
    assert (first.status, first.response, first.response_text) == (Status.APPLIED, Response.ACCEPTED, "Done.")
    assert (second.status, second.response) == (Status.SKIPPED, Response.DECLINED)
    assert second.reason == "declined by the author: \"I'd rather keep int, the callers print it with %d.\""


def test_a_paragraph_that_opens_on_the_request_before_it_is_part_of_it(tmp_path):
    tree, result, got = _outcome(tmp_path, [T.review(f"{RELAXED}\n\nWith that, the barrier below can go.")])
    assert list(got) == [f"{RELAXED}\nWith that, the barrier below can go."]


def test_an_answer_that_takes_up_the_first_request_and_keeps_the_second_answers_each(tmp_path):
    """Two requests under one quote, answered "X, but Y": the part before the "but" answers the first, the
    part after it the second."""
    comment = f"{RELAXED}\n\nAlso, please drop the mask, the register is 8 bits wide."
    answer = "Will switch to readl_relaxed(), but I'd rather keep the mask: the upper bits are reserved."
    tree, result, got = _outcome(tmp_path, [T.review(comment), T.answer(comment, answer)])
    first, second = got[RELAXED], got["Also, please drop the mask, the register is 8 bits wide."]
    assert (first.status, first.response, first.response_text) == (
        Status.APPLIED, Response.ACCEPTED, "Will switch to readl_relaxed()")
    assert (second.status, second.response) == (Status.SKIPPED, Response.DECLINED)
    assert second.reason == 'declined by the author: "I\'d rather keep the mask: the upper bits are reserved."'
    assert "\treturn val & 0xff;\n" in T.file_at(tree, f"{result.branch}~1")
