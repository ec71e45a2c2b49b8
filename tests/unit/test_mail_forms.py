"""Review threads in the forms real mail takes, read end to end (read_messages, build, read_review):
an Outlook original whose hunk headers the replier cut, a greeting above the attribution line, an
attribution that names the quoted sender by first name or address only, and a review of an older
version of the series in the same mbox.  Each test checks the request a user would see: found, on
the right code, with the author's answer or the reason it is left to the author."""
from __future__ import annotations

from patches.conversation import build
from patches.model import Response
from patches.review import read_review
from patches.thread import quote_lines, read_messages

DIFF = """\
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

OLA = "Ola Brekke <ola.brekke@example.no>"
JANE = "Jane Holm <jane.holm@example.se>"


def patch(version: int, msgid: str) -> str:
    v = f" v{version}" if version > 1 else ""
    return (f"From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\nFrom: {OLA}\n"
            f"Date: Tue, 4 Nov 2025 08:00:00 +0100\nMessage-Id: <{msgid}>\n"
            f"Subject: [PATCH{v}] watchdog: foo: report a failed ping\n\n"
            f"Signed-off-by: {OLA}\n---\n{DIFF}\n")


def mail(sender: str, msgid: str, parent: str, body: str, version: int = 1, refs: str = "",
         subject_prefix: str = "Re: ") -> str:
    v = f" v{version}" if version > 1 else ""
    addr = sender.split(" <")[1].rstrip(">")
    return (f"From {addr} Wed Nov  5 10:00:00 2025\nFrom: {sender}\n"
            f"Subject: {subject_prefix}[PATCH{v}] watchdog: foo: report a failed ping\n"
            f"Date: Wed, 5 Nov 2025 10:00:00 +0100\nMessage-ID: <{msgid}>\nIn-Reply-To: <{parent}>\n"
            f"References: {refs or '<p1@example.no>'} <{parent}>\nContent-Type: text/plain; charset=utf-8\n\n"
            f"{body}\n")


REVIEW = """On Tue, Nov 04, 2025 at 08:00:00AM +0100, Ola Brekke wrote:
> +\terr = regmap_write(wdt->map, FOO_KICK, FOO_KICK_MAGIC);
> +\tif (err)
> +\t\tdev_warn(wdt->dev, "kick failed: %d\\n", err);

A stuck bus fills the log with these, so make it dev_warn_ratelimited()
please.

