"""An author's reply that answers one comment, then quotes more of the review without its code: the
later block still carries the code quoted above the earlier one.  Its answered parts belong to the
review's comment holding their words under other code (before: they stayed apart and the review's
comment went unanswered)."""
from __future__ import annotations

from patches.drafts import Draft
from patches.merge import merge
from patches.model import Person, Response
from patches.voices import Quote

ADA = Person("Ada Reviewer", "ada@example.org")
HEADER = ["+extern int qx_count(struct qx *q);"]
HEAD = ["+int qx_count(struct qx *q)", "+{"]


def draft(comment: str, quote: list[str], msgid: str, response: Response = Response.NONE, answer: str = "",
          seg: int = 1) -> Draft:
    return Draft(1, ADA, comment, [], Quote(quote, False), answer, response, "code", message_id=msgid, seg=seg)


def test_the_parts_answered_in_a_later_block_replace_the_review_comment():
    review = [draft("No need for extern here.", HEADER, "r1"),
              draft("This should return bool.\nAnd the count should be read under the lock.", HEAD, "r1", seg=2)]
    answer = [draft("No need for extern here.", HEADER, "a1", Response.ACCEPTED, "OK."),
              draft("This should return bool.", HEADER, "a1", Response.ACCEPTED, "The first one I'll change."),
              draft("And the count should be read under the lock.", HEADER, "a1", Response.DECLINED,
                    "The second one is deliberate.")]
    got = merge(review + answer, set())
    assert [(d.comment, d.response, d.quote.lines if d.quote else None) for d in got] == [
        ("No need for extern here.", Response.ACCEPTED, HEADER),
        ("This should return bool.", Response.ACCEPTED, HEAD),
        ("And the count should be read under the lock.", Response.DECLINED, HEAD)]


def test_words_two_review_comments_hold_are_not_taken_for_either():
    review = [draft("Please make this unsigned int here.", HEADER, "r1"),
              draft("Please make this unsigned int here.\nAnd drop the cast.", HEAD, "r1", seg=2),
              draft("Please make this unsigned int here.\nAlso the name.", ["+\tint n;"], "r1", seg=3)]
    answer = [draft("Please make this unsigned int here.", ["+\tint x;"], "a1", Response.ACCEPTED, "Sure.")]
    got = merge(review + answer, set())
    assert sum(d.response is Response.ACCEPTED for d in got) <= 1
    assert any(d.comment == "Please make this unsigned int here.\nAnd drop the cast." and
               d.response is Response.NONE for d in got)
