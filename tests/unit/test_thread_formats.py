"""Review mails in the shapes real mail clients give them: Outlook originals quoted with '>' or not
quoted at all, nested and unusual quote markers, re-wrapped quotes, transfer encodings, CRLF, HTML
parts, signatures and subject prefixes.  Each test reads a mail the way the review stage does
(read_messages, then the reviewer's chunks) and checks which code a comment is taken to be about."""
from __future__ import annotations

import pytest

from patches.thread import quote_lines, read_messages
from patches.voices import chunks

HEAD = ("From: Tomasz Wierzba <tomasz.wierzba@example.com>\n"
        "Subject: RE: [PATCH v2 1/2] rtc: ds1347: check the result of spi_setup()\n"
        "Message-ID: <r1@example.com>\nIn-Reply-To: <p1@example.org>\n"
        "Content-Type: text/plain; charset=utf-8\n\n")

HUNK = [
    "@@ -140,7 +140,11 @@ static int ds1347_probe(struct spi_device *spi)",
    " \tspi->bits_per_word = 8;",
    "-\tspi_setup(spi);",
    "+\terr = spi_setup(spi);",
    "+\tif (err) {",
    "+\t\tdev_err(&spi->dev, \"spi setup failed\\n\");",
    "+\t\treturn err;",
    "+\t}",
]


def said(body: str, head: str = HEAD) -> list[tuple[list[str], list[str]]]:
    """(the last quoted line above, the comment's lines) of each comment of the reviewer's mail."""
    msg = read_messages([("r.eml", (head + body).encode())])[0]
    return [(c.quote.lines[-1:] if c.quote else [], [ln for p in c.paras for ln in p]) for c in chunks(msg, 0, 1)]


def outlook_head(mark: str) -> str:
    return "\n".join(mark + ln for ln in [
        "-----Original Message-----", "From: Ilse Varga <ilse.varga@example.org>",
        "Sent: Tuesday, October 7, 2025 9:12 AM", "To: Alexandre Belloni <alexandre.belloni@bootlin.com>",
        "Subject: [PATCH v2 1/2] rtc: ds1347: check the result of spi_setup()", ""]) + "\n"


def test_the_words_under_an_outlook_original_quoted_with_markers_are_the_repliers():
    # before: everything after "> -----Original Message-----" was one level deeper, the comment too
    body = "Hi Ilse,\n\n" + outlook_head("> ") + "".join(f"> {ln}\n" for ln in HUNK) + \
        "\nThis is probe, please use dev_err_probe() here.\n\nBest regards\nTomasz\n"
    got = said(body)
    assert got[-1][0] == ["+\t}"]
    assert got[-1][1][0] == "This is probe, please use dev_err_probe() here."


def test_an_outlook_original_quoted_with_markers_holds_its_quote_and_not_the_words_between():
    lines = quote_lines(outlook_head("> ") + "> +\tx = 1;\n>\nDrop this.\n> +\ty = 2;\nAnd this.\n")
    assert [(ln.depth, ln.text) for ln in lines if ln.text] == [
        (1, "Ilse Varga wrote:"), (2, "+\tx = 1;"), (0, "Drop this."), (2, "+\ty = 2;"), (0, "And this.")]


def test_the_author_answering_inline_in_an_outlook_original_quoted_with_markers():
    # the reviewer's words one level under the attribution the rule stands for, the patch one more, all along
    body = "Hi,\n\n" + outlook_head("> ").replace("Ilse Varga <ilse.varga@example.org>", HEAD.split("\n")[0][6:]) + \
        "> > +\tif (err) {\n> Please use dev_err_probe().\n\nWill do.\n\n> > +\t\treturn err;\n" \
        "> Why not return 0 here?\n\nBecause the probe failed.\n"
    msg = read_messages([("a.eml", ("From: Ilse Varga <ilse.varga@example.org>\nSubject: RE: [PATCH] x: y\n"
                                    "Message-ID: <a1@example.org>\n\n" + body).encode())])[0]
    assert msg.quote_authors == {2: "Tomasz Wierzba"}
    got = [(c.quote.lines if c.quote else None, c.paras, c.answer) for c in chunks(msg, 2, 3)]
    assert got == [(["+\tif (err) {"], [["Please use dev_err_probe()."]], ["Will do."]),
                   (["+\t\treturn err;"], [["Why not return 0 here?"]], ["Because the probe failed."])]


