"""The author answers once, below a second quoted comment, about the first one ("I'd rather keep
readl() here" under a quote about the mask): the answer names what the first comment is about and
nothing of the second, so it is the first comment's answer; the second stays unanswered."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Response, Status
from tests.unit import reading_threads as T

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

RELAXED = "Use readl_relaxed() here."
MASK = "Please add a define for the 0xff mask."


def _thread(tmp_path, answer: str):
    review = T.Mail("rv1@example.cz", "", T.REVIEWER,
                    f"On Tue, Ines Haugen wrote:\n{T.READ}\n\n{RELAXED}\n\n{T.RETURN}\n\n{MASK}\n\nTomas")
    reply = T.Mail("an1@example.no", "rv1@example.cz", T.AUTHOR,
                   f"On Fri, Tomas Kral wrote:\n> On Tue, Ines Haugen wrote:\n>{T.READ}\n>\n> {RELAXED}\n>\n"
                   f">{T.RETURN}\n>\n> {MASK}\n\n{answer}\n\nInes")
    tree, mbox = T.series(tmp_path, [review, reply])
    return tree, T.run(tmp_path, tree, mbox)


def test_an_answer_below_the_second_quote_about_the_first(tmp_path):
    answer = "I'd rather keep readl() here, the write before it must land first."
    tree, result = _thread(tmp_path, answer)
    first, second = result.suggestions
    assert (first.comment, first.response, first.status) == (RELAXED, Response.DECLINED, Status.SKIPPED)
    assert first.response_text == answer
    assert (second.comment, second.response) == (MASK, Response.NONE)
    assert "readl(priv->base + 0x08)" in T.file_at(tree, result.branch)


def test_an_answer_that_names_nothing_stays_with_the_last(tmp_path):
    tree, result = _thread(tmp_path, "I'd rather keep it, it is used once.")
    first, second = result.suggestions
    assert (first.comment, first.response, first.status) == (RELAXED, Response.NONE, Status.APPLIED)
    assert (second.comment, second.response) == (MASK, Response.DECLINED)


def _draft(comment: str, quote: list[str], seg: int, answer: str = ""):
    from patches.drafts import Draft
    from patches.model import Person
    from patches.voices import Quote
    return Draft(1, Person(*T.REVIEWER), comment, [], Quote(quote, False), answer,
                 Response.DECLINED if answer else Response.NONE, "code", message_id="an1@example.no", seg=seg)


def test_an_answer_at_the_end_of_a_later_round_stays_where_it_is():
    """Under comments that quote earlier rounds (the author's answers, the reviewer's replies), the answer
    at the end speaks of the whole discussion: it is not moved to the comment that names what it names."""
    from patches.drafts import answered_above
    rounds = ["On Fri, Tomas Kral wrote:", "On Tue, Ines Haugen wrote:"]
    first = _draft("So every case now returns VLX3_REV_MASK bits only.", rounds + ["+\tval = readl(p);"], 1)
    last = _draft("Early returns are what the rest of the driver does.", ["+\treturn val;"], 2,
                  answer="Ok, every case returns VLX3_REV_MASK bits and the last return goes.")
    answered_above([first, last])
    assert (first.response, last.response) == (Response.NONE, Response.DECLINED)
