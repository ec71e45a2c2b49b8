"""How a reviewer's paragraph becomes requests: an elision mark alone on its line ("...") is no
comment (and the quote after it is a quote of its own), an expression alone ("BIT(3)") is a request,
and a sentence opening a request of its own ("Also, ...") inside a paragraph is a request
of its own, unless it carries the request before it further ("Also in the refill path.")."""
from __future__ import annotations

from pathlib import Path

from patches.conversation import build
from patches.review import read_review
from patches.thread import read_messages

DATA = Path(__file__).resolve().parent.parent / "data" / "threads"


def comments(name: str) -> list[str]:
    review = read_review(build(read_messages([(name, (DATA / name).read_bytes())])), None)
    return [" ".join(s.comment.split()) for s in review.suggestions]


def test_an_elision_mark_alone_on_its_line_is_not_a_comment():
    assert not any(c.strip(".… ") == "" for c in comments("pasted_stacked_sentences.txt"))


def test_an_also_sentence_that_asks_for_something_else_is_a_request_of_its_own():
    got = comments("pasted_stacked_sentences.txt")
    assert "This should use u64_stats_inc() on a u64_stats_t counter." in got
    assert "Also, why is the counter not reset when the ring is reinitialised? Please clear it in " \
           "acme_ring_init()." in got


def test_an_also_sentence_that_carries_the_request_further_stays_with_it():
    assert "Please add an unlikely() to the check. Also in the refill path." in \
        comments("pasted_stacked_sentences.txt")


def test_an_elision_mark_between_two_quotes_starts_a_new_quote():
    """The commit message quoted, "...", then a line of the diff without its headers: the comment is
    about that line alone, not about the message."""
    review = read_review(build(read_messages([("pasted_elided_define.txt",
                                               (DATA / "pasted_elided_define.txt").read_bytes())])), None)
    s = next(s for s in review.suggestions if s.comment.strip() == "BIT(3)")
    assert [q.strip() for q in s.quoted if q.strip()] == ["+#define ACME_RX_DROP_EN (1 << 3)"]
    assert not s.anchor.in_message
    assert s.kind == "code"         # an expression alone is the code the reviewer wants: a request


def _inline(comment: bytes) -> list[str]:
    from tests.unit.test_review_context_quote import PATCH, REPLY
    review = read_review(build(read_messages([("p.eml", PATCH), ("r.eml", REPLY % comment)])), None)
    return [" ".join(s.comment.split()) for s in review.suggestions]


def test_an_and_sentence_with_an_imperative_is_a_request_of_its_own():
    assert _inline(b"Don't initialize ret, it hides the checker's warnings.  And put the blank line\n"
                   b"after the declarations back.") == [
        "Don't initialize ret, it hides the checker's warnings.",
        "And put the blank line after the declarations back."]
    assert len(_inline(b"Drop i, it is unused.\n\nAnd please use the block helper for reads too.")) == 2


def test_an_and_sentence_that_only_goes_on_stays_with_the_request():
    assert _inline(b"Please drop i, it is unused now. And it would warn with W=1.") == [
        "Please drop i, it is unused now. And it would warn with W=1."]


def test_a_sign_off_with_the_whole_name_in_lower_case_is_no_comment():
    assert _inline(b"i is not used any more, please drop it.\n\nregards,\nbo reviewer") == [
        "i is not used any more, please drop it."]
    assert _inline(b"i is not used any more, please drop it.\n\nThanks,\nBo Reviewer") == [
        "i is not used any more, please drop it."]
