"""A top-posted answer about every comment ("I will address all of these") above a review the author
cut short ("[...]") answers the comments it no longer quotes too; the elision mark is no answer."""
from __future__ import annotations

import pytest

from patches.conversation import build
from patches.model import Response, Status
from patches.review import read_review
from patches.thread import read_messages

PATCH = """\
From: Ana Author <ana@example.org>
Subject: [PATCH] misc: qx: report the reset reason
Message-Id: <p1@example.org>
Date: Mon, 3 Nov 2025 10:00:00 +0000

Report it.

Signed-off-by: Ana Author <ana@example.org>
---
diff --git a/drivers/misc/qx.c b/drivers/misc/qx.c
--- a/drivers/misc/qx.c
+++ b/drivers/misc/qx.c
@@ -10,6 +10,9 @@ static int qx_probe(struct qx *q)
 \tq->n = 1;
+\tq->buf = kzalloc(q->n * 4, GFP_KERNEL);
+\tif (q->buf == NULL)
+\t\treturn -ENOMEM;
+\tq->mode = 0x02;
 \treturn 0;
--
2.39.5
"""

REVIEW = """\
From: Rui Reviewer <rui@example.org>
Subject: Re: [PATCH] misc: qx: report the reset reason
Message-Id: <r1@example.org>
In-Reply-To: <p1@example.org>
Date: Mon, 3 Nov 2025 12:00:00 +0000

On Mon, Ana Author wrote:
> +\tq->buf = kzalloc(q->n * 4, GFP_KERNEL);

kcalloc()

> +\tif (q->buf == NULL)

!q->buf

> +\tq->mode = 0x02;

That is QX_MODE_FAST.
"""

ANSWER = """\
From: Ana Author <ana@example.org>
Subject: Re: [PATCH] misc: qx: report the reset reason
Message-Id: <a1@example.org>
In-Reply-To: <r1@example.org>
Date: Tue, 4 Nov 2025 08:00:00 +0000

Thanks Rui, I will address all of these in v2.

On Mon, Rui Reviewer wrote:
> On Mon, Ana Author wrote:
>> +\tq->buf = kzalloc(q->n * 4, GFP_KERNEL);
>
> kcalloc()
{cut}
"""


def responses(cut: str) -> dict[str, Response]:
    mails = [(f"{n}.eml", t.encode()) for n, t in (("p", PATCH), ("r", REVIEW), ("a", ANSWER.format(cut=cut)))]
    review = read_review(build(read_messages(mails)), None)
    return {" ".join(s.comment.split()): s.response for s in review.suggestions}


def test_all_of_these_above_a_review_cut_short_answers_every_comment_of_it():
    assert responses("[...]") == {"kcalloc()": Response.ACCEPTED, "!q->buf": Response.ACCEPTED,
                                  "That is QX_MODE_FAST.": Response.ACCEPTED}


def test_without_the_cut_only_the_quoted_comment_is_answered():
    got = responses("")
    assert got["kcalloc()"] == Response.ACCEPTED
    assert got["!q->buf"] == Response.NONE and got["That is QX_MODE_FAST."] == Response.NONE


@pytest.mark.parametrize("top, left_out", [
    ("Thanks Rui, I will address all of these except the mode one.", "That is QX_MODE_FAST."),
    ("I will address all of these but the last.", "That is QX_MODE_FAST."),
    ("Will fix all of these, apart from kcalloc().", "kcalloc()"),
])
def test_all_of_these_but_one_declines_the_one_it_names(top, left_out):
    """'All of these except the mode one' above a review cut short: the comment its words (or its place,
    "but the last") name is declined, the others are taken."""
    mails = [(f"{n}.eml", t.encode()) for n, t in
             (("p", PATCH), ("r", REVIEW),
              ("a", ANSWER.replace("Thanks Rui, I will address all of these in v2.", top).format(cut="[...]")))]
    review = read_review(build(read_messages(mails)), None)
    got = {" ".join(s.comment.split()): s.response for s in review.suggestions}
    assert got == {c: Response.DECLINED if c == left_out else Response.ACCEPTED
                   for c in ("kcalloc()", "!q->buf", "That is QX_MODE_FAST.")}


def test_all_of_these_but_one_it_does_not_name_leaves_each_to_the_author():
    top = "Thanks Rui, I will address all of these except one."
    mails = [(f"{n}.eml", t.encode()) for n, t in
             (("p", PATCH), ("r", REVIEW),
              ("a", ANSWER.replace("Thanks Rui, I will address all of these in v2.", top).format(cut="[...]")))]
    review = read_review(build(read_messages(mails)), None)
    assert {s.response for s in review.suggestions} == {Response.NONE}
    assert all(s.status is Status.MANUAL and s.reason.startswith("the author's answer leaves part of the review out")
               for s in review.suggestions)


