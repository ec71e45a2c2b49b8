"""hex-case: "Use lowercase for hex values." under the lines a patch adds writes their hex constants in
that case, code only (strings and comments stay), nothing else of the lines; a question or "either is
fine" asks for nothing."""
from __future__ import annotations

import pytest

from cocci.recipes.hex_case import asked, recased
from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/iio/light/qx.c"
SRC = """\
// SPDX-License-Identifier: GPL-2.0
#define QX_REG_CTRL\t\t0x1A
#define QX_REG_MASK\t\t0xFFUL

static int qx_reset(struct qx *q)
{
\tqx_write(q, QX_REG_CTRL, 0xAB);\t/* 0xAB: the datasheet's reset code */
\tdev_dbg(q->dev, "reset 0xAB\\n");
\treturn 0;
}
"""


def _run(tmp_path, quoted: list[str], comment: str, path: str = PATH, text: str = SRC, fn: str = ""):
    lines = text.splitlines()
    first = next(i for i in range(len(lines)) if lines[i:i + len(quoted)] == quoted) + 1
    s = sugg(path, fn, ["+" + q for q in quoted], comment, answer="", lines=(first, first + len(quoted) - 1))
    after, _, _ = pipeline(tmp_path, path, text, [s])
    return s, after


@pytest.mark.parametrize("comment", ["Use lowercase for hex values.", "Lower case hex, please.", "nit: lowercase hex"])
def test_the_quoted_defines_take_lowercase_hex(tmp_path, comment):
    s, after = _run(tmp_path, ["#define QX_REG_CTRL\t\t0x1A", "#define QX_REG_MASK\t\t0xFFUL"], comment)
    assert (s.kind, s.status) == ("hex-case", Status.APPLIED), s.reason
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == [
        "-#define QX_REG_CTRL\t\t0x1A", "-#define QX_REG_MASK\t\t0xFFUL",
        "+#define QX_REG_CTRL\t\t0x1a", "+#define QX_REG_MASK\t\t0xffUL"]


def test_inside_a_function_strings_and_comments_stay(tmp_path):
    s, after = _run(tmp_path, ["\tqx_write(q, QX_REG_CTRL, 0xAB);\t/* 0xAB: the datasheet's reset code */",
                               "\tdev_dbg(q->dev, \"reset 0xAB\\n\");"], "Lowercase hex please", fn="qx_reset")
    assert (s.kind, s.status) == ("hex-case", Status.APPLIED), s.reason
    assert after == SRC.replace("QX_REG_CTRL, 0xAB);", "QX_REG_CTRL, 0xab);")


@pytest.mark.parametrize("comment", ["Please use a define for 0xAB, and lowercase hex.",
                                     "Lowercase hex, and give this magic value a name."])
def test_a_name_asked_for_the_constant_too_is_left_to_the_author(tmp_path, comment):
    """The case changes; the #define the comment asks for too is named as left (it was said applied)."""
    s, after = _run(tmp_path, ["\tqx_write(q, QX_REG_CTRL, 0xAB);\t/* 0xAB: the datasheet's reset code */"], comment,
                    fn="qx_reset")
    assert (s.kind, s.status, s.reason) == ("hex-case", Status.APPLIED,
                                            "partly: the rest is left to the author (a name for the constant)")
    assert after == SRC.replace("QX_REG_CTRL, 0xAB);", "QX_REG_CTRL, 0xab);")


def test_a_devicetree_source_takes_it_too(tmp_path):
    dts = "/dts-v1/;\n\n/ {\n\tsensor@1A {\n\t\treg = <0x1A>;\n\t};\n};\n"
    s, after = _run(tmp_path, ["\t\treg = <0x1A>;"], "Use lower case hex.", path="arch/arm64/boot/dts/acme/qx.dts",
                    text=dts)
    assert s.status == Status.APPLIED, s.reason
    assert after == dts.replace("<0x1A>", "<0x1a>")


@pytest.mark.parametrize(("comment", "case"), [
    ("Use lowercase for hex values.", "lower"), ("Upper case hex is the norm in this driver.", "upper"),
    ("Should these be lower case hex?", ""), ("Lower case or upper case hex, either is fine.", ""),
    ("Lowercase hex is not required.", ""), ("Use lower case for the name.", ""),
])
def test_what_is_asked(comment, case):
    assert asked(comment) == case


def test_recased_keeps_what_is_no_hex_constant():
    assert recased("\tx = 0X1F + ABC + 0x1fU; /* 0xFF */", "upper") == "\tx = 0x1F + ABC + 0x1FU; /* 0xFF */"
