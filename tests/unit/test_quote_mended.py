"""A quoted patch line whose tail the reviewer cut ("+\tret = regmap_write(data->regmap, [...]") is read
as the line of the patch it begins, when one line of the patch is meant; two like lines the quote around
it does not tell apart leave the request manual, saying why.  A quoted line the mail client wrapped
where its second part looks like an added line ("+ channel, val);") is read whole."""
from __future__ import annotations

from cocci.recipe import CodeContext
from cocci.rules import plan
from patches.conversation import build
from patches.mended import mend, rejoin, uncut
from patches.model import Status
from patches.review import read_review
from patches.thread import read_messages

DIFF = """\
diff --git a/drivers/hwmon/max6621.c b/drivers/hwmon/max6621.c
index 1111111..2222222 100644
--- a/drivers/hwmon/max6621.c
+++ b/drivers/hwmon/max6621.c
@@ -480,6 +480,22 @@ static int max6621_probe(struct i2c_client *client)
 \tdata->client = client;
\x20
+\t/* Set CONFIG0 register masking temperature alerts and PEC. */
+\tret = regmap_write(data->regmap, MAX6621_CONFIG0_REG,
+\t\t\t   MAX6621_CONFIG0_INIT);
+\tif (ret)
+\t\treturn ret;
+
+\t/* Set CONFIG1 register for PEC access retry number. */
+\tret = regmap_write(data->regmap, MAX6621_CONFIG1_REG,
+\t\t\t   MAX6621_CONFIG1_INIT);
+\tif (ret)
+\t\treturn ret;
+
+\tret = regcache_sync(data->regmap);
+\tif (ret) {
+\t\tret = regmap_write(data->regmap, MAX6621_TEMP_ALERT_CAUSE_REG + channel, val);
+\t\tdev_info(dev, "failed to sync the register cache with the hardware, error %d\\n", ret);
+\t\treturn ret;
+\t}
 \treturn 0;
 }
--
2.39.5
"""
LINES = [ln for ln in DIFF.split("\n") if ln.startswith("+\t")]
SYNC = LINES[13]
ALERT = LINES[12]
CONFIG1 = LINES[6]


def test_a_line_cut_with_a_mark_is_the_one_line_of_the_patch_it_begins():
    for mark in (" [...]", "...", " [..]", " (...)", " [snip]", "…"):
        cut = SYNC[:40] + mark
        assert uncut(["+\tif (ret) {", cut, "+\t\treturn ret;"], DIFF) == ["+\tif (ret) {", SYNC, "+\t\treturn ret;"]


def test_a_line_cut_where_two_lines_begin_alike_is_told_by_its_neighbours_or_left_cut():
    cut = CONFIG1[:40] + " [...]"
    # the comment above it tells the CONFIG1 write from the CONFIG0 one
    assert uncut([LINES[5], cut], DIFF) == [LINES[5], CONFIG1]
    assert uncut([cut, LINES[7]], DIFF) == [CONFIG1, LINES[7]]
    # alone, or among lines both writes have around them, it could be either
    assert uncut([cut], DIFF) == [cut]
    assert uncut([cut, "+\t...", "+\tif (ret)"], DIFF) == [cut, "+\t...", "+\tif (ret)"]


def test_a_patch_line_that_ends_in_dots_of_its_own_is_left_as_it_is():
    diff = DIFF.replace("+\tret = regcache_sync", "+\t/* and now the cache... */\n+\tret = regcache_sync")
    assert uncut(["+\t/* and now the cache... */"], diff) == ["+\t/* and now the cache... */"]


ANNA = "Anna Lund <anna.lund@example.se>"
PIOTR = "Piotr Nowak <piotr.nowak@example.pl>"


