"""A quote with lines cut out of one call ("[...]" between its first and its last line) is one quote of
that call: the lines after the elision mark go on with those before it, and the quote is found in the
file with the cut-out lines between its parts."""
from __future__ import annotations

import pytest

from patches import anchor as anc
from patches.thread import read_messages
from patches.voices import chunks

HEAD = """From: Rui Costa <rui.costa@example.pt>
Subject: Re: [PATCH] misc: zed: log the setup
Message-ID: <z1@example.pt>
In-Reply-To: <p1@example.org>
Content-Type: text/plain; charset=utf-8

Mei Tan wrote:
> Log how the device was set up.
>
> Signed-off-by: Mei Tan <mei.tan@example.org>

"""

CALL = """> @@ -20,6 +20,11 @@ static int zed_probe(struct zed *z)
> +\tdev_dbg(z->dev, "%s: fifo %u, dma %s, irq %s\\n",
{mark}
> +\t\tz->has_irq ? "yes" : "no");

There is str_yes_no() for this.
"""

FILE = ("static int zed_probe(struct zed *z)\n{\n\tz->fifo = 16;\n\n"
        "\tdev_dbg(z->dev, \"%s: fifo %u, dma %s, irq %s\\n\",\n\t\tz->name, z->fifo,\n"
        "\t\tz->has_dma ? \"yes\" : \"no\",\n\t\tz->has_irq ? \"yes\" : \"no\");\n\treturn 0;\n}\n")


def read(body: str):
    msg = read_messages([("m.eml", (HEAD + body).encode())])[0]
    return [(c.quote.lines if c.quote else None, [ln for p in c.paras for ln in p]) for c in chunks(msg, 0, 1)]


@pytest.mark.parametrize("mark", ["[...]", "<snip>", "..."])
def test_lines_cut_out_of_one_call_leave_one_quote(mark):
    """Before: the quote after the elision mark was taken for another part of the patch, and the
    comment was about the call's last line alone (one of its two yes/no ternaries)."""
    got = read(CALL.format(mark=mark))
    quote, said = got[-1]
    assert said == ["There is str_yes_no() for this."]
    assert [q for q in quote if q.startswith("+")] == [
        '+\tdev_dbg(z->dev, "%s: fifo %u, dma %s, irq %s\\n",', '+\t\tz->has_irq ? "yes" : "no");']


def test_an_elision_after_a_complete_statement_still_starts_another_quote():
    body = ("> +\tz->fifo = 16;\n[...]\n> +\t\tz->has_irq ? \"yes\" : \"no\");\n\nThere is str_yes_no() for this.\n")
    quote, _ = read(body)[-1]
    assert quote == ['+\t\tz->has_irq ? "yes" : "no");']


def test_a_quote_with_lines_cut_out_of_a_call_is_found_with_them():
    lines = tuple(FILE.split("\n"))
    quoted = ['dev_dbg(z->dev, "%s: fifo %u, dma %s, irq %s\\n",', '\tz->has_irq ? "yes" : "no");']
    assert anc.find_lines(lines, quoted) == [(5, 8)]
    # the call ends before the line quoted after the gap: not one piece of code
    assert anc.find_lines(lines, ['dev_dbg(z->dev, "%s: fifo %u, dma %s, irq %s\\n",', "return 0;"]) == []
    # a gap after a line that closes what it opens
    assert anc.find_lines(lines, ["z->fifo = 16;", 'z->has_irq ? "yes" : "no");']) == []


def test_an_elision_after_an_open_header_before_a_statement_starts_another_quote():
    """A function header quoted on its first line, then "[...]", then statements of its body: the quote
    after the mark is those statements (the header's parenthesis closes in the lines cut out)."""
    body = ("> +static int zed_setup(struct zed *z,\n[...]\n> +\tret = zed_reset(z);\n> +\tif (ret)\n"
            "> +\t\treturn ret;\n\nReturn zed_reset() directly.\n")
    quote, _ = read(body)[-1]
    assert quote == ["+\tret = zed_reset(z);", "+\tif (ret)", "+\t\treturn ret;"]
