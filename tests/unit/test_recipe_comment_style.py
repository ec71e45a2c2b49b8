"""comment-style: `//` comments as `/* */` and block comments opened and closed on lines of their own,
on the quoted lines only, their words and the code around them untouched."""
from __future__ import annotations

from pathlib import Path

import pytest

from cocci.recipes.comment_style import _block, _c99
from patches.model import Status
from tests.unit.kinds_support import pipeline, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
// SPDX-License-Identifier: GPL-2.0
static int qx_read(struct i2c_client *client, u8 reg)
{
\t// read the register
\tint ret = i2c_smbus_read_byte_data(client, reg); // may fail

\t/* the device needs time
\t * to settle after a read */
\tudelay(10);
\treturn ret;
}
"""


def run(tmp_path: Path, quoted: list[str], comment: str):
    line = SRC.splitlines().index(quoted[-1]) + 1
    s = sugg(PATH, "qx_read", ["+" + q for q in quoted], comment, answer="", lines=(line - len(quoted) + 1, line))
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    return s, after


@pytest.mark.parametrize("comment", ["Please use C-style comments.", "No C++ comments, please.",
                                     "C99 comments are not the kernel's style."])
def test_line_comments_become_block_comments(tmp_path, comment):
    quoted = ["\t// read the register", "\tint ret = i2c_smbus_read_byte_data(client, reg); // may fail"]
    s, after = run(tmp_path, quoted, comment)
    assert (s.kind, s.status) == ("comment-style", Status.APPLIED), s.reason
    assert after == SRC.replace("\t// read the register", "\t/* read the register */").replace(
        "reg); // may fail", "reg); /* may fail */")


def test_a_block_comment_is_opened_and_closed_on_lines_of_its_own(tmp_path):
    quoted = ["\t/* the device needs time", "\t * to settle after a read */"]
    s, after = run(tmp_path, quoted, "Multi-line comment style, please: /* on its own line.")
    assert (s.kind, s.status) == ("comment-style", Status.APPLIED), s.reason
    assert after == SRC.replace("\t/* the device needs time\n\t * to settle after a read */\n",
                                "\t/*\n\t * the device needs time\n\t * to settle after a read\n\t */\n")


def test_what_is_left_alone():
    assert _c99("// SPDX-License-Identifier: GPL-2.0") == "// SPDX-License-Identifier: GPL-2.0"
    assert _c99('\tx = "a//b"; // tail') == '\tx = "a//b"; /* tail */'
    assert _c99("\t/* a // b */") == "\t/* a // b */"
    assert _block(["\t/*", "\t * in style", "\t */"]) is None
