"""Later rounds of a point: a reviewer answering another reviewer's comment, and what the author's
answer to that reply makes of the point."""
from __future__ import annotations

from patches.drafts import Draft
from patches.merge import later_rounds
from patches.model import Person, Response
from patches.voices import Quote

ADA, BEN = Person("Ada Reviewer", "ada@example.org"), Person("Ben Other", "ben@example.org")


def draft(who: Person, comment: str, quote: list[str], msgid: str, response: Response = Response.NONE,
          answer: str = "") -> Draft:
    return Draft(1, who, comment, [], Quote(quote, False), answer, response, "code", message_id=msgid)


def test_the_author_agreeing_with_an_objection_declines_the_point():
    point = draft(ADA, "Nit: s/n/count/", ["\tunsigned int n = 0;"], "<r1>")
    reply = draft(BEN, "I would leave it as n: the function is ten lines long.", ["Nit: s/n/count/"], "<r2>",
                  Response.ACCEPTED, "Agreed, I'll keep n then.")
    assert later_rounds([point, reply]) == {1: 0}
    assert (point.response, point.response_text) == (Response.DECLINED, "Agreed, I'll keep n then.")


def test_a_reply_that_supports_the_point_leaves_its_response():
    point = draft(ADA, "Nit: s/n/count/", ["\tunsigned int n = 0;"], "<r1>", Response.ACCEPTED, "Ok.")
    reply = draft(BEN, "Agreed, count reads better.", ["Nit: s/n/count/"], "<r2>", Response.ACCEPTED, "Done.")
    later_rounds([point, reply])
    assert point.response is Response.ACCEPTED


def test_a_reviewer_quoting_their_own_comment_is_not_a_reply_to_another():
    point = draft(ADA, "Nit: s/n/count/", ["\tunsigned int n = 0;"], "<r1>")
    again = draft(ADA, "I would leave it as n after all, it is short.", ["Nit: s/n/count/"], "<r2>",
                  Response.ACCEPTED, "Ok.")
    assert later_rounds([point, again]) == {}
    assert point.response is Response.NONE
