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


STORE = """\
static ssize_t qx_mode_store(struct device *dev, struct device_attribute *attr, const char *buf, size_t len)
{
\tstruct qx_chip *chip = dev_get_drvdata(dev);
\tunsigned int mode;
\tint ret;

\tif (kstrtouint(buf, 0, &mode))
\t\treturn -EINVAL;

\tif (regmap_write(chip->map, QX_MODE, mode) < 0) {
\t\tdev_err(dev, "cannot set the mode\\n");
\t\treturn -EIO;
\t}

\tret = qx_sync(chip);
\treturn ret ? ret : len;
}
"""


def _store(first: int, last: int, comment: str, src: str = STORE):
    quoted = src.splitlines()[first - 1:last]
    s = sugg(PATH, "qx_mode_store", ["+" + q for q in quoted], comment, lines=(first, last))
    s.quote = s.anchor.code = quoted
    return s


@pytest.mark.parametrize(("first", "last", "comment", "changed"), [
    (7, 8, "Please propagate the error kstrtouint() returns.",
     ["-\tif (kstrtouint(buf, 0, &mode))", "-\t\treturn -EINVAL;", "+\tret = kstrtouint(buf, 0, &mode);",
      "+\tif (ret)", "+\t\treturn ret;"]),
    (10, 13, "Don't override the error from regmap_write().",
     ["-\tif (regmap_write(chip->map, QX_MODE, mode) < 0) {", "+\tret = regmap_write(chip->map, QX_MODE, mode);",
      "+\tif (ret < 0) {", "-\t\treturn -EIO;", "+\t\treturn ret;"]),
])
def test_a_tested_call_keeps_its_error_in_the_local_that_holds_errors(tmp_path, first, last, comment, changed):
    s = _store(first, last, comment)
    after, _, _ = pipeline(tmp_path, PATH, STORE, [s])
    assert (s.kind, s.status) == ("propagate-error", Status.APPLIED), s.reason
    assert [h for h in hunks(PATH, STORE, after) if h[:1] in "+-"] == changed


@pytest.mark.parametrize(("src", "reason"), [
    # the local is read after the test before it is set again: the success path would see the call's value
    (STORE.replace("\tret = qx_sync(chip);\n", ""), "ret is read on line 15 before it is set again"),
    (STORE.replace("kstrtouint(buf, 0, &mode)", "copy_from_user(&mode, buf, 4)"),
     "copy_from_user() gives no error code"),
    (STORE.replace("\tint ret;\n", "\tint ret;\n\tint err;\n").replace("ret = qx_sync", "err = qx_sync")
     .replace("ret ? ret", "err ? err"), "more than one local that holds an error code (ret, err)"),
])
def test_a_tested_call_that_cannot_surely_keep_its_error_is_manual(tmp_path, src, reason):
    first = next(n for n, ln in enumerate(src.splitlines(), 1) if ln.startswith("\tif ("))
    s = _store(first, first + 1, "Please propagate the error.", src)
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert after == src and s.status == Status.MANUAL
    assert reason in s.reason


def test_a_tested_call_with_more_to_its_condition_is_manual(tmp_path):
    src = STORE.replace("kstrtouint(buf, 0, &mode))", "kstrtouint(buf, 0, &mode) || mode > 3)")
    s = _store(7, 8, "Please propagate the error.", src)
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert after == src and s.status == Status.MANUAL
    assert "is not the body of an `if` that tests one error value" in s.reason


RATE = """\
static ssize_t qx_rate_store(struct device *dev, struct device_attribute *attr, const char *buf, size_t len)
{
\tstruct qx_chip *chip = dev_get_drvdata(dev);
\tunsigned int rate;
\tint ret = len;

\tif (kstrtouint(buf, 0, &rate))
\t\treturn -EINVAL;

\tmutex_lock(&chip->lock);
\tif (chip->rate == rate)
\t\tgoto out;
\tret = qx_set_rate(chip, rate);
out:
\tmutex_unlock(&chip->lock);
\treturn ret ? ret : len;
}
"""
NESTED = RATE.replace("\tif (chip->rate == rate)\n\t\tgoto out;\n\tret = qx_set_rate(chip, rate);\nout:\n",
                      "\tif (chip->rate != rate)\n\t\tret = qx_set_rate(chip, rate);\n")