def test_a_top_posted_answer_about_another_thread_answers_no_quoted_comment():
    """'I'll look into the other thread' above a quote of one comment is about something else: the
    comment stays unanswered rather than accepted."""
    for top in ("Thanks, I'll look into the other thread first.", "Thanks Rui. I answered this in my other mail.",
                "Thanks, I will fold it into the next patch of the series instead."):
        mails = [(f"{n}.eml", t.encode()) for n, t in
                 (("p", PATCH), ("r", REVIEW),
                  ("a", ANSWER.replace("Thanks Rui, I will address all of these in v2.", top).format(cut="")))]
        review = read_review(build(read_messages(mails)), None)
        assert {s.response for s in review.suggestions} == {Response.NONE}, top


CLOSING = """\
From: Ana Author <ana@example.org>
Subject: Re: [PATCH] misc: qx: report the reset reason
Message-Id: <a2@example.org>
In-Reply-To: <r1@example.org>
Date: Tue, 4 Nov 2025 08:00:00 +0000

On Mon, Rui Reviewer wrote:
> > +\tq->mode = 0x02;
>
> That is QX_MODE_FAST.

No, 0x02 is the slow mode on this part; the define is for the other chip.

{closing}

Thanks,
Ana
"""


def closing_responses(closing: str) -> dict[str, Response]:
    mails = [(f"{n}.eml", t.encode()) for n, t in
             (("p", PATCH), ("r", REVIEW), ("a", CLOSING.format(closing=closing)))]
    review = read_review(build(read_messages(mails)), None)
    return {" ".join(s.comment.split()): s.response for s in review.suggestions}


def test_a_closing_paragraph_about_the_other_comments_answers_those_not_answered_inline():
    for closing in ("The other comments I will fix as you suggest.", "Everything else: will do in v2.",
                    "I'll take the rest of your comments as they are."):
        assert closing_responses(closing) == {"kcalloc()": Response.ACCEPTED, "!q->buf": Response.ACCEPTED,
                                              "That is QX_MODE_FAST.": Response.DECLINED}, closing


def test_a_closing_paragraph_about_something_else_answers_nothing():
    for closing in ("I'll look at the other thread tomorrow.", "Thanks for the quick review."):
        got = closing_responses(closing)
        assert got["kcalloc()"] == Response.NONE and got["!q->buf"] == Response.NONE, closing


def test_a_closing_paragraph_that_leaves_one_out_declines_that_one():
    got = closing_responses("The rest except kcalloc() will be in v2.")
    assert got["kcalloc()"] == Response.DECLINED and got["!q->buf"] == Response.NONE


def test_the_answer_under_the_last_quote_is_its_own_even_when_it_says_the_rest():
    mails = [(f"{n}.eml", t.encode()) for n, t in
             (("p", PATCH), ("r", REVIEW),
              ("a", CLOSING.replace("No, 0x02 is the slow mode on this part; the define is for the other chip.",
                                    "The rest of this driver spells the modes out, so I would keep it.")
               .format(closing="")))]
    got = {" ".join(s.comment.split()): s.response for s in read_review(build(read_messages(mails)), None).suggestions}
    assert got == {"kcalloc()": Response.NONE, "!q->buf": Response.NONE, "That is QX_MODE_FAST.": Response.DECLINED}


# the author quotes only the reviewer's closing line, or nothing, and takes every comment
COVERING = """\
From: Ana Author <ana@example.org>
Subject: Re: [PATCH] misc: qx: report the reset reason
Message-Id: <a3@example.org>
In-Reply-To: <r1@example.org>
Date: Tue, 4 Nov 2025 08:00:00 +0000

On Mon, Rui Reviewer wrote:
> That is QX_MODE_FAST.

{said}

Ana
"""


def covering(said: str) -> dict[str, Response]:
    mails = [(f"{n}.eml", t.encode()) for n, t in (("p", PATCH), ("r", REVIEW.replace(
        "That is QX_MODE_FAST.\n", "That is QX_MODE_FAST.\n\nOtherwise looks fine.\n")),
        ("a", COVERING.replace("> That is QX_MODE_FAST.", "> Otherwise looks fine.").format(said=said)))]
    review = read_review(build(read_messages(mails)), None)
    return {" ".join(s.comment.split()): s.response for s in review.suggestions
            if not s.comment.startswith("Otherwise")}


def test_an_answer_that_quotes_no_code_and_takes_all_of_them_answers_every_comment():
    assert covering("Thanks for looking, Rui. I'll fix all of these in v2.") == {
        "kcalloc()": Response.ACCEPTED, "!q->buf": Response.ACCEPTED, "That is QX_MODE_FAST.": Response.ACCEPTED}


def test_an_answer_that_takes_all_but_one_or_doubts_answers_none():
    for said in ("I'll fix all of these except the mode one.", "I'll fix all of these, but kcalloc() is overkill.",
                 "Will you take all of these through your tree?"):
        assert set(covering(said).values()) == {Response.NONE}, said
