"""drop-parens: "Unneeded parentheses" drops the pairs on the quoted lines that change nothing (around a
whole value, a returned value, a doubled condition); a comma expression or an assignment used as a
condition keeps them (manual)."""
from __future__ import annotations

from pathlib import Path

from cocci.recipes.drop_parens import asks
from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static int qx_get(struct qx *q)
{
\tint val = (q->base + q->off);

\tif ((val > 10))
\t\treturn (val);
\tif ((q->n = qx_count(q)))
\t\treturn (q->n, 0);
\treturn 0;
}
"""


def run(tmp_path: Path, quoted: list[str], comment: str, lines: tuple[int, int]) -> tuple[Suggestion, str]:
    s = sugg(PATH, "qx_get", quoted, comment, answer="Sure.", lines=lines)
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_parentheses_around_a_whole_initializer_go(tmp_path):
    s, after = run(tmp_path, ["+\tint val = (q->base + q->off);"], "Unneeded parentheses.", (3, 3))
    assert (s.kind, s.status) == ("drop-parens", Status.APPLIED), s.reason
    assert after == SRC.replace("(q->base + q->off)", "q->base + q->off")


def test_a_doubled_condition_and_a_returned_value(tmp_path):
    s, after = run(tmp_path, ["+\tif ((val > 10))", "+\t\treturn (val);"], "No need for the parens.", (5, 6))
    assert (s.kind, s.status) == ("drop-parens", Status.APPLIED), s.reason
    assert after == SRC.replace("\tif ((val > 10))\n\t\treturn (val);", "\tif (val > 10)\n\t\treturn val;")


def test_an_assignment_as_a_condition_and_a_comma_expression_keep_theirs(tmp_path):
    s, after = run(tmp_path, ["+\tif ((q->n = qx_count(q)))", "+\t\treturn (q->n, 0);"],
                   "Drop the extra parentheses.", (7, 8))
    assert s.status == Status.MANUAL and after == SRC


def test_what_asks():
    for yes in ("Unneeded parentheses.", "No need for the parens", "drop the extra brackets"):
        assert asks(yes), yes
    for no in ("Please add parentheses around the macro argument.", "Drop the square brackets.",
               "No need for this variable."):
        assert not asks(no), no


ARGS = """\
static int qx_set(struct qx *q, u32 v)
{
\tint ret;

\tret = qx_write(q, QX_HI, ((v >> 8) & 0xff));
\tif (ret)
\t\treturn ret;
\treturn QX_PACK((v), (u8)(v), (v) ? 1 : 0);
}
"""


def test_parentheses_around_a_whole_argument_of_a_call_go(tmp_path):
    """Before: manual, "none that change nothing" (only values, returns and conditions were read)."""
    s = sugg(PATH, "qx_set", ["+\tret = qx_write(q, QX_HI, ((v >> 8) & 0xff));"], "Drop the outer parentheses.",
             answer="Sure.", lines=(5, 5))
    after = applied(tmp_path, PATH, ARGS, s)[0]
    assert (s.kind, s.status) == ("drop-parens", Status.APPLIED), s.reason
    assert after == ARGS.replace("((v >> 8) & 0xff))", "(v >> 8) & 0xff)")


def test_the_arguments_of_a_macro_a_cast_and_a_condition_keep_theirs(tmp_path):
    """A macro may paste its argument where an operator binds tighter; `(u8)(v)` is a cast, `(v) ? 1 : 0`
    no whole argument."""
    s = sugg(PATH, "qx_set", ["+\treturn QX_PACK((v), (u8)(v), (v) ? 1 : 0);"], "Unneeded parentheses.",
             answer="Sure.", lines=(8, 8))
    after = applied(tmp_path, PATH, ARGS, s)[0]
    assert s.status == Status.MANUAL and after == ARGS


CALLS = """\
static int qx_xfer(struct qx *q)
{
\tif ((i2c_transfer(q->adapter, q->msgs, 2)) != 2)
\t\treturn -EIO;
\tif ((QX_COUNT(q)) != 2)
\t\treturn -EIO;
\treturn (u8)(qx_count(q));
}
"""


def test_parentheses_around_a_lone_call_go(tmp_path):
    """`(f(x)) != 2`: nothing binds tighter than the call (before: manual, "hold none that change nothing")."""
    s = sugg(PATH, "qx_xfer", ["+\tif ((i2c_transfer(q->adapter, q->msgs, 2)) != 2)"], "Unneeded parentheses.",
             answer="", lines=(3, 3))
    after = applied(tmp_path, PATH, CALLS, s)[0]
    assert (s.kind, s.status, s.reason) == ("drop-parens", Status.APPLIED, "")
    assert after == CALLS.replace("((i2c_transfer(q->adapter, q->msgs, 2)) != 2)",
                                  "(i2c_transfer(q->adapter, q->msgs, 2) != 2)")


def test_parentheses_around_a_macro_or_a_casts_operand_stay(tmp_path):
    for line, n in (("\tif ((QX_COUNT(q)) != 2)", 5), ("\treturn (u8)(qx_count(q));", 7)):
        s = sugg(PATH, "qx_xfer", ["+" + line], "Unneeded parentheses.", answer="", lines=(n, n))
        after = applied(tmp_path, PATH, CALLS, s)[0]
        assert s.status == Status.MANUAL and after == CALLS, line


def test_a_quoted_line_the_function_has_twice_is_manual(tmp_path):
    text = CALLS.replace("\tif ((QX_COUNT(q)) != 2)", "\tif ((i2c_transfer(q->adapter, q->msgs, 2)) != 2)")
    s = sugg(PATH, "qx_xfer", ["+\tif ((i2c_transfer(q->adapter, q->msgs, 2)) != 2)"], "Unneeded parentheses.",
             answer="", lines=(3, 3))
    after = applied(tmp_path, PATH, text, s)[0]
    assert (s.kind, s.status) == ("manual", Status.MANUAL) and after == text
    assert s.reason == ("drop-parens: the quoted line stands 2 times in qx_xfer(): an edit of one of them cannot be "
                        "told from the others")