Jane
"""


def review(*mails: str):
    conv = build(read_messages([("t.mbox", "\n".join(mails).encode())]))
    return read_review(conv, None)


def answer_under(attribution: str) -> str:
    quoted = "".join(f"> {ln}\n" if ln else ">\n" for ln in REVIEW.split("\n")[1:-3])
    return f"{attribution}\n{quoted.replace('> +', '> > +')}\nWill do, thanks.\n"


def test_the_answer_under_an_attribution_naming_the_reviewer_by_first_name_answers_her_request():
    # before: "Jane wrote:" was taken for another reviewer: the author's quote of the request became a
    # second, unanswered request of "Jane", and Jane Holm's stayed unanswered
    for attribution in ("On 11/5/25 10:00, Jane wrote:", "On Wed, 5 Nov 2025 at 10:00, <jane.holm@example.se> wrote:"):
        r = review(patch(1, "p1@example.no"), mail(JANE, "r1@example.se", "p1@example.no", REVIEW),
                   mail(OLA, "a1@example.no", "r1@example.se", answer_under(attribution),
                        refs="<p1@example.no> <r1@example.se>"))
        asked = [s for s in r.suggestions if "dev_warn_ratelimited" in s.comment]
        assert len(asked) == 1, attribution
        assert asked[0].reviewer.name == "Jane Holm" and asked[0].response is Response.ACCEPTED, attribution


def test_a_review_of_the_older_version_in_the_same_mbox_is_left_to_the_author():
    # before: the title matched, so the v1 review's request was applied to v2 as if made on it
    older = REVIEW.replace("dev_warn_ratelimited()", "dev_warn_once()")
    r = review(patch(1, "p1@example.no"), mail(JANE, "r1@example.se", "p1@example.no", older),
               patch(2, "p2@example.no"),
               mail(JANE, "r2@example.se", "p2@example.no", REVIEW, version=2, refs="<p2@example.no>"))
    assert r.series.version == 2
    old = next(s for s in r.suggestions if "dev_warn_once" in s.comment)
    assert old.status is not None and old.status.value == "manual"
    assert old.reason == "a review of v1 (this series is v2): whether v2 still needs it is for the author"
    new = next(s for s in r.suggestions if "dev_warn_ratelimited" in s.comment)
    assert new.status is None or new.status.value != "manual"


def test_the_version_respun_is_the_latest_reviewed_even_when_an_older_one_had_more_replies():
    more = [mail(JANE, f"r1{i}@example.se", "p1@example.no", REVIEW.replace("Jane", f"Jane {i}"))
            for i in range(3)]
    r = review(patch(1, "p1@example.no"), *more, patch(2, "p2@example.no"),
               mail(JANE, "r2@example.se", "p2@example.no", REVIEW, version=2, refs="<p2@example.no>"))
    assert r.series.version == 2


def test_comments_typed_into_an_outlook_original_whose_hunk_headers_were_cut_are_the_repliers():
    # before: without an "@@" line the original's patch was never taken to have started, and the
    # replier's words between its lines were read as part of the quoted original
    body = ("-----Original Message-----\nFrom: Ola Brekke <ola.brekke@example.no>\n"
            "Sent: Tuesday, November 4, 2025 8:00 AM\nTo: linux-watchdog@vger.kernel.org\n"
            "Subject: [PATCH] watchdog: foo: report a failed ping\n\n"
            "Report a failed ping.\n\n[ ... ]\n\n"
            "+\terr = regmap_write(wdt->map, FOO_KICK, FOO_KICK_MAGIC);\n+\tif (err)\n"
            "+\t\tdev_warn(wdt->dev, \"kick failed: %d\\n\", err);\n\nMake it dev_warn_ratelimited().\n\n"
            "-\treturn 0;\n+\treturn err;\n\nKeep returning 0.\n")
    got = [(ln.depth, ln.text) for ln in quote_lines(body) if ln.text]
    assert got[0] == (0, "Ola Brekke wrote:")
    assert (1, "Report a failed ping.") in got
    assert (1, "+\t\tdev_warn(wdt->dev, \"kick failed: %d\\n\", err);") in got
    assert (0, "Make it dev_warn_ratelimited().") in got and (0, "Keep returning 0.") in got
    assert (1, "+\treturn err;") in got


def test_a_greeting_above_the_attribution_leaves_each_comment_with_the_quote_above_it():
    # before: "Looks good overall." above the attribution, then comments under quotes and a last quote
    # with no comment under it, read as a mail written the "code below" way: each comment moved to the
    # quote under it
    body = ("Looks good overall.\n\n" + REVIEW.replace("\nJane\n", "") +
            "\n> -\treturn 0;\n> +\treturn err;\n> }\n\nThanks,\nJane\n")
    r = review(patch(1, "p1@example.no"), mail(JANE, "r1@example.se", "p1@example.no", body))
    s = next(s for s in r.suggestions if "dev_warn_ratelimited" in s.comment)
    assert s.quoted[-1].strip() == "+\t\tdev_warn(wdt->dev, \"kick failed: %d\\n\", err);".strip()


def test_an_answer_with_no_threading_headers_answers_the_review_its_attribution_names():
    # before: with neither In-Reply-To nor References the answer hung on nothing, and its "I'll fix all
    # of these in v2." above the cut review answered no request
    answer = mail(OLA, "a1@example.no", "r1@example.se",
                  "On Wed, Nov 05, 2025 at 10:00:00AM +0100, Jane Holm wrote:\n> Jane\n\n"
                  "Thanks for looking, Jane. I'll fix all of these in v2.\n\nOla\n")
    answer = "\n".join(ln for ln in answer.split("\n") if not ln.startswith(("In-Reply-To:", "References:")))
    answer = answer.replace("Wed, 5 Nov 2025 10:00:00 +0100", "Thu, 6 Nov 2025 09:00:00 +0100")
    r = review(patch(1, "p1@example.no"), mail(JANE, "r1@example.se", "p1@example.no", REVIEW), answer)
    s = next(s for s in r.suggestions if "dev_warn_ratelimited" in s.comment)
    assert s.response is Response.ACCEPTED


def test_a_quote_indented_with_no_break_spaces_in_utf8_labelled_us_ascii_reads_as_the_patch():
    # before: the no-break spaces of a quote made from HTML stayed in the code, and UTF-8 under the
    # default US-ASCII label came out as replacement characters: the quote matched no line of the patch
    body = REVIEW.replace("> +\t\t", "> +" + "\u00a0" * 16).replace("> +\t", "> +" + "\u00a0" * 8)
    raw = mail(JANE, "r1@example.se", "p1@example.no", body).replace("charset=utf-8", "charset=us-ascii")
    msg = read_messages([("r.eml", raw.encode())])[0]
    assert [ln.text for ln in msg.lines if ln.depth][:2] == [
        "+        err = regmap_write(wdt->map, FOO_KICK, FOO_KICK_MAGIC);", "+        if (err)"]
    r = review(patch(1, "p1@example.no"), raw)
    s = next(s for s in r.suggestions if "dev_warn_ratelimited" in s.comment)
    assert s.anchor.code and "dev_warn(" in s.anchor.code[-1]


def test_apple_mails_quoted_attribution_names_the_sender_of_its_own_quote_level():
    # before: "> On 5 Nov 2025, at 10:00, Jane Holm ... wrote:" was read as naming the level under it, so
    # the author's answer took Jane's words for the patch and her request went unanswered
    quoted = "".join(f"> {ln}\n" if ln else ">\n" for ln in REVIEW.split("\n")[1:-3]).replace("> +", "> > +")
    body = ("Will do, thanks.\n\nSent from my iPhone\n\n> On 5 Nov 2025, at 10:00, Jane Holm <jane.holm@example.se> "
            "wrote:\n>\n> On Tue, Nov 04, 2025 at 08:00:00AM +0100, Ola Brekke wrote:\n" + quoted)
    msg = read_messages([("r.eml", mail(OLA, "a1@example.no", "r1@example.se", body).encode())])[0]
    assert msg.quote_authors == {1: "Jane Holm", 2: "Ola Brekke"}


def test_a_patch_sent_as_an_attachment_is_the_mails_patch():
    # before: only the first text part was read, so the mail had a commit message and no diff
    b = "b0und"
    raw = (f"From: {OLA}\nSubject: [PATCH] watchdog: foo: report a failed ping\nMessage-ID: <p1@example.no>\n"
           f"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"{b}\"\n\n--{b}\n"
           "Content-Type: text/plain; charset=UTF-8\n\nReport a failed ping.\n\n"
           f"Signed-off-by: {OLA}\n\n--{b}\nContent-Type: text/x-patch; charset=UTF-8; name=\"0001-foo.patch\"\n"
           f"Content-Disposition: attachment; filename=\"0001-foo.patch\"\n\n---\n{DIFF}\n--{b}--\n")
    msg = read_messages([("p.eml", raw.encode())])[0]
    assert msg.body.startswith("Report a failed ping.")
    assert "+\t\tdev_warn(wdt->dev, \"kick failed: %d\\n\", err);" in msg.body.split("\n")


def test_sent_from_my_phone_is_no_part_of_the_answer():
    body = answer_under("On Wed, Nov 5, 2025 at 10:00 AM Jane Holm <jane.holm@example.se> wrote:").replace(
        "Will do, thanks.", "No, a stuck bus is already reported by the core.\n\nOla\n\nSent from my iPhone")
    r = review(patch(1, "p1@example.no"), mail(JANE, "r1@example.se", "p1@example.no", REVIEW),
               mail(OLA, "a1@example.no", "r1@example.se", body, refs="<p1@example.no> <r1@example.se>"))
    s = next(s for s in r.suggestions if "dev_warn_ratelimited" in s.comment)
    assert s.response is Response.DECLINED
    assert s.response_text == "No, a stuck bus is already reported by the core."


def test_a_last_first_display_name_is_the_reviewer_her_tags_and_attributions_name():
    # before: "Dubois, René" was not René Dubois: her Reviewed-by was "given by René for René Dubois"
    # and not collected, and the author's answers under "Dubois, René <...> wrote:" answered nobody's request
    rene = "\"Dubois, René\" <rene.dubois@example.com>"
    review_text = REVIEW.replace("\nJane\n", "\nReviewed-by: René Dubois <rene.dubois@example.com>\n")
    answer = answer_under("On Wed, Nov 5, 2025 at 6:15 PM Dubois, René <rene.dubois@example.com> wrote:")
    r = review(patch(1, "p1@example.no"), mail(rene, "r1@example.com", "p1@example.no", review_text),
               mail(OLA, "a1@example.no", "r1@example.com", answer, refs="<p1@example.no> <r1@example.com>"))
    asked = [s for s in r.suggestions if "dev_warn_ratelimited" in s.comment]
    assert len(asked) == 1 and asked[0].reviewer.name == "René Dubois"
    assert asked[0].response is Response.ACCEPTED
    assert [(t.name, t.person.name) for t in r.trailers] == [("Reviewed-by", "René Dubois")]
