"""An answer that names the requests of one quoted block by their order ("Will fix the first, but the
second is intended") answers each of them on its own: before, the whole answer went to the request
whose words it shared (the declined one was taken as accepted, the accepted one left unanswered)."""
from __future__ import annotations

import pytest

from patches.answers import by_ordinal
from patches.drafts import drafts_from_chunk
from patches.model import Message, Person, Response, Subject
from patches.voices import Chunk

AUTHOR = Person("Ada Kern", "ada@example.net")
REVIEWER = Person("Bo Lind", "bo@example.net")
MSG = Message("a1@example.net", Subject("", "x", ("PATCH",), 1, 1, 1), AUTHOR, None, "")


@pytest.mark.parametrize("answer, want", [
    ("Will fix the first, but the second is intended: the helper returns a register code.",
     ["Will fix the first", "but the second is intended: the helper returns a register code."]),
    ("The former makes sense, I will change it. The latter I would rather keep.",
     ["The former makes sense, I will change it", "The latter I would rather keep."]),
    ("Sure for the first one; the second one is on purpose.",
     ["Sure for the first one", "the second one is on purpose."]),
])
def test_an_answer_naming_requests_by_order_is_split_per_request(answer, want):
    assert by_ordinal(answer, 2) == want


@pytest.mark.parametrize("answer, count", [
    ("I will swap the first and the second argument.", 2),   # one clause about both
    ("Will drop the first argument.", 2),                     # an ordinal of the code, not of the requests
    ("Will fix the first, the third is intended.", 2),        # names a request that is not there
    ("Will fix the first.", 2),                               # names one only
])
def test_what_is_not_an_answer_by_order(answer, count):
    assert by_ordinal(answer, count) is None


@pytest.mark.parametrize("first, second, answer", [
    ("The dev argument is never used in here, please drop it.",
     "And the name reads as if it returned bits; how about qx_width_code()?",
     "Will fix the first, but the second is intended: it returns one of the QX_LEN_* codes."),
    ("Please move the lock into the helper.",
     "Also, the counter should be unsigned int.",
     "The latter I would rather keep signed, it is compared with error codes. The former makes sense, will do."),
])
def test_each_quoted_request_gets_the_part_of_the_answer_about_it(first, second, answer):
    chunk = Chunk(None, [[first], [second]], [answer])
    drafts, _ = drafts_from_chunk(chunk, REVIEWER, MSG, 1)
    got = [(d.comment, d.response) for d in drafts]
    assert got == [(first, Response.ACCEPTED), (second, Response.DECLINED)]


@pytest.mark.parametrize("answer, want", [
    ("The first is not needed indeed, will drop it. The second, no: it is compared with -1.",
     [Response.ACCEPTED, Response.DECLINED]),
    ("Will fix the first. Same for the second.", [Response.ACCEPTED, Response.ACCEPTED]),
    ("The first I'd rather keep, the second too.", [Response.DECLINED, Response.DECLINED]),
])
def test_not_needed_of_what_is_dropped_and_same_for_the_other_take_the_request_up(answer, want):
    """Before: "not needed ..., will drop it" declined the request to drop the argument, and "Same for
    the second." was read as an argument against the second request (declined) or as no answer."""
    chunk = Chunk(None, [["The dev argument is never used in here, please drop it."],
                         ["Also, the counter should be unsigned int."]], [answer])
    drafts, _ = drafts_from_chunk(chunk, REVIEWER, MSG, 1)
    assert [d.response for d in drafts] == want


def test_not_needed_answering_a_request_to_add_something_still_declines():
    from patches.answers import classify_response
    assert classify_response("The lock is not needed here, I will drop the comment instead.",
                             "Please take the lock around the update.") == Response.DECLINED


def _drafts(answer: str, second: str) -> list:
    from patches.drafts import Draft
    first = Draft(1, REVIEWER, "Reverse christmas tree please.", [], None, answer, Response.DECLINED, "code",
                  message_id="r1@example.net", seg=1)
    nxt = Draft(1, REVIEWER, second, [], None, "", Response.NONE, "code", message_id="r1@example.net", seg=2)
    return [first, nxt]


def test_a_but_under_one_request_that_keeps_what_the_next_one_asks_away_answers_both():
    """The author cut the next request from the answer and kept it in the "but" under the first: before,
    the first was read as declined and the second, unanswered, was applied against the author's word."""
    from patches.withdrawn import kept_below
    drafts = _drafts("Will rework the declarations, but I'd rather keep the comment.",
                     "Not a useful comment, drop it.")
    kept_below(drafts)
    assert [(d.response, d.response_text) for d in drafts] == [
        (Response.ACCEPTED, "Will rework the declarations"), (Response.DECLINED, "I'd rather keep the comment.")]


@pytest.mark.parametrize("answer, second", [
    ("Will rework it, but I'd rather keep the tree order of the locals.", "Not a useful comment, drop it."),
    ("Will rework the declarations, but I'd rather keep the comment.", "Please use dev_err_probe() here."),
])
def test_a_but_about_neither_the_next_request_nor_another_changes_nothing(answer, second):
    from patches.withdrawn import kept_below
    drafts = _drafts(answer, second)
    kept_below(drafts)
    assert [d.response for d in drafts] == [Response.DECLINED, Response.NONE]


@pytest.mark.parametrize("answer", ["Fixed the newline. I'd rather leave the shift as it is though.",
                                    "Done for the newline; the shift stays, it mirrors the datasheet."])
def test_an_answer_that_takes_one_change_and_keeps_another_beside_an_unanswered_point_is_manual(answer):
    """The answer stands under one point and speaks of two; the mail's other point has no answer: before,
    the point it stood under was declined and the other, the one the author kept, was applied."""
    from patches.drafts import Draft
    from patches.withdrawn import unplaced_parts
    first = Draft(1, REVIEWER, "Missing \\n.", [], None, answer, Response.DECLINED, "code",
                  message_id="r1@example.net", seg=1)
    nxt = Draft(1, REVIEWER, "Please use BIT() here.", [], None, "", Response.NONE, "code",
                message_id="r1@example.net", seg=2)
    unplaced_parts([first, nxt])
    want = "the author's answer (\"" + answer[:8]
    assert [(d.set_aside_manual, d.set_aside[:30]) for d in (first, nxt)] == [(True, want)] * 2


def test_an_answer_that_takes_one_change_and_keeps_another_alone_in_its_mail_stays_its_own():
    from patches.drafts import Draft
    from patches.withdrawn import unplaced_parts
    only = Draft(1, REVIEWER, "Missing \\n.", [], None, "Fixed the newline. I'd rather keep the rest as is.",
                 Response.DECLINED, "code", message_id="r1@example.net", seg=1)
    unplaced_parts([only])
    assert only.set_aside == ""


@pytest.mark.parametrize("answer", ["Ok. Note that the other drivers keep them, but fine.",
                                    "Yes, it does; my build had W=0. Will fix, thanks."])
def test_a_remark_that_ends_in_giving_in_or_only_explains_keeps_nothing(answer):
    from patches.drafts import Draft
    from patches.withdrawn import unplaced_parts
    first = Draft(1, REVIEWER, "Drop the braces.", [], None, answer,
                  Response.ACCEPTED, "code", message_id="r1@example.net", seg=1)
    nxt = Draft(1, REVIEWER, "Missing newline.", [], None, "", Response.NONE, "code", message_id="r1@example.net",
                seg=2)
    unplaced_parts([first, nxt])
    assert (first.set_aside, nxt.set_aside) == ("", "")
