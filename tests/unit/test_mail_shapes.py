"""Review threads in shapes mailers and reviewers give them, read end to end (read_messages, build,
read_review): a reviewer answering another reviewer's comment under the code it was about, attribution
lines of other mailers, marks that cut a quote short.  Each test checks the request a user would see:
found, from whom, on which code."""
from __future__ import annotations

import re

from patches.conversation import build
from patches.review import read_review
from patches.thread import read_messages

DIFF = """\
diff --git a/drivers/hwmon/tmp421.c b/drivers/hwmon/tmp421.c
index 1111111..2222222 100644
--- a/drivers/hwmon/tmp421.c
+++ b/drivers/hwmon/tmp421.c
@@ -301,6 +301,16 @@ static int tmp421_init_client(struct tmp421_data *data)
 \tint config, config_orig;
\x20
+\tconfig = i2c_smbus_read_byte_data(client, TMP421_CONFIG_REG_1);
+\tif (config < 0) {
+\t\tdev_err(&client->dev, "could not read the configuration register: %d\\n",
+\t\t\tconfig);
+\t\treturn config;
+\t}
+
+\tconfig_orig = (int)config;
+\t/* start the conversions */
+\tWARN_ON(i2c_smbus_write_byte_data(client, TMP421_CONFIG_REG_1, config & ~TMP421_CONFIG_SHUTDOWN));
 \treturn 0;
 }
--
2.39.5
"""

ANNA = "Anna Lund <anna.lund@example.se>"
PIOTR = "Piotr Nowak <piotr.nowak@example.pl>"
KAI = "Kai Berger <kai.berger@example.de>"


def patch() -> str:
    return ("From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\n"
            f"From: {ANNA}\nDate: Tue, 4 Nov 2025 08:00:00 +0100\nMessage-Id: <p1@example.se>\n"
            f"Subject: [PATCH] hwmon: (tmp421) check the configuration\n\nSigned-off-by: {ANNA}\n---\n{DIFF}\n")


def mail(sender: str, msgid: str, parent: str, body: str, refs: str = "<p1@example.se>") -> str:
    addr = sender.split(" <")[1].rstrip(">")
    return (f"From {addr} Wed Nov  5 10:00:00 2025\nFrom: {sender}\n"
            "Subject: Re: [PATCH] hwmon: (tmp421) check the configuration\n"
            f"Date: Wed, 5 Nov 2025 10:00:00 +0100\nMessage-ID: <{msgid}>\nIn-Reply-To: <{parent}>\n"
            f"References: {refs} <{parent}>\nContent-Type: text/plain; charset=utf-8\n\n{body}\n")


def review(*mails: str):
    return read_review(build(read_messages([("t.mbox", "\n".join([patch(), *mails]).encode())])), None)


WARN = "+\tWARN_ON(i2c_smbus_write_byte_data(client, TMP421_CONFIG_REG_1, config & ~TMP421_CONFIG_SHUTDOWN));"
COMMENT = "+\t/* start the conversions */"


def test_a_reviewer_answering_a_one_word_comment_asks_about_the_code_quoted_above_it():
    # before: the other reviewer's "Typo." quoted under the code was taken for the code asked about: the
    # request was "not in the series as it stands"
    first = mail(PIOTR, "r1@example.pl", "p1@example.se",
                 f"On Tue, Nov 04, 2025 at 08:00:00AM +0100, Anna Lund wrote:\n> {COMMENT}\n> {WARN}\n\nTypo.\n")
    for level in ("> > ", ">> "):
        second = mail(KAI, "r2@example.de", "r1@example.pl",
                      f"Piotr Nowak <piotr.nowak@example.pl> writes:\n\n{level}{COMMENT}\n{level}{WARN}\n>\n"
                      "> Typo.\n\nAnd WARN_ON_ONCE(), this runs on every probe.\n\nKai\n",
                      refs="<p1@example.se> <r1@example.pl>")
        s = next(s for s in review(first, second).suggestions if s.reviewer.name == "Kai Berger")
        assert s.comment == "And WARN_ON_ONCE(), this runs on every probe."
        assert s.anchor.code == [WARN[1:].strip()], level


