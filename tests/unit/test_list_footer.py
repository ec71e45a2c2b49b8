"""The footer a mailing list puts under each mail (a rule, the list's name, how to unsubscribe) is
nobody's comment: reading a mail's chunks stops there, as at a signature."""
from __future__ import annotations

from patches.model import Line
from patches.thread import read_messages
from patches.voices import chunks, list_footer

MAIL = """From: Nina Falk <nina.falk@example.de>
Subject: Re: [PATCH] mmc: bar: drop a stale comment
Message-ID: <n1@example.de>
In-Reply-To: <p1@example.org>
Content-Type: text/plain; charset=utf-8

> -	/* the card needs 10 ms here */
> -	msleep(10);
> +	msleep(BAR_SETTLE_MS);

Please keep the comment, it says why the delay is there.

{footer}
"""

MAILMAN = """_______________________________________________
linux-bar mailing list
linux-bar@lists.example.org
http://lists.example.org/mailman/listinfo/linux-bar"""

OTHER = """---------------------------------------------------------------
To unsubscribe, send a mail to bar-devel+unsubscribe@example.com
Archives: https://example.com/bar-devel/"""


def paragraphs(footer: str) -> list[list[str]]:
    msg = read_messages([("m.eml", MAIL.format(footer=footer).encode())])[0]
    return [p for c in chunks(msg, 0, 1) for p in c.paras]


def test_a_mailman_footer_is_not_read_as_a_comment():
    assert paragraphs(MAILMAN) == [["Please keep the comment, it says why the delay is there."]]


def test_a_footer_of_dashes_with_unsubscribe_words_is_not_read_either():
    assert paragraphs(OTHER) == [["Please keep the comment, it says why the delay is there."]]


def test_a_rule_the_reviewer_draws_is_kept():
    assert paragraphs("______________________________\nAnd the timing I measured: 7 ms.") == [
        ["Please keep the comment, it says why the delay is there."],
        ["______________________________", "And the timing I measured: 7 ms."]]


def test_list_footer_wants_list_words_within_three_lines():
    assert list_footer([Line(0, "_" * 47), Line(0, "foo-devel mailing list")], 0)
    assert not list_footer([Line(0, "_" * 30), Line(0, "Below the line: the numbers I measured.")], 0)
    assert not list_footer([Line(0, "some text"), Line(0, "foo-devel mailing list")], 0)