def test_a_comment_typed_between_the_lines_of_an_unquoted_outlook_original_is_the_repliers():
    # before: the comment and everything after the rule read as the quoted original
    hunk = HUNK[:5] + ["", "Please use dev_err_probe() here, this is probe.", ""] + HUNK[5:] + \
        ["", "Rest looks fine.", "-- ", "2.39.5"]
    body = "Comments inline.\n\n" + outlook_head("") + "spi_setup() can fail.\n\n" + \
        "diff --git a/drivers/rtc/rtc-ds1347.c b/drivers/rtc/rtc-ds1347.c\n" + "\n".join(hunk) + "\n"
    got = said(body)
    assert got[1] == (["+\tif (err) {"], ["Please use dev_err_probe() here, this is probe."])
    assert got[2] == (["+\t}"], ["Rest looks fine."])
    assert len(got) == 3            # git's "-- " and version under the patch stay in the original


def test_only_some_lines_of_an_unquoted_outlook_original_marked_with_quotes():
    hunk = [HUNK[0], HUNK[1], HUNK[2], HUNK[3], "> " + HUNK[4], "> " + HUNK[5], "",
            "dev_err_probe(), please.", "", HUNK[6], HUNK[7]]
    body = outlook_head("") + "diff --git a/drivers/rtc/rtc-ds1347.c b/drivers/rtc/rtc-ds1347.c\n" + \
        "\n".join(hunk) + "\n"
    got = said(body)
    assert got == [([HUNK[5]], ["dev_err_probe(), please."])]


def test_a_wrapped_to_list_in_an_outlook_header_block_is_still_the_header():
    head = outlook_head("").replace("bootlin.com>\n", "bootlin.com>;\n linux-rtc@vger.kernel.org\n")
    lines = quote_lines("Fine.\n\n" + head + "Body.\n")
    assert [(ln.depth, ln.text) for ln in lines if ln.text] == [
        (0, "Fine."), (0, "Ilse Varga wrote:"), (1, "Body.")]


def test_a_commit_message_line_of_an_unquoted_original_is_not_taken_for_a_comment():
    body = outlook_head("") + "Not checking it hides a broken SPI mode.\n\n" + \
        "diff --git a/drivers/rtc/rtc-ds1347.c b/drivers/rtc/rtc-ds1347.c\n" + "\n".join(HUNK) + "\n"
    assert [ln.depth for ln in quote_lines(body) if ln.text.strip()][1:] == [1] * (2 + len(HUNK))


def test_a_mail_that_quotes_with_pipes_has_its_quote_read_as_one():
    # before: the '| ' lines were the reviewer's own words, the diff inside the comment
    body = "Ilse Varga wrote:\n" + "".join(f"| {ln}\n" for ln in HUNK[:6]) + \
        "\nThis is probe, please use dev_err_probe() here.\n\n-- \nTomasz\n"
    assert said(body) == [([HUNK[5]], ["This is probe, please use dev_err_probe() here."])]


def test_pipes_under_an_attribution_quote_prose_too():
    lines = quote_lines("Ilse Varga wrote:\n| Is the mode fixed on every board?\n| I think so.\n\nYes.\n")
    assert [ln.depth for ln in lines] == [0, 1, 1, 0, 0, 0]


def test_a_table_drawn_with_pipes_stays_text():
    table = "| mode | CPOL | CPHA |\n| 3    | 1    | 1    |\n"
    assert {ln.depth for ln in quote_lines("The modes:\n\n" + table)} == {0}
    # in a mail that quotes with '>', pipes are never a quote marker
    assert [ln.depth for ln in quote_lines("> + x = 1;\n\nSee:\n| + y | z |\n| + w | v |\n")] == [1, 0, 0, 0, 0, 0]


def test_a_quote_without_a_space_after_the_markers_is_read_at_its_depth():
    lines = quote_lines(">> +\tif (err) {\n>\n>This is an error.\n\nIt is not.\n")
    assert [(ln.depth, ln.text) for ln in lines if ln.text] == [
        (2, "+\tif (err) {"), (1, "This is an error."), (0, "It is not.")]