def test_the_authors_answer_to_a_reply_under_another_reviewers_comment_is_about_the_code():
    # three levels: the second reviewer's words, the first one's comment, the patch
    first = mail(PIOTR, "r1@example.pl", "p1@example.se",
                 f"On Tue, Nov 04, 2025 at 08:00:00AM +0100, Anna Lund wrote:\n> {COMMENT}\n> {WARN}\n\nTypo.\n")
    second = mail(KAI, "r2@example.de", "r1@example.pl",
                  f"Piotr Nowak <piotr.nowak@example.pl> writes:\n\n> > {WARN}\n>\n> Typo.\n\n"
                  "And WARN_ON_ONCE(), this runs on every probe.\n", refs="<p1@example.se> <r1@example.pl>")
    answer = mail(ANNA, "a1@example.se", "r2@example.de",
                  f"Kai Berger <kai.berger@example.de> writes:\n\n> > > {WARN}\n> >\n> > Typo.\n>\n"
                  "> And WARN_ON_ONCE(), this runs on every probe.\n\nWill do.\n",
                  refs="<p1@example.se> <r1@example.pl> <r2@example.de>")
    s = next(s for s in review(first, second, answer).suggestions if s.reviewer.name == "Kai Berger")
    assert s.anchor.code == [WARN[1:].strip()]
    assert s.response_text == "Will do."


def test_quoting_without_a_colon_is_an_attribution_line():
    # before: "Quoting Anna Lund (2025-11-04 08:00:00)" with no colon was read as a comment of its own
    body = "Quoting Anna Lund (2025-11-04 08:00:00)\n> +\tconfig_orig = (int)config;\n\nThe cast is not needed.\n"
    msg = read_messages([("r.eml", mail(PIOTR, "r1@example.pl", "p1@example.se", body).encode())])[0]
    assert msg.quote_authors == {1: "Anna Lund"}
    assert [s.comment for s in review(mail(PIOTR, "r1@example.pl", "p1@example.se", body)).suggestions] == [
        "The cast is not needed."]
    # a line that only starts so is no attribution
    assert read_messages([("r.eml", mail(PIOTR, "r1@example.pl", "p1@example.se",
                                         "Quoting Linus (the famous line)\n> +\tx;\n").encode())])[0] \
        .quote_authors == {}


def test_an_elision_mark_inside_the_quote_cuts_it_there():
    # before: "> ..." between two quoted lines of the hunk stayed in the quote, which then matched no code
    for mark in ("...", "[...]", "<snip>", "[snip]"):
        body = (f"On Tue, Nov 04, 2025 at 08:00:00AM +0100, Anna Lund wrote:\n"
                f"> +\tconfig = i2c_smbus_read_byte_data(client, TMP421_CONFIG_REG_1);\n> {mark}\n"
                f"> +\tconfig_orig = (int)config;\n\nThe cast is not needed.\n")
        s = review(mail(PIOTR, "r1@example.pl", "p1@example.se", body)).suggestions[0]
        assert s.anchor.code == ["config_orig = (int)config;"], mark


def test_a_quoted_line_broken_inside_its_string_is_one_line_again():
    # before: the second half, unquoted, was a comment of its own ("a remark"), and the request under the
    # rest of the quote had no dev_err() to turn into dev_err_probe()
    for tail in ("register: %d\\n\",", "> register: %d\\n\","):
        body = ("On Tue, Nov 04, 2025 at 08:00:00AM +0100, Anna Lund wrote:\n> +\tif (config < 0) {\n"
                "> +\t\tdev_err(&client->dev, \"could not read the configuration\n" + tail + "\n"
                "> +\t\t\tconfig);\n> +\t\treturn config;\n> +\t}\n\nUse dev_err_probe() here.\n")
        got = review(mail(PIOTR, "r1@example.pl", "p1@example.se", body)).suggestions
        assert [s.comment for s in got] == ["Use dev_err_probe() here."], tail
        assert got[0].anchor.code[:2] == [
            'dev_err(&client->dev, "could not read the configuration register: %d\\n",', "config);"], tail


def test_two_dots_in_brackets_mark_a_cut_too():
    # before: "[..]" between two quotes was read as a comment of its own
    body = ("On Tue, Nov 04, 2025 at 08:00:00AM +0100, Anna Lund wrote:\n> +\tif (config < 0) {\n[..]\n"
            "> +\tconfig_orig = (int)config;\n\nThe cast is not needed.\n")
    got = review(mail(PIOTR, "r1@example.pl", "p1@example.se", body)).suggestions
    assert [(s.comment, s.anchor.code) for s in got] == [("The cast is not needed.", ["config_orig = (int)config;"])]


