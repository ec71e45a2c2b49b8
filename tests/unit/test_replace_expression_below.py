"""replace-expression with "Same below.": the same sub-expression on the later lines of the quoted
function becomes the reviewer's expression too; other functions keep theirs."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status, Suggestion
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/misc/tq.c"
SRC = """// SPDX-License-Identifier: GPL-2.0
static void tq_setup(struct tq *tq, struct tq_regs *regs)
{
	struct tq_regs *saved;

	memset(regs, 0, sizeof(struct tq_regs));
	saved = kmemdup(regs, sizeof(struct tq_regs), GFP_KERNEL);
	tq_copy(regs, saved, sizeof(struct tq_regs));
	tq_cmp(regs, saved, sizeof(struct tq_regs), sizeof(struct tq_regs));
}

static void tq_reset(struct tq *tq, struct tq_regs *regs)
{
	memset(regs, 0, sizeof(struct tq_regs));
}
"""
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def quoting(fn: str, line: int, comment: str) -> Suggestion:
    """A suggestion with COMMENT under line LINE of SRC (in function FN)."""
    s = sugg(PATH, fn, ["+" + SRC.splitlines()[line - 1]], comment, answer="", lines=(line, line))
    s.quote = [SRC.splitlines()[line - 1]]
    return s


def test_same_below_replaces_the_later_like_places_of_the_quoted_function_only(tmp_path):
    s = quoting("tq_setup", 6, "sizeof(*regs). Same below.")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-expression"), s.reason
    # a line with the expression twice is not one like place: it stays, named
    assert s.reason == "partly: the rest is left to the author (line 9: sizeof(*regs) lines up with 2 places on it)"
    assert hunks(PATH, SRC, after) == [
        "@@ -3,9 +3,9 @@",
        " {",
        " \tstruct tq_regs *saved;",
        " ",
        "-\tmemset(regs, 0, sizeof(struct tq_regs));",
        "-\tsaved = kmemdup(regs, sizeof(struct tq_regs), GFP_KERNEL);",
        "-\ttq_copy(regs, saved, sizeof(struct tq_regs));",
        "+\tmemset(regs, 0, sizeof(*regs));",
        "+\tsaved = kmemdup(regs, sizeof(*regs), GFP_KERNEL);",
        "+\ttq_copy(regs, saved, sizeof(*regs));",
        " \ttq_cmp(regs, saved, sizeof(struct tq_regs), sizeof(struct tq_regs));",
        " }",
        " ",
    ]
    assert "sizeof(*regs). Same below." in rules[0].text


def test_same_below_with_no_like_place_after_the_quote_says_so(tmp_path):
    s = quoting("tq_reset", 14, "sizeof(*regs) please, ditto further down")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.reason) == (Status.APPLIED, 'partly: "same below" found no like place after the '
                                                    'quoted lines in tq_reset()')
    assert after == SRC.replace("0, sizeof(struct tq_regs));\n}\n", "0, sizeof(*regs));\n}\n")


def test_without_same_below_only_the_quoted_line_changes(tmp_path):
    s = quoting("tq_setup", 6, "sizeof(*regs)")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.reason) == (Status.APPLIED, "")
    assert after == SRC.replace("sizeof(struct tq_regs)", "sizeof(*regs)", 1)