def test_a_quote_of_a_closing_brace_alone_goes_on_with_the_block_quoted_above_it():
    # before: the quote under "And no braces ..." was "+\t}" alone, which names no statement
    body = "Ilse Varga wrote:\n" + "".join(f"> {ln}\n" for ln in HUNK[:7]) + "\nUse dev_err_probe().\n\n" + \
        "".join(f"> {ln}\n" for ln in HUNK[7:]) + "\nAnd no braces around a single statement, please.\n"
    msg = read_messages([("r.eml", (HEAD + body).encode())])[0]
    second = chunks(msg, 0, 1)[-1]
    assert second.quote is not None and second.quote.lines == HUNK


def test_a_quote_with_code_of_its_own_does_not_take_the_one_above():
    body = "".join(f"> {ln}\n" for ln in HUNK[:5]) + "\nOne.\n\n" + "".join(f"> {ln}\n" for ln in HUNK[5:]) + "\nTwo.\n"
    msg = read_messages([("r.eml", (HEAD + body).encode())])[0]
    assert chunks(msg, 0, 1)[-1].quote.lines == HUNK[5:]


ABOVE = ("On Mon, Nov 03, 2025 at 02:30:00PM -0300, Ilse Varga wrote:\n"
         "For this hunk: please use dev_err_probe(), this is probe:\n\n" +
         "".join(f"> {ln}\n" for ln in HUNK[:6]) +
         "\nAnd here no braces for one statement:\n\n" + "".join(f"> {ln}\n" for ln in HUNK[6:]) +
         "\nThanks,\nTomasz\n")


def test_a_mail_written_code_below_has_each_comment_go_with_the_quote_under_it():
    # before: the attribution was read as words of the first comment, and each comment went with the
    # quote above it (none for the first, the dev_err() lines for the second)
    got = said(ABOVE)
    assert got[0] == ([HUNK[5]], ["For this hunk: please use dev_err_probe(), this is probe:"])
    assert got[1] == ([HUNK[7]], ["And here no braces for one statement:"])


def test_an_attribution_above_a_comment_is_no_comment():
    msg = read_messages([("r.eml", (HEAD + ABOVE).encode())])[0]
    assert msg.quote_authors == {1: "Ilse Varga"}


def test_a_mail_with_a_comment_under_its_last_quote_is_read_the_usual_way():
    body = ABOVE.replace("\nThanks,\n", "\nThis one is fine as it is.\n\nThanks,\n")
    got = said(body)
    # the first comment, nothing quoted above it and ending in a colon, still goes with the quote under it
    assert got[0][0] == [HUNK[5]] and got[1][0] == [HUNK[5]] and got[2][0] == [HUNK[7]]


def test_a_first_comment_ending_in_a_colon_goes_with_the_quote_under_it():
    body = "Hi Ilse,\n\nOne thing in the probe hunk:\n\n" + "".join(f"> {ln}\n" for ln in HUNK[:6]) + \
        "\nThat wants dev_err_probe().\n"
    got = said(body)
    assert got[-2:] == [([HUNK[5]], ["One thing in the probe hunk:"]), ([HUNK[5]], ["That wants dev_err_probe()."])]


def test_a_first_comment_not_ending_in_a_colon_stays_without_a_quote():
    body = "The series looks fine overall.\n\n" + "".join(f"> {ln}\n" for ln in HUNK[:6]) + "\nUse dev_err_probe().\n"
    assert said(body)[0] == ([], ["The series looks fine overall."])


def test_a_mail_that_says_its_comments_are_inline_is_read_the_usual_way():
    body = "Comments inline.\n\n" + "".join(f"> {ln}\n" for ln in HUNK[:6]) + "\nUse dev_err_probe().\n\n" + \
        "".join(f"> {ln}\n" for ln in HUNK[6:]) + "\nThanks,\nTomasz\n"
    assert said(body)[1] == ([HUNK[5]], ["Use dev_err_probe()."])


def _timed(body: str) -> float:
    import time
    cpu = time.process_time()
    msg = read_messages([("r.eml", (HEAD + body).encode())])[0]
    chunks(msg, 0, 1)
    return time.process_time() - cpu


