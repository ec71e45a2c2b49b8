"""propagate-error: the return of a quoted `if` that tests an error passes that error on."""
from __future__ import annotations

import pytest

from cocci.recipe import CodeContext
from cocci.recipes import propagate_error as PE
from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static int qx_parse_dt(struct device *dev, struct qx_chip *chip)
{
\tint ret;

\tret = of_property_read_u32(dev->of_node, "vref-microvolt", &chip->vref_mv);
\tif (ret) {
\t\tdev_err(dev, "missing vref\\n");
\t\treturn -EINVAL;
\t}

\tchip->clk = devm_clk_get(dev, NULL);
\tif (IS_ERR(chip->clk))
\t\treturn -ENODEV;

\tif (chip->vref_mv > 5000)
\t\treturn -ERANGE;

\treturn 0;
}
"""


def _sugg(first: int, last: int, comment: str):
    quoted = SRC.splitlines()[first - 1:last]
    s = sugg(PATH, "qx_parse_dt", ["+" + q for q in quoted], comment, lines=(first, last))
    s.quote = s.anchor.code = quoted
    return s


@pytest.mark.parametrize("comment", ["Don't override the error code, return ret.", "Why not return ret?",
                                     "Please propagate the error.", "return ret;"])
def test_the_tested_error_is_returned(tmp_path, comment):
    s = _sugg(5, 9, comment)
    if comment.startswith("return"):
        s.code = [comment]
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.kind, s.status, s.summary) == ("propagate-error", Status.APPLIED,
                                             "Return ret instead of -EINVAL in qx_parse_dt()"), s.reason
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == ["-\t\treturn -EINVAL;", "+\t\treturn ret;"]


def test_an_error_pointer_is_returned_as_ptr_err(tmp_path):
    s = _sugg(11, 13, "Don't overwrite the error, devm_clk_get() may return -EPROBE_DEFER.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == [
        "-\t\treturn -ENODEV;", "+\t\treturn PTR_ERR(chip->clk);"]


def test_a_condition_that_tests_no_error_is_manual(tmp_path):
    s = _sugg(15, 16, "Don't override the error code.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC and s.status == Status.MANUAL
    assert "is not the body of an `if` that tests one error value" in s.reason


def test_other_written_code_or_another_value_is_not_this_recipe():
    ctx = CodeContext(PATH, SRC, "qx_parse_dt", {PATH: SRC}, [])
    s = _sugg(5, 9, "return -ENODEV;")
    s.code = ["return -ENODEV;"]
    assert PE.RECIPE.understand(s, ctx) is None
    assert PE.RECIPE.understand(_sugg(5, 9, "Why not return 0 here?"), ctx) is None


@pytest.mark.parametrize(("condition", "value"), [("ret", "ret"), ("err < 0", "err"), ("unlikely(rc)", "rc"),
                                                  ("IS_ERR(st->reg)", "PTR_ERR(st->reg)"), ("!ret", None),
                                                  ("ret && x", None), ("ret > 0", None)])
def test_tested_error(condition, value):
    assert PE.tested_error(condition) == value


UNSURE = """\
static int qx_check(struct qx_chip *chip)
{
\tunsigned int status;
\tbool busy;
\tint ret;

\tret = regmap_read(chip->map, QX_STATUS, &status);
\tif (ret)
\t\treturn ret;
\tif (status)
\t\treturn -EIO;

\tbusy = qx_busy(chip);
\tif (busy)
\t\treturn -EBUSY;

\tret = qx_start(chip);
\tif (ret < 0) {
\t\tret = qx_stop(chip);
\t\treturn -EIO;
\t}
\treturn 0;
}
"""


@pytest.mark.parametrize(("first", "last", "reason"), [
    (10, 11, "status is unsigned int, not a signed integer: whether it holds an error code to return is for the "
             "author"),
    (14, 15, "busy is bool, not a signed integer"),
    (18, 21, "ret is set again between its test and the return: which error to pass on is for the author")])
def test_a_tested_value_that_holds_no_error_is_manual(tmp_path, first, last, reason):
    quoted = UNSURE.splitlines()[first - 1:last]
    s = sugg(PATH, "qx_check", ["+" + q for q in quoted], "Don't override the error code, propagate it.",
             lines=(first, last))
    s.quote = s.anchor.code = quoted
    after, _, _ = pipeline(tmp_path, PATH, UNSURE, [s])
    assert after == UNSURE and s.status == Status.MANUAL and reason in s.reason
