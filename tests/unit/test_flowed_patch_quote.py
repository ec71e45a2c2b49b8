"""format=flowed (RFC 3676) and quoted patches: the blank context line of a quoted hunk (">  ") ends in a
space, but it is an empty line of the quote, not a soft break; joining it glued it to the next code line,
which then lost its '+' marker."""
from __future__ import annotations

from patches.thread import _unflow, read_messages

MAIL = """From: Ana Lima <ana.lima@example.pt>
Subject: Re: [PATCH] hwmon: qux: read the limit once
Message-ID: <f1@example.pt>
In-Reply-To: <p1@example.org>
Content-Type: text/plain; charset=UTF-8; format=flowed

On 3.11.25 9:00, Kim Berg wrote:
>  \tlimit = qux_read(data, QUX_LIMIT);
>\x20\x20
> +\tif (limit < 0)
> +\t\treturn limit;

The check belongs before the assignment to data->limit, which this hunk\x20
does not show.
"""


def test_a_blank_quoted_context_line_is_not_joined_to_the_next():
    (m,) = read_messages([("m.eml", MAIL.encode())])
    quoted = [ln.text for ln in m.lines if ln.depth == 1]
    assert quoted == [" \tlimit = qux_read(data, QUX_LIMIT);", "", "+\tif (limit < 0)", "+\t\treturn limit;"]
    assert "The check belongs before the assignment to data->limit, which this hunk does not show." in m.body


def test_prose_still_flows_and_quoted_prose_too():
    text = "> one soft \n> line\nmine soft \nline\n"
    assert _unflow(text, False) == "> one soft line\nmine soft line\n"
