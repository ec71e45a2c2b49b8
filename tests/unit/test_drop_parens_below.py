"""drop-parens with "Same below.": the needless parentheses of the quoted kind in the later statements of
the quoted function go too; other functions keep theirs."""
from __future__ import annotations

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/misc/tq.c"
SRC = """// SPDX-License-Identifier: GPL-2.0
static int tq_calc(struct tq *tq)
{
	int a = (tq->n + 1);
	int b;

	if ((a > 2))
		b = (a * 2);
	else
		b = (a, 3);
	return (b);
}

static int tq_other(struct tq *tq)
{
	int a = (tq->n + 1);

	return a;
}
"""


def test_same_below_drops_the_like_parentheses_of_the_quoted_function_only(tmp_path):
    s = sugg(PATH, "tq_calc", ["+\tint a = (tq->n + 1);"], "Unneeded parentheses. Same below.", answer="")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "drop-parens"), s.reason
    # only values assigned, as quoted: the condition and the returned value keep theirs, and the comma
    # expression is not needless
    assert s.reason == ""
    assert hunks(PATH, SRC, after) == [
        "@@ -1,11 +1,11 @@",
        " // SPDX-License-Identifier: GPL-2.0",
        " static int tq_calc(struct tq *tq)",
        " {",
        "-\tint a = (tq->n + 1);",
        "+\tint a = tq->n + 1;",
        " \tint b;",
        " ",
        " \tif ((a > 2))",
        "-\t\tb = (a * 2);",
        "+\t\tb = a * 2;",
        " \telse",
        " \t\tb = (a, 3);",
        " \treturn (b);",
    ]
    assert "Unneeded parentheses. Same below." in rules[0].text


def test_same_below_with_no_like_place_after_the_quote_says_so(tmp_path):
    s = sugg(PATH, "tq_other", ["+\tint a = (tq->n + 1);"], "No need for the parens. Ditto below.", answer="")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.reason) == (Status.APPLIED, 'partly: "same below" found no like place after the '
                                                    'quoted lines in tq_other()')
    assert after == SRC.replace("{\n\tint a = (tq->n + 1);\n\n\treturn a;", "{\n\tint a = tq->n + 1;\n\n\treturn a;")
