"""The author's later word on a request: an answer in a later mail that changes the author's mind ("Actually
no, I'll keep readl()." under the author's own quoted "Will do.") replaces the earlier one, and another
reviewer's argument against a request the author had agreed to leaves it to the author until the author
answers it: agreeing with the argument, or keeping the code, declines the request; naming the first
reviewer's side keeps it."""
from __future__ import annotations

import shutil

import pytest

from patches.answers import classify_response
from patches.model import Response, Status
from tests.unit import reading_threads as T

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

RELAXED = "Use readl_relaxed() here."
OBJECTION = "Please don't, the read must not pass the reset write."
MADE = "\tval = readl_relaxed(priv->base + 0x08);\n"


def _quote(body: str) -> str:
    return "\n".join(">" + ("" if ln.startswith(">") or not ln else " ") + ln for ln in body.splitlines())


REVIEWED = T.review(RELAXED).body.rsplit("\n\n", 1)[0]      # the review without its signature
AGREED = f"On Fri, Tomas Kral wrote:\n{_quote(REVIEWED)}\n\nWill do.\n\nInes"


def _outcome(tmp_path, mails):
    agreed = T.Mail("an1@example.no", "rv1@example.cz", T.AUTHOR, AGREED)
    tree, mbox = T.series(tmp_path, [T.review(RELAXED), agreed, *mails])
    result = T.run(tmp_path, tree, mbox)
    return [(s.id, s.status, s.reason) for s in result.suggestions], T.file_at(tree, f"{result.branch}~1")


def test_the_authors_later_answer_replaces_the_earlier_one(tmp_path):
    later = "Actually no, I'll keep readl(): the reset write must land first."
    body = f"On Sat, Ines Haugen wrote:\n{_quote(AGREED.rsplit(chr(10) + chr(10), 1)[0])}\n\n{later}\n\nInes"
    got, text = _outcome(tmp_path, [T.Mail("an2@example.no", "an1@example.no", T.AUTHOR, body)])
    assert got == [("1.1", Status.SKIPPED, f'declined by the author: "{later}"')]
    assert text == T.PATCH1


def _objection() -> T.Mail:
    return T.Mail("ob1@example.se", "an1@example.no", T.OTHER,
                  f"On Sat, Ines Haugen wrote:\n{_quote(AGREED.rsplit(chr(10) + chr(10), 1)[0])}\n\n{OBJECTION}\n\nAda")


def _answer_to_objection(text: str) -> T.Mail:
    return T.Mail("an2@example.no", "ob1@example.se", T.AUTHOR,
                  f"On Sun, Ada Lindgren wrote:\n{_quote(_objection().body.rsplit(chr(10) + chr(10), 1)[0])}\n\n"
                  f"{text}\n\nInes")


def test_an_argument_after_the_author_agreed_leaves_the_request_to_the_author(tmp_path):
    got, text = _outcome(tmp_path, [_objection()])
    assert got[0] == ("1.1", Status.MANUAL, f'Ada Lindgren argued against it after the author agreed ("{OBJECTION}") '
                      "and the thread did not settle it: make it by hand if you want it")
    assert text == T.PATCH1


@pytest.mark.parametrize("answer", ["Good point, agreed.", "Good point, I'll keep readl() then.",
                                    "Agreed with Ada, I will leave it as it is."])
def test_the_author_agreeing_with_the_argument_declines_the_request(tmp_path, answer):
    got, text = _outcome(tmp_path, [_objection(), _answer_to_objection(answer)])
    assert got[0] == ("1.1", Status.SKIPPED, f'declined by the author: "{answer}"')
    assert text == T.PATCH1


def test_the_author_siding_with_the_first_reviewer_keeps_the_request(tmp_path):
    got, text = _outcome(tmp_path, [_objection(), _answer_to_objection("I think Tomas is right, the reset is "
                                                                         "done by then. Will switch.")])
    assert got[0] == ("1.1", Status.APPLIED, "")
    assert MADE in text


@pytest.mark.parametrize("answer, want", [
    ("Good point, I'll keep readl() then.", Response.DECLINED),
    ("I'll keep using readl().", Response.DECLINED),
    ("Ok, will switch to readl_relaxed() but keep writel().", Response.ACCEPTED),
])
def test_keeping_a_call_of_the_code_declines(answer, want):
    assert classify_response(answer, RELAXED) is want


def test_keeping_the_code_against_an_argument_for_another_change_keeps_the_request(tmp_path):
    """Ada argues for a different change (drop the read); the author keeping the code answers her, not the
    request the author had agreed to."""
    other = "I would rather drop the read altogether and cache the revision at probe."
    agreed = _quote(AGREED.rsplit("\n\n", 1)[0])
    objection = T.Mail("ob1@example.se", "an1@example.no", T.OTHER,
                       f"On Sat, Ines Haugen wrote:\n{agreed}\n\n{other}\n\nAda")
    answer = T.Mail("an2@example.no", "ob1@example.se", T.AUTHOR,
                    f"On Sun, Ada Lindgren wrote:\n{_quote(objection.body.rsplit(chr(10) + chr(10), 1)[0])}\n\n"
                    "I'd rather keep the read: the revision register changes after a firmware update.\n\nInes")
    got, text = _outcome(tmp_path, [objection, answer])
    assert got[0] == ("1.1", Status.APPLIED, "")
    assert MADE in text