def test_a_top_posted_pointer_to_the_comments_below_asks_for_nothing():
    # before: "One nit below." above an Outlook original was a request on the commit message, left to the
    # author by hand
    lines = DIFF.split("\n")
    at = next(i for i, ln in enumerate(lines) if "config_orig = (int)config;" in ln) + 1
    body = ("Hi Anna,\n\nOne nit below.\n\nPiotr\n\n-----Original Message-----\nFrom: " + ANNA + "\n"
            "Sent: Tuesday, November 4, 2025 8:00 AM\nTo: linux-hwmon@vger.kernel.org\n"
            "Subject: [PATCH] hwmon: (tmp421) check the configuration\n\n"
            + "\n".join(lines[:at] + ["", "The cast is not needed.", ""] + lines[at:]))
    got = review(mail(PIOTR, "r1@example.pl", "p1@example.se", body)).suggestions
    assert [(s.kind, s.comment) for s in got] == [("comment", "One nit below."),
                                                  ("code", "The cast is not needed.")]


def test_an_agreement_that_goes_on_to_a_request_of_its_own_is_that_request():
    # before: "Agreed, and please also ..." under another reviewer's quoted comment was an agreement
    # only, and the request it adds was lost
    first = mail(PIOTR, "r1@example.pl", "p1@example.se",
                 f"On Tue, Nov 04, 2025 at 08:00:00AM +0100, Anna Lund wrote:\n> {COMMENT}\n> {WARN}\n\n"
                 "Please check the result instead of warning.\n")

    def kai(words: str) -> list[tuple[str, list[str]]]:
        second = mail(KAI, "r2@example.de", "r1@example.pl",
                      f"Piotr Nowak <piotr.nowak@example.pl> writes:\n\n> > {COMMENT}\n> > {WARN}\n>\n"
                      f"> Please check the result instead of warning.\n\n{words}\n",
                      refs="<p1@example.se> <r1@example.pl>")
        return [(s.comment, s.anchor.code) for s in review(first, second).suggestions
                if s.reviewer.name == "Kai Berger"]

    asked = "Agreed, and please also make it WARN_ON_ONCE() while it stays."
    assert kai(asked) == [(asked, [WARN[1:].strip()])]
    assert kai("Agreed. Also, make it WARN_ON_ONCE() while it stays.")[0][1] == [WARN[1:].strip()]
    # agreeing, and carrying the same request further, asks for nothing of its own
    assert kai("Agreed, also in the remove path.") == []
    assert kai("Agreed.") == []


def _outlook_under(answer: str, original: list[str]) -> str:
    return (f"{answer}\n\nPiotr\n\n-----Original Message-----\nFrom: {ANNA}\n"
            "Sent: Tuesday, November 4, 2025 8:00 AM\nTo: linux-hwmon@vger.kernel.org\n"
            "Subject: [PATCH] hwmon: (tmp421) check the configuration\n\n" + "\n".join(original))


def test_a_comment_inside_an_outlook_original_whose_tabs_became_spaces_is_the_repliers():
    # before: with the tabs of the unquoted patch turned to spaces, no line was read as the patch's, and
    # the comment typed under the code stayed part of the original: the request was lost
    lines = [ln for ln in DIFF.split("\n") if ln.startswith(("+", " ")) and not ln.startswith("+++")]
    at = next(i for i, ln in enumerate(lines) if "config_orig = (int)config;" in ln) + 1
    for spaces in (" " * 4, " " * 8, " "):
        shown = [ln.replace("\t", spaces) if spaces != " " else re.sub(r"\t+", " ", ln) for ln in lines]
        body = _outlook_under("See below.", shown[:at] + ["", "The cast is not needed.", ""] + shown[at:])
        got = review(mail(PIOTR, "r1@example.pl", "p1@example.se", body)).suggestions
        assert [(s.kind, s.comment, s.anchor.code) for s in got] == [
            ("comment", "See below.", []), ("code", "The cast is not needed.", ["config_orig = (int)config;"])]


def test_a_list_of_points_in_an_outlook_original_commit_message_is_no_patch_line():
    # a line of points under the subject ("- keep the old value") is the author's text: the lines after it
    # stay the original's, the comment under the code is the replier's
    lines = [ln.replace("\t", "    ") for ln in DIFF.split("\n")
             if ln.startswith(("+", " ")) and not ln.startswith("+++")]
    at = next(i for i, ln in enumerate(lines) if "config_orig = (int)config;" in ln) + 1
    message = ["Read the configuration first.", "", "- keep the old value", "- check the result", "",
               "Also warn when the write fails.", "", f"Signed-off-by: {ANNA}", "---"]
    body = _outlook_under("See below.", message + lines[:at] + ["", "The cast is not needed.", ""] + lines[at:])
    got = review(mail(PIOTR, "r1@example.pl", "p1@example.se", body)).suggestions
    assert [(s.kind, s.comment) for s in got] == [("comment", "See below."), ("code", "The cast is not needed.")]