@pytest.mark.parametrize(("src", "reason"), [
    (RATE, "propagate-error: the goto on line 12 leaves before ret is set again: keeping the call's value in ret "
           "would change what is read after its label"),
    (NESTED, "propagate-error: ret is set again on line 12 only on some paths: keeping the call's value in it "
             "would change what is read where it is not"),
])
def test_a_local_set_again_only_past_a_goto_or_on_some_paths_is_manual(tmp_path, src, reason):
    """Before: `ret = kstrtouint(...)` took the place of the test, and the store returned 0 (ret, past the
    goto or the if that sets it again) in place of the length it was set to."""
    quoted = src.splitlines()[6:8]
    s = sugg(PATH, "qx_rate_store", ["+" + q for q in quoted], "Propagate the error from kstrtouint() instead of "
             "returning -EINVAL.", lines=(7, 8))
    s.quote = s.anchor.code = quoted
    after, _, _ = pipeline(tmp_path, PATH, src, [s])
    assert after == src
    assert (s.status, s.reason) == (Status.MANUAL, reason)


WRITE = """\
static int qx_write(struct qx_chip *chip, u8 cmd, u8 len)
{
\tint ret;

\tret = qx_send(chip, cmd);
\tif (ret) {
\t\tpr_warn("cmd fail\\n");
\t\treturn -EIO;
\t}
\tret = qx_send(chip, len);
\tif (ret < 0) {
\t\tpr_warn("len fail\\n");
\t\treturn -EIO;
\t}
\tret = qx_wait(chip);
\tif (ret)
\t\treturn -EIO;
\tif (qx_busy(chip))
\t\treturn -EIO;
\treturn 0;
}
"""


def _write_sugg(first: int, last: int, comment: str):
    quoted = WRITE.splitlines()[first - 1:last]
    s = sugg(PATH, "qx_write", ["+" + q for q in quoted], comment, lines=(first, last))
    s.quote = s.anchor.code = quoted
    return s


@pytest.mark.parametrize("comment", ["return ret; in all of these.", "These returns should propagate ret.",
                                     "Don't override the error codes, return ret everywhere here."])
def test_every_quoted_return_is_changed_when_the_comment_reaches_them_all(tmp_path, comment):
    s = _write_sugg(5, 17, comment)
    after, _, _ = pipeline(tmp_path, PATH, WRITE, [s])
    assert (s.kind, s.status, s.summary) == ("propagate-error", Status.APPLIED,
                                             "Return ret instead of -EIO in qx_write() (3 places)"), s.reason
    assert [h for h in hunks(PATH, WRITE, after) if h[:1] in "+-"] == [
        "-\t\treturn -EIO;", "+\t\treturn ret;"] * 3
    assert after.count("return -EIO;") == 1        # the return of qx_busy() is not quoted


def test_no_quoted_return_is_changed_when_one_of_them_tests_no_error(tmp_path):
    # the quote holds the return of qx_busy()'s truth too: no error to pass on there
    s = _write_sugg(15, 19, "Return ret in all of these.")
    after, _, _ = pipeline(tmp_path, PATH, WRITE, [s])
    assert (s.status, s.reason) == (Status.MANUAL, "no recipe understands this comment")
    assert after == WRITE


def test_both_under_three_quoted_returns_changes_none(tmp_path):
    s = _write_sugg(5, 17, "return ret in both.")
    after, _, _ = pipeline(tmp_path, PATH, WRITE, [s])
    assert s.status == Status.MANUAL
    assert after == WRITE


@pytest.mark.parametrize("comment, words", [
    ("Don't return -EIO here, return ret. The second one is fine, qx_arg() only returns -EIO anyway.",
     "The second one is fine"),
    ("return ret; the other one can stay.", "the other one can stay")])
def test_a_like_place_called_fine_by_its_order_is_manual(tmp_path, comment, words):
    # the return right above the comment may be the one called fine: none is changed
    s = _write_sugg(5, 13, comment)
    after, _, _ = pipeline(tmp_path, PATH, WRITE, [s])
    assert (s.status, s.reason) == (Status.MANUAL, f"the comment calls one of the like statements of the quote "
                                    f"fine by its order (\"{words}\"): which of them to change is for the author")
    assert after == WRITE