def test_the_new_format_rules_read_a_hostile_mail_in_linear_time():
    # deep quotes then thousands of attribution lines; a run of closing braces; pipes; Outlook rules
    figures = {
        "attributions": _timed("> > > x\n" * 20_000 + "Jane Roe wrote:\n" * 20_000),
        "closing braces": _timed("> +\tx = 1;\n\nDrop.\n\n" + "> +\t}\n" * 40_000 + "\nAnd this.\n"),
        "pipes": _timed("Jane Roe wrote:\n" + "| +\tx = 1;\n" * 40_000 + "\nOk.\n"),
        "outlook rules": _timed((outlook_head("> ") + "> +\tx = 1;\nDrop.\n") * 4_000),
        "interjections": _timed(outlook_head("") + "diff --git a/x.c b/x.c\n@@ -1,1 +1,1 @@\n" +
                                "+\tx = 1;\nword\n" * 20_000),
    }
    print(figures)
    assert max(figures.values()) < 10.0


NOTICE = ("CONFIDENTIALITY NOTICE: This message and any attachment are confidential.\n"
          "If you are not the intended recipient, please delete this message and any\n"
          "copies of it and notify the sender immediately.\n")


def test_a_legal_notice_under_the_last_quote_is_no_comment():
    # before: "... please delete this message ..." was a request about the code quoted above it
    body = "Ilse Varga wrote:\n" + "".join(f"> {ln}\n" for ln in HUNK[:6]) + "\n" + NOTICE
    assert said(body) == []


def test_a_legal_notice_between_a_top_posted_answer_and_an_outlook_original_hides_nothing_quoted():
    body = "Fine, I will use dev_err_probe() in v3.\n\n" + NOTICE + "\n" + outlook_head("") + \
        "".join(f"> {ln}\n" for ln in HUNK[:6]) + "\nPlease use dev_err_probe() here.\n"
    msg = read_messages([("r.eml", (HEAD + body).encode())])[0]
    got = chunks(msg, 1, 2)
    assert [(c.paras, c.answer) for c in got] == [([["Please use dev_err_probe() here."]],
                                                   ["Fine, I will use dev_err_probe() in v3."])]


def test_a_request_to_delete_a_log_message_is_no_legal_notice():
    body = "> " + HUNK[5] + "\n\nPlease delete this message, it is noise on every boot.\n"
    assert said(body) == [([HUNK[5]], ["Please delete this message, it is noise on every boot."])]
    body = "> " + HUNK[5] + "\n\nThe key is confidential; an unauthorized reader must not see it.\n"
    assert said(body)[0][1] == ["The key is confidential; an unauthorized reader must not see it."]


def test_the_signature_block_a_legal_notice_hangs_under_goes_with_it():
    body = "> " + HUNK[5] + "\n\nUse dev_err_probe().\n\nTomasz Wierzba\nExample Metering Sp. z o.o.\n" + NOTICE
    assert said(body) == [([HUNK[5]], ["Use dev_err_probe()."])]
    # a request right above the notice is the reviewer's, not a signature
    body = "> " + HUNK[5] + "\n\nUse dev_err_probe().\n" + NOTICE
    assert said(body) == [([HUNK[5]], ["Use dev_err_probe()."])]


def test_an_outlook_header_block_without_a_rule_above_it_opens_an_original():
    # before: with no "-----Original Message-----" line the original was read as the replier's own text
    body = "Will fix in v3.\n\nFrom: Ilse Varga <ilse.varga@example.org>\nSent: Tuesday, October 7, 2025 9:12 AM\n" \
        "To: Tomasz Wierzba <tomasz.wierzba@example.com>\nSubject: RE: [PATCH v2 1/2] rtc: ds1347: check it\n\n" \
        "> +\tif (err) {\nPlease use dev_err_probe().\n"
    lines = quote_lines(body)
    assert [(ln.depth, ln.text) for ln in lines if ln.text] == [
        (0, "Will fix in v3."), (0, "Ilse Varga wrote:"), (2, "+\tif (err) {"), (1, "Please use dev_err_probe().")]


def test_an_outlook_header_block_in_german_or_french_opens_an_original():
    de = "Passt.\n\nVon: Ilse Varga <ilse.varga@example.org>\nGesendet: Dienstag, 7. Oktober 2025 09:12\n" \
        "An: Tomasz Wierzba\nBetreff: [PATCH v2 1/2] rtc: ds1347: check it\n\nBody.\n"
    fr = "D'accord.\n\n-----Message d'origine-----\n" + \
        "De : Ilse Varga <ilse.varga@example.org>\nEnvoyé : mardi 7 octobre 2025 09:12\nÀ : Tomasz Wierzba\n" \
        "Objet : [PATCH v2 1/2] rtc: ds1347: check it\n\nBody.\n"
    for body in (de, fr):
        assert [(ln.depth, ln.text) for ln in quote_lines(body) if ln.text][-2:] == [
            (0, "Ilse Varga wrote:"), (1, "Body.")]


