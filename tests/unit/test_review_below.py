"""A comment that says it is about the code quoted below it ("Below: ...", "... the hunk below:") goes
with that quote, not with the one above it."""
from __future__ import annotations

import pytest

from patches.thread import read_messages
from patches.voices import below_from, chunks

HEAD = """From: Rui Costa <rui.costa@example.pt>
Subject: Re: [PATCH] iio: zed: trace the sample rate
Message-ID: <z1@example.pt>
In-Reply-To: <p1@example.org>
Content-Type: text/plain; charset=utf-8

Mei Tan wrote:
> Say which sample rate the firmware picked.
>
> Signed-off-by: Mei Tan <mei.tan@example.org>

"""


def read(body: str):
    msg = read_messages([("m.eml", (HEAD + body).encode())])[0]
    return [(c.quote.lines if c.quote else None, [ln for p in c.paras for ln in p]) for c in chunks(msg, 0, 1)]


def test_a_comment_that_starts_with_below_goes_with_the_quote_after_it():
    got = read("Below: the rate is in Hz, please print it with %u.\n\n"
               "> +\tdev_info(zd->dev, \"rate %d\\n\", zd->rate);\n\nThanks\n")
    assert got[0] == (['+\tdev_info(zd->dev, "rate %d\\n", zd->rate);'],
                      ["Below: the rate is in Hz, please print it with %u."])


def test_a_comment_that_ends_announcing_the_code_below():
    got = read("Looks fine, except for one thing in the hunk below:\n\n"
               "> @@ -10,2 +10,3 @@ static int zed_probe(struct platform_device *pdev)\n"
               "> +\tzd->rate = 0;\n\nThat assignment is dead, drop it.\n")
    assert got[0][0] == ["@@ -10,2 +10,3 @@ static int zed_probe(struct platform_device *pdev)", "+\tzd->rate = 0;"]
    assert got[1][1] == ["That assignment is dead, drop it."]


def test_a_comment_about_the_quote_above_stays_with_it():
    got = read("The message is fine.\n\n> +\tzd->rate = 0;\n\nDrop this.\n")
    assert got[0][0][0].startswith("Say which sample rate")
    assert got[1] == (["+\tzd->rate = 0;"], ["Drop this."])


def test_below_from():
    assert below_from([["Nit, the line below: s/rate/hz/"]]) == 0
    assert below_from([["One more remark on the code", "that follows:"]]) is None
    assert below_from([["See below."]]) == 0
    assert below_from([["The rate below 100 Hz is not supported."]]) is None
    assert below_from([["Drop this."], [], ["And one more thing below:"]]) == 2


def test_only_the_last_paragraph_announcing_the_code_below_goes_with_it():
    got = read("> +\tzd->rate = 0;\n\nThis assignment is dead, drop it.\n\nAnd one more thing below:\n\n"
               "> +\tdev_info(zd->dev, \"rate %d\\n\", zd->rate);\n\nUse %u.\n")
    assert got[0][0][-1] == "+\tzd->rate = 0;"
    assert got[0][1] == ["This assignment is dead, drop it."]
    assert got[1] == (['+\tdev_info(zd->dev, "rate %d\\n", zd->rate);'], ["And one more thing below:"])


@pytest.mark.parametrize("comment", [
    "Below is fine, but this assignment is dead, drop it.",     # "below" is what it speaks of
    "This assignment is dead, drop it. Same for the line below:",   # a request on the code above first
])
def test_a_comment_on_the_code_above_that_mentions_below_stays(comment):
    got = read(f"> +\tzd->rate = 0;\n\n{comment}\n\n> +\tzd->hz = 0;\n\nThanks\n")
    assert got[0][0][-1] == "+\tzd->rate = 0;"
    assert got[0][1] == [comment]