def _review(quote: list[str], comment: str):
    patch = ("From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\n"
             f"From: {ANNA}\nDate: Tue, 4 Nov 2025 08:00:00 +0100\nMessage-Id: <p1@example.se>\n"
             f"Subject: [PATCH] hwmon: (max6621) set up the configuration\n\nSigned-off-by: {ANNA}\n---\n{DIFF}\n")
    reply = ("From piotr.nowak@example.pl Wed Nov  5 10:00:00 2025\nFrom: " + PIOTR + "\n"
             "Subject: Re: [PATCH] hwmon: (max6621) set up the configuration\n"
             "Date: Wed, 5 Nov 2025 10:00:00 +0100\nMessage-ID: <r1@example.pl>\nIn-Reply-To: <p1@example.se>\n"
             "References: <p1@example.se>\nContent-Type: text/plain; charset=utf-8\n\n"
             "On Tue, Nov 04, 2025 at 08:00:00AM +0100, Anna Lund wrote:\n"
             + "".join(f"> {q}\n" for q in quote) + f"\n{comment}\n")
    return read_review(build(read_messages([("t.mbox", (patch + "\n" + reply).encode())])), None).suggestions


def test_a_request_under_a_line_cut_short_is_on_the_whole_line():
    # before: the quote kept "[...]" and was found nowhere: "not in the series as it stands", manual
    got = _review(["+\tret = regcache_sync(data->regmap);", "+\tif (ret) {",
                   "+        dev_info(dev, \"failed to sync the register cache [...]"],
                  "This is an error, please use dev_err().")
    assert [(s.comment, s.anchor.code) for s in got] == [
        ("This is an error, please use dev_err().",
         ['dev_info(dev, "failed to sync the register cache with the hardware, error %d\\n", ret);'])]


def test_a_request_under_a_cut_line_of_two_places_is_manual_and_says_why():
    cut = CONFIG1[:40] + " [...]"
    (s,) = _review([cut], "s/data->regmap/regmap/")
    assert s.quoted[-1] == cut
    assert s.anchor.code == [cut[1:].strip()] and not s.anchor.file
    text = "static int probe(void)\n{\n" + "\n".join(ln[1:] for ln in LINES) + "\n\treturn 0;\n}\n"
    assert plan([s], {s.id: CodeContext("drivers/hwmon/max6621.c", text, "")}) == []
    assert s.status == Status.MANUAL
    assert s.reason == ("the quoted line cut short (ret = regmap_write(data->regmap, MAX66 [...]) is not one line "
                        "of the series: it begins none, or several that the quoted lines around it do not tell "
                        "apart")



def test_a_line_wrapped_before_a_plus_is_the_patch_line_its_parts_make():
    head, tail = ALERT.split(" + ")
    # as Gmail wraps it at 78 columns, tabs turned to spaces: the second part reads as an added line
    parts = [head.replace("\t", "    "), "+ " + tail]
    assert rejoin(["+\tif (ret) {", *parts, "+\t\treturn ret;"], DIFF) == [
        ("+\tif (ret) {", 0), (ALERT, 1), ("+\t\treturn ret;", 3)]
    assert mend([*parts, SYNC[:40] + " [...]"], DIFF) == [(ALERT, 0), (SYNC, 2)]
    # two added lines of the patch stay two lines
    assert rejoin(["+\tif (ret)", "+\t\treturn ret;"], DIFF) == [("+\tif (ret)", 0), ("+\t\treturn ret;", 1)]
    # parts that make no line of the patch are left as they are
    assert rejoin([head, "+ other, val);"], DIFF) == [(head, 0), ("+ other, val);", 1)]


def test_a_request_under_a_line_wrapped_before_a_plus_is_on_the_whole_line():
    # before: "+ channel, val);" was read as an added line of its own, the quote was found nowhere (manual)
    head, tail = ALERT.split(" + ")
    got = _review([LINES[11], head.replace("\t", "    "), "+ " + tail], "Please add a macro for the register.")
    assert [s.anchor.code for s in got] == [
        ["ret = regmap_write(data->regmap, MAX6621_TEMP_ALERT_CAUSE_REG + channel, val);"]]