def test_a_from_line_of_a_commit_message_opens_no_original():
    body = "From: Ilse Varga <ilse.varga@example.org>\n\nCheck the result of spi_setup().\n\nSubject to review.\n"
    assert {ln.depth for ln in quote_lines(body)} == {0}


def test_a_top_posted_comment_over_the_whole_quoted_patch_stays_a_general_one():
    quoted = "".join(f"> {ln}\n" for ln in HUNK)
    for body in (f"Please use dev_err_probe() in the probe path.\n\nIlse Varga wrote:\n> It can fail.\n>\n{quoted}",
                 f"Please use dev_err_probe() in the probe path.\n\nIlse Varga wrote:\n{quoted}"):
        assert said(body) == [([], ["Please use dev_err_probe() in the probe path."])]


LONG = '+\tdev_info(dev, "previous power-off factor 0x%02x, watchdog timeout %d seconds\\n", val, max_timeout);'


def test_a_quoted_line_the_client_broke_in_two_is_one_line_again():
    # before: the second half was a line of its own, in the quote or (unquoted) in the comment
    head, tail = LONG[:LONG.index(" %d seconds")], LONG[LONG.index("%d seconds"):]
    for second in (f"> {tail}\n", f"{tail}\n"):
        body = f"Bruno Esposito wrote:\n> {HUNK[1]}\n> {head}\n{second}\nPlease make this dev_dbg().\n"
        assert said(body) == [([LONG], ["Please make this dev_dbg()."])]


def test_a_line_left_open_by_the_code_itself_is_not_joined_to_a_comment():
    body = "> +\tif (a &&\n> +\t    b)\nb) is never true here.\n"
    lines = quote_lines(body)
    assert [ln.text for ln in lines][:3] == ["+\tif (a &&", "+\t    b)", "b) is never true here."]


def test_a_security_review_in_legal_words_is_still_a_review():
    comment = "The key is confidential and privileged; an unauthorized reader must be prohibited from it."
    assert said("> " + HUNK[5] + "\n\n" + comment + "\n") == [([HUNK[5]], [comment])]


@pytest.mark.parametrize("line", [
    "Ilse Varga <ilse.varga@example.org> wrote on 07/10/2025 09:12:34:",
    "Ilse Varga <ilse.varga@example.org> schrieb am Di., 7. Okt. 2025, 09:12:",
    "El mar, 7 oct 2025 a las 9:12, Ilse Varga (<ilse.varga@example.org>) escribió:",
    "Il giorno mar 7 ott 2025 alle ore 09:12 Ilse Varga <ilse.varga@example.org> ha scritto:",
    "Em ter., 7 de out. de 2025 às 09:12, Ilse Varga <ilse.varga@example.org> escreveu:",
    "Op di 7 okt 2025 om 09:12 schreef Ilse Varga <ilse.varga@example.org>:",
    "W dniu 7.10.2025 o 09:12, Ilse Varga pisze:",
    "Den tis 7 okt. 2025 kl 09:12 skrev Ilse Varga <ilse.varga@example.org>:",
    "ti 7.10.2025 klo 9.12 Ilse Varga (ilse.varga@example.org) kirjoitti:",
    "07.10.2025 09:12, Ilse Varga пишет:",
])
def test_attributions_in_other_languages_name_the_quoted_author(line):
    # before: none named anyone (and the Android German one named "am Di., 7. Okt. 2025, 09:12")
    from patches.thread import attribution_name
    assert attribution_name(line) == "Ilse Varga"
    assert said(line + "\n" + "".join(f"> {ln}\n" for ln in HUNK[:6]) + "\nUse dev_err_probe().\n") == [
        ([HUNK[5]], ["Use dev_err_probe()."])]


@pytest.mark.parametrize("line", ["Please change it as follows, as Jane wrote on the list:",
                                  "This is what the datasheet says on page 12:", "x" * 400 + " wrote on 1 May:"])
def test_a_sentence_ending_in_a_colon_names_no_one(line):
    from patches.thread import attribution_name
    assert attribution_name(line) == ""
