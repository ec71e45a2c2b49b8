"""format-specifier with "Same below.": the like calls after the quote in the quoted function get the
same conversion fix when their argument has the quoted one's declared type; others are named and stay."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/misc/tq.c"
SRC = """// SPDX-License-Identifier: GPL-2.0
struct tq {
	struct device *dev;
	unsigned int nr;
};

static int tq_show(struct tq *tq)
{
	unsigned int used = tq->nr;
	unsigned int free = 4 - used;
	int err = 0;

	dev_info(tq->dev, "used %d\\n", used);
	dev_info(tq->dev, "free %d of %d\\n", free, tq->nr);
	dev_info(tq->dev, "err %d\\n", err);
	return 0;
}

static int tq_dump(struct tq *tq)
{
	unsigned int used = tq->nr;

	dev_info(tq->dev, "used %d\\n", used);
	return 0;
}
"""
QUOTE = ["+\tdev_info(tq->dev, \"used %d\\n\", used);"]
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def test_same_below_fixes_the_like_calls_of_the_quoted_function_only(tmp_path):
    s = sugg(PATH, "tq_show", QUOTE, "used is unsigned, please use %u. Same below.", answer="")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "format-specifier")
    # the int err keeps its %d, and the reason names it
    assert s.reason == "partly: the rest is left to the author (the dev_info() on line 15: err is int, " \
                       "not of the quoted value's type)"
    assert hunks(PATH, SRC, after) == [
        "@@ -10,8 +10,8 @@",
        " \tunsigned int free = 4 - used;",
        " \tint err = 0;",
        " ",
        "-\tdev_info(tq->dev, \"used %d\\n\", used);",
        "-\tdev_info(tq->dev, \"free %d of %d\\n\", free, tq->nr);",
        "+\tdev_info(tq->dev, \"used %u\\n\", used);",
        "+\tdev_info(tq->dev, \"free %u of %u\\n\", free, tq->nr);",
        " \tdev_info(tq->dev, \"err %d\\n\", err);",
        " \treturn 0;",
        " }",
    ]
    assert "\tdev_info(tq->dev, \"used %d\\n\", used);\n\treturn 0;\n}\n" in after     # tq_dump() as it was
    assert "used is unsigned, please use %u. Same below." in rules[0].text


def test_same_below_with_no_like_call_after_the_quote_says_so(tmp_path):
    quote = ["+\tdev_info(tq->dev, \"err %d\\n\", err);"]
    s = sugg(PATH, "tq_show", quote, "Nit: s/%d/%i/. Ditto below.", answer="")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.reason) == (Status.APPLIED, 'partly: "same below" found no like place after the '
                                                    'quoted lines in tq_show()')
    assert after == SRC.replace("err %d", "err %i")


def test_without_same_below_only_the_quoted_call_changes(tmp_path):
    s = sugg(PATH, "tq_show", QUOTE, "used is unsigned, please use %u.", answer="")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.reason) == (Status.APPLIED, "")
    assert after == SRC.replace("\"used %d\\n\", used);\n\tdev_info(tq->dev, \"free",
                                "\"used %u\\n\", used);\n\tdev_info(tq->dev, \"free", 1)
