"""whitespace with "Same below.": the later statements of the quoted function with the same fault are
fixed the same way; other functions keep theirs."""
from __future__ import annotations

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/misc/tq.c"
SRC = """// SPDX-License-Identifier: GPL-2.0
static int tq_calc(struct tq *tq)
{
	int a = tq->n ;
	int b = a * 2;

	tq_put(tq, a) ;
	return b ;
}

static int tq_other(struct tq *tq)
{
	return tq->n ;
}
"""


def test_same_below_fixes_the_like_faults_of_the_quoted_function_only(tmp_path):
    s = sugg(PATH, "tq_calc", ["+\tint a = tq->n ;"], "Stray space before ;. Same below.", answer="")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.kind, s.reason) == (Status.APPLIED, "whitespace", "")
    assert hunks(PATH, SRC, after) == [
        "@@ -1,11 +1,11 @@",
        " // SPDX-License-Identifier: GPL-2.0",
        " static int tq_calc(struct tq *tq)",
        " {",
        "-\tint a = tq->n ;",
        "+\tint a = tq->n;",
        " \tint b = a * 2;",
        " ",
        "-\ttq_put(tq, a) ;",
        "-\treturn b ;",
        "+\ttq_put(tq, a);",
        "+\treturn b;",
        " }",
        " ",
        " static int tq_other(struct tq *tq)",
    ]
    assert "Stray space before ;. Same below." in rules[0].text


def test_same_below_with_no_like_fault_after_the_quote_says_so(tmp_path):
    s = sugg(PATH, "tq_other", ["+\treturn tq->n ;"], "Stray space before ;. Ditto below.", answer="")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.status, s.reason) == (Status.APPLIED, 'partly: "same below" found no like place after the '
                                                    'quoted lines in tq_other()')
    assert after == SRC.replace("return tq->n ;", "return tq->n;")
