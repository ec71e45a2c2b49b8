"""A second reviewer answering the first one's mail: an agreement ("Yes, ...") the author then answers
passes that answer on to the comment agreed with, and an objection that quotes only the start of the
comment still declines it when the author sides with the objection."""
from __future__ import annotations

from patches.conversation import build
from patches.model import Response
from patches.review import read_review
from patches.thread import read_messages

PATCH = """From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001
From: Ola Brekke <ola.brekke@example.no>
Date: Tue, 4 Nov 2025 08:00:00 +0100
Message-Id: <p1@example.no>
Subject: [PATCH] watchdog: foo: report a failed ping

Signed-off-by: Ola Brekke <ola.brekke@example.no>
---
diff --git a/drivers/watchdog/foo_wdt.c b/drivers/watchdog/foo_wdt.c
index 1111111..2222222 100644
--- a/drivers/watchdog/foo_wdt.c
+++ b/drivers/watchdog/foo_wdt.c
@@ -40,7 +40,10 @@ static int foo_wdt_ping(struct watchdog_device *wdd)
 {
 \tstruct foo_wdt *wdt = watchdog_get_drvdata(wdd);
+\tint err;
\x20
-\tregmap_write(wdt->map, FOO_KICK, FOO_KICK_MAGIC);
+\terr = regmap_write(wdt->map, FOO_KICK, FOO_KICK_MAGIC);
+\tif (err)
+\t\tdev_warn(wdt->dev, "kick failed: %d\\n", err);
-\treturn 0;
+\treturn err;
 }
--
2.39.5

"""


def mail(sender: str, msgid: str, parent: str, date: str, body: str) -> str:
    name, addr = sender.split(" <")
    return (f"From {addr.rstrip('>')} {date}\nFrom: {sender}\nSubject: Re: [PATCH] watchdog: foo: report a "
            f"failed ping\nDate: {date}\nMessage-ID: <{msgid}>\nIn-Reply-To: <{parent}>\nReferences: <p1@example.no>"
            f" <{parent}>\nContent-Type: text/plain; charset=utf-8\n\n{body}\n")


JANE, TOM = "Jane Holm <jane.holm@example.se>", "Tom Reyes <tom.reyes@example.com>"
OLA = "Ola Brekke <ola.brekke@example.no>"

FIRST = """Ola Brekke wrote:
> +\terr = regmap_write(wdt->map, FOO_KICK, FOO_KICK_MAGIC);
> +\tif (err)
> +\t\tdev_warn(wdt->dev, "kick failed: %d\\n", err);

A stuck bus fills the log with these, so make it dev_warn_ratelimited()
please.

> -\treturn 0;
> +\treturn err;

The core only logs what a ping returns, I would keep returning 0 here so
that one slow write does not look like a dead watchdog.

Anyway, the rest is fine.
"""

SECOND = """Jane Holm wrote:
> Ola Brekke wrote:
> > +\t\tdev_warn(wdt->dev, "kick failed: %d\\n", err);
>
> A stuck bus fills the log with these, so make it dev_warn_ratelimited()
> please.

Yes, I would like that too.

> > -\treturn 0;
> > +\treturn err;
>
> The core only logs what a ping returns, I would keep returning 0 here so
> that one slow write does not look like a dead watchdog.

No, returning the error is what the other drivers do, leave it.

Tom
_______________________________________________
foo-devel mailing list
foo-devel@lists.example.org
https://lists.example.org/mailman/listinfo/foo-devel
"""

ANSWER = """Tom Reyes wrote:
> Jane Holm wrote:
> > A stuck bus fills the log with these, so make it dev_warn_ratelimited()
> > please.
>
> Yes, I would like that too.

Sure, changed.

> > The core only logs what a ping returns, I would keep returning 0 here so
> > that one slow write does not look like a dead watchdog.
>
> No, returning the error is what the other drivers do, leave it.

Agreed, it stays as it is.
"""


def review(*mails: str):
    data = (PATCH + "".join(mails)).encode()
    return read_review(build(read_messages([("t.mbox", data)])), None)


def first_mail() -> str:
    return mail(JANE, "r1@example.se", "p1@example.no", "Tue Nov  4 10:00:00 2025", FIRST)


def second_mail() -> str:
    return mail(TOM, "r2@example.com", "r1@example.se", "Wed Nov  5 09:00:00 2025", SECOND)


def answer_mail() -> str:
    return mail(OLA, "a1@example.no", "r2@example.com", "Mon Nov 10 18:00:00 2025", ANSWER)


def point(rev, words: str):
    return next(s for s in rev.suggestions if words in s.comment)


def test_before_the_author_answers_the_points_are_unanswered_and_the_agreement_asks_for_nothing():
    rev = review(first_mail(), second_mail())
    assert point(rev, "dev_warn_ratelimited").response is Response.NONE
    assert not any("I would like that too" in s.comment for s in rev.suggestions)


def test_the_answer_to_an_agreement_is_the_answer_to_the_comment_agreed_with():
    rev = review(first_mail(), second_mail(), answer_mail())
    s = point(rev, "dev_warn_ratelimited")
    assert (s.reviewer.name, s.response, s.response_text) == ("Jane Holm", Response.ACCEPTED, "Sure, changed.")
    assert not any("I would like that too" in s.comment for s in rev.suggestions)


def test_an_objection_quoting_the_comment_without_its_last_paragraph_declines_it_when_the_author_agrees():
    rev = review(first_mail(), second_mail(), answer_mail())
    s = point(rev, "keep returning 0")
    assert (s.response, s.response_text) == (Response.DECLINED, "Agreed, it stays as it is.")
    assert point(rev, "leave it").kind == "discussion"


def test_a_plus_one_is_an_agreement_too():
    second = second_mail().replace("Yes, I would like that too.", "+1, our boards hit this as well.")
    answer = answer_mail().replace("Yes, I would like that too.", "+1, our boards hit this as well.")
    rev = review(first_mail(), second, answer)
    assert point(rev, "dev_warn_ratelimited").response_text == "Sure, changed."
    assert not any("our boards hit this" in s.comment for s in rev.suggestions)
