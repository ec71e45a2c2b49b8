"""A review that numbers its points ("1) ...", "2. ...") and the author's answer by those numbers ("Ack on
1 and 3, for 2 see below"): each point is a request of its own, even a short one right below a longer
one; the points agreed to by number are accepted, the others keep the answer given under them; a point
on the commit message written under a quote of code ("In the commit message: s/a/b/") is one."""
from __future__ import annotations

import pytest

from patches.answers import numbered_acks
from patches.conversation import build
from patches.model import Response
from patches.review import read_review
from patches.thread import read_messages

PATCH = """\
From: Ana Author <ana@example.org>
Subject: [PATCH] misc: qx: parse the rate with kstrtouint()
Message-Id: <p1@example.org>
Date: Mon, 3 Nov 2025 10:00:00 +0000

Converts the rate attribute to kstrtouint().

Signed-off-by: Ana Author <ana@example.org>
---
diff --git a/drivers/misc/qx.c b/drivers/misc/qx.c
--- a/drivers/misc/qx.c
+++ b/drivers/misc/qx.c
@@ -10,6 +10,10 @@ static ssize_t rate_store(struct device *dev, const char *buf, size_t count)
 \tstruct qx *q = dev_get_drvdata(dev);
+\tunsigned int rate = 0;
+\tint err;
+
+\terr = kstrtouint(buf, 0, &rate);
+\tdev_info(dev, "rate now %u\\n", rate);
 \treturn count;
--
2.39.5
"""

REVIEW = """\
From: Rui Reviewer <rui@example.org>
Subject: Re: [PATCH] misc: qx: parse the rate with kstrtouint()
Message-Id: <r1@example.org>
In-Reply-To: <p1@example.org>
Date: Mon, 3 Nov 2025 12:00:00 +0000

On Mon, Ana Author wrote:
> Converts the rate attribute to kstrtouint().

Some comments, numbered:

> +\tunsigned int rate = 0;

{one} Why is this needed?

> +\terr = kstrtouint(buf, 0, &rate);

{two} The error is never checked, please return it when kstrtouint() fails
   instead of going on with a rate of zero.

> +\tdev_info(dev, "rate now %u\\n", rate);

{three} Every write of the attribute logs this, please make it dev_dbg().

{four} In the commit message: s/Converts/Convert/.
"""

ANSWER = """\
From: Ana Author <ana@example.org>
Subject: Re: [PATCH] misc: qx: parse the rate with kstrtouint()
Message-Id: <a1@example.org>
In-Reply-To: <r1@example.org>
Date: Tue, 4 Nov 2025 08:00:00 +0000

On Mon, Rui Reviewer wrote:
> Some comments, numbered:

{answer}

> > +\tunsigned int rate = 0;
>
> {one} Why is this needed?

Older compilers warn without it, I'd keep it.
"""

NUMBERS = [("1)", "2)", "3)", "4)"), ("1.", "2.", "3.", "4."), ("(1)", "(2)", "(3)", "(4)")]


def suggestions(answer: str, numbers: tuple[str, ...] = NUMBERS[0]):
    one, two, three, four = numbers
    review = REVIEW.format(one=one, two=two, three=three, four=four)
    mails = [(f"{n}.eml", t.encode()) for n, t in (("p", PATCH), ("r", review),
                                                   ("a", ANSWER.format(answer=answer, one=one)))]
    got = read_review(build(read_messages(mails)), None)
    return {" ".join(s.comment.split()): (s.kind, s.response) for s in got.suggestions}


@pytest.mark.parametrize("answer", ["Thanks! Ack on 2 and 3, for 1 see below.",
                                    "2 and 3: done. For 1, see below."])
def test_points_agreed_to_by_number_are_accepted(answer):
    """Before: "Ack on 2 and 3" answered only the paragraph it stood under; the points 2 and 3 were
    left unanswered (applied all the same, but reported as if the author had said nothing)."""
    got = suggestions(answer)
    assert got["2) The error is never checked, please return it when kstrtouint() fails instead of going on "
               "with a rate of zero."][1] is Response.ACCEPTED
    assert got["3) Every write of the attribute logs this, please make it dev_dbg()."][1] is Response.ACCEPTED
    assert got["1) Why is this needed?"][1] is Response.DECLINED      # its own answer stands
    assert got["4) In the commit message: s/Converts/Convert/."][1] is Response.NONE


@pytest.mark.parametrize("numbers", NUMBERS)
def test_a_numbered_point_right_below_another_is_a_request_of_its_own(numbers):
    """Before: "4) In the commit message: s/Converts/Convert/." was read as the end of point 3 (a
    short paragraph after a longer one goes on with it), so the typo was never fixed, and the request
    on the commit message, written under a quote of code, was taken for one on the code."""
    got = suggestions("Ack on 2 and 3.", numbers)
    three = f"{numbers[2]} Every write of the attribute logs this, please make it dev_dbg()."
    four = f"{numbers[3]} In the commit message: s/Converts/Convert/."
    assert three in got and four in got
    assert got[four][0] == "commit-message"


@pytest.mark.parametrize("answer,numbers", [
    ("Ack on 1 and 3, for 2 see below.", {1, 3}), ("Agreed with #2 and #4.", {2, 4}),
    ("1, 3 and 5: done.", {1, 3, 5}), ("3 and 4 fixed, thanks", {3, 4}), ("Ack on 1, but not on 2.", {1}),
    ("Patch 1/3 is done.", set()), ("For 2 see below.", set()), ("I will send v2 in 2 days.", set()),
    ("Done in 2 minutes.", set()), ("3 is not done yet.", set())])
def test_numbered_acks(answer, numbers):
    assert numbered_acks(answer) == numbers


LIST_UNDER_ONE_QUOTE = """\
From: Rui Reviewer <rui@example.org>
Subject: Re: [PATCH] misc: qx: parse the rate with kstrtouint()
Message-Id: <r2@example.org>
In-Reply-To: <p1@example.org>
Date: Mon, 3 Nov 2025 12:00:00 +0000

On Mon, Ana Author wrote:
> +\tdev_info(dev, "rate now %u\\n", rate);

{intro}

1) Every write of the attribute logs this, please make it dev_dbg().

2) The error of kstrtouint() is never checked, please return it.
"""


@pytest.mark.parametrize("intro", ["A few remarks, numbered:", "Some things I noticed while reading this."])
def test_numbered_points_after_an_introduction_are_requests_of_their_own(intro):
    """Before: an introduction ending in a colon took the paragraph after it along, and the points
    after that went on with it: the three paragraphs were one comment."""
    mails = [(f"{n}.eml", t.encode()) for n, t in (("p", PATCH), ("r", LIST_UNDER_ONE_QUOTE.format(intro=intro)))]
    got = [" ".join(s.comment.split()) for s in read_review(build(read_messages(mails)), None).suggestions]
    assert "1) Every write of the attribute logs this, please make it dev_dbg()." in got
    assert "2) The error of kstrtouint() is never checked, please return it." in got
