"""lock-guard: a lock/unlock pair becomes guard() or scoped_guard() only where the lock is held exactly as
long as before (real 6.12 drivers, the patch under review with the older lock and unlock calls)."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, on_real_code

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

AF = "drivers/iio/magnetometer/af8133j.c"
AF_GUARDED = "\t\tscoped_guard(mutex, &data->mutex)\n\t\t\tret = regmap_write(data->regmap,\n" \
             "\t\t\t\t\t   AF8133J_REG_RANGE, range);"
AF_LOCKED = "\t\tmutex_lock(&data->mutex);\n\t\tret = regmap_write(data->regmap,\n" \
            "\t\t\t\t   AF8133J_REG_RANGE, range);\n" \
            "\t\tmutex_unlock(&data->mutex);"
AF_QUOTE = ["+\t\tmutex_lock(&data->mutex);", "+\t\tret = regmap_write(data->regmap,",
            "+\t\t\t\t   AF8133J_REG_RANGE, range);", "+\t\tmutex_unlock(&data->mutex);"]


def changed(path: str, before: str, after: str) -> list[str]:
    return [ln for ln in hunks(path, before, after) if ln[:1] in "+-"]


def test_scoped_guard_around_one_statement(tmp_path, kernel_source):
    s, real, before, after = on_real_code(tmp_path, kernel_source, AF, [(AF_GUARDED, AF_LOCKED)], "af8133j_set_scale",
                                          AF_QUOTE, "Please use scoped_guard(mutex, &data->mutex) here.")
    assert (s.status, s.kind) == (Status.APPLIED, "lock-guard"), s.reason
    assert changed(AF, before, after) == [
        "-\t\tmutex_lock(&data->mutex);", "-\t\tret = regmap_write(data->regmap,",
        "-\t\t\t\t   AF8133J_REG_RANGE, range);", "-\t\tmutex_unlock(&data->mutex);",
        "+\t\tscoped_guard(mutex, &data->mutex)", "+\t\t\tret = regmap_write(data->regmap,",
        "+\t\t\t\t\t   AF8133J_REG_RANGE, range);"]
    assert after == real


def test_the_reviewers_guard_line_takes_the_unlock_with_it(tmp_path, kernel_source):
    s, _, before, after = on_real_code(tmp_path, kernel_source, AF, [(AF_GUARDED, AF_LOCKED)], "af8133j_set_scale",
                                       AF_QUOTE[:1], "\tguard(mutex)(&data->mutex);",
                                       written=["\t\tguard(mutex)(&data->mutex);"])
    assert (s.status, s.kind) == (Status.APPLIED, "lock-guard"), s.reason
    assert changed(AF, before, after) == ["-\t\tmutex_lock(&data->mutex);", "+\t\tguard(mutex)(&data->mutex);",
                                          "-\t\tmutex_unlock(&data->mutex);"]


def test_a_guard_of_another_lock_than_the_quoted_one_is_manual(tmp_path, kernel_source):
    s, _, before, after = on_real_code(tmp_path, kernel_source, AF, [(AF_GUARDED, AF_LOCKED)], "af8133j_set_scale",
                                       AF_QUOTE[:1], "guard(mutex)(&data->lock) here")
    assert s.status == Status.MANUAL
    assert "the comment's guard is of &data->lock (mutex), the quoted lock call mutex_lock(&data->mutex)" in s.reason
    assert after == before


BU = "drivers/iio/light/rohm-bu27034.c"
BU_GUARDED = "\tguard(mutex)(&data->mutex);\n\tif (data->task) {\n\t\tkthread_stop(data->task);\n" \
             "\t\tdata->task = NULL;\n" \
             "\t}\n\n\treturn bu27034_meas_set(data, false);\n}"
BU_LOCKED = "\tmutex_lock(&data->mutex);\n\tif (data->task) {\n\t\tkthread_stop(data->task);\n" \
            "\t\tdata->task = NULL;\n" \
            "\t}\n\n\tret = bu27034_meas_set(data, false);\n\tmutex_unlock(&data->mutex);\n\n\treturn ret;\n}"
BU_RET = ("\tstruct bu27034_data *data = iio_priv(idev);\n\n\tguard(mutex)(&data->mutex);\n\tif (data->task)",
          "\tstruct bu27034_data *data = iio_priv(idev);\n\tint ret;\n\n\tguard(mutex)(&data->mutex);\n"
          "\tif (data->task)")


def test_guard_when_only_the_return_of_a_local_follows_the_unlock(tmp_path, kernel_source):
    s, _, before, after = on_real_code(tmp_path, kernel_source, BU, [BU_RET, (BU_GUARDED, BU_LOCKED)],
                                       "bu27034_buffer_disable", ["+\tmutex_lock(&data->mutex);"],
                                       "Use guard(mutex)(&data->mutex) please.")
    assert (s.status, s.kind) == (Status.APPLIED, "lock-guard"), s.reason
    assert changed(BU, before, after) == ["-\tmutex_lock(&data->mutex);", "+\tguard(mutex)(&data->mutex);",
                                          "-\tmutex_unlock(&data->mutex);"]


def test_guard_with_code_after_the_unlock_is_manual(tmp_path, kernel_source):
    later = BU_LOCKED.replace("\n\treturn ret;\n}", "\n\tdev_dbg(&idev->dev, \"stopped\\n\");\n\treturn ret;\n}")
    s, _, before, after = on_real_code(tmp_path, kernel_source, BU, [BU_RET, (BU_GUARDED, later)],
                                       "bu27034_buffer_disable", ["+\tmutex_unlock(&data->mutex);"],
                                       "guard(mutex) please")
    assert s.status == Status.MANUAL
    assert "(dev_dbg(&idev->dev, \"stopped\\n\");) runs after the unlock: guard() would hold the lock through it" \
        in s.reason
    assert after == before


def test_a_goto_out_of_the_locked_part_is_manual(tmp_path, kernel_source):
    guarded = "\tscoped_guard(mutex, &data->mutex) {\n\t\tret = af8133j_take_measurement(data);\n\t\tif (ret)\n" \
              "\t\t\tgoto out_rpm_put;\n\n\t\tret = regmap_bulk_read(data->regmap, AF8133J_REG_OUT,\n" \
              "\t\t\t\t       buf, sizeof(__le16) * 3);\n\t}"
    locked = "\tmutex_lock(&data->mutex);\n\tret = af8133j_take_measurement(data);\n\tif (ret)\n" \
             "\t\tgoto out_unlock;\n\n" \
             "\tret = regmap_bulk_read(data->regmap, AF8133J_REG_OUT,\n\t\t\t       buf, sizeof(__le16) * 3);\n" \
             "out_unlock:\n\tmutex_unlock(&data->mutex);"
    s, _, before, after = on_real_code(tmp_path, kernel_source, AF, [(guarded, locked)], "af8133j_read_measurement",
                                       ["+\tmutex_lock(&data->mutex);"], "scoped_guard() please")
    assert s.status == Status.MANUAL
    assert "lock-guard: line 230 (goto out_unlock;) jumps out of the locked part or into it" in s.reason
    assert after == before


def test_a_guard_under_a_case_label_is_manual_but_scoped_guard_is_not(tmp_path, kernel_source):
    path = "drivers/iio/adc/max1118.c"
    quote = ["+\t\tmutex_lock(&adc->lock);"]
    s, _, before, after = on_real_code(tmp_path, kernel_source, path, [], "max1118_read_raw", quote,
                                       "guard(mutex)(&adc->lock);")
    assert s.status == Status.MANUAL and "the lock is taken under a case label" in s.reason
    assert after == before
    s, _, before, after = on_real_code(tmp_path, kernel_source, path, [], "max1118_read_raw", quote,
                                       "scoped_guard(mutex, &adc->lock) please")
    assert (s.status, s.kind) == (Status.APPLIED, "lock-guard"), s.reason
    assert changed(path, before, after) == [
        "-\t\tmutex_lock(&adc->lock);", "-\t\t*val = max1118_read(indio_dev, chan->channel);",
        "-\t\tmutex_unlock(&adc->lock);", "+\t\tscoped_guard(mutex, &adc->lock)",
        "+\t\t\t*val = max1118_read(indio_dev, chan->channel);"]


QX = """\
static int qx_probe(struct device *dev)
{
\tstruct qx *q;

\tq = kzalloc(sizeof(*q), GFP_KERNEL);
\tif (!q)
\t\treturn -ENOMEM;
\tmutex_lock(&q->lock);
\tq->name = kasprintf(GFP_KERNEL, "qx-%d", 1);
\tmutex_unlock(&q->lock);
\treturn 0;
}
"""


def test_guard_where_a_constant_is_returned_after_the_unlock(tmp_path):
    from tests.unit.kinds_support import applied, sugg
    s = sugg("drivers/misc/qx.c", "qx_probe", ["+\tmutex_lock(&q->lock);"], "Use guard(mutex)(&q->lock) instead.")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", QX, s)
    assert (s.status, s.kind) == (Status.APPLIED, "lock-guard"), s.reason
    assert changed("drivers/misc/qx.c", QX, after) == ["-\tmutex_lock(&q->lock);", "+\tguard(mutex)(&q->lock);",
                                                       "-\tmutex_unlock(&q->lock);"]


def test_guard_where_the_value_returned_after_the_unlock_is_a_call_is_manual(tmp_path):
    from tests.unit.kinds_support import applied, sugg
    text = QX.replace("\treturn 0;\n}", "\treturn qx_start(q);\n}")
    s = sugg("drivers/misc/qx.c", "qx_probe", ["+\tmutex_lock(&q->lock);"], "Use guard(mutex)(&q->lock) instead.")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", text, s)
    assert s.status == Status.MANUAL
    assert "line 11 (return qx_start(q);) runs after the unlock: guard() would hold the lock through it" in s.reason
    assert after == text


@pytest.mark.parametrize("comment", ["I wouldn't use guard() here, the lock is dropped early on purpose.",
                                     "Don't use scoped_guard() here.", "kmalloc_array() to guard against overflow"])
def test_a_guard_turned_down_or_a_word_that_is_no_guard_changes_nothing(tmp_path, comment):
    from tests.unit.kinds_support import applied, sugg
    s = sugg("drivers/misc/qx.c", "qx_probe", ["+\tmutex_lock(&q->lock);"], comment)
    after, _ = applied(tmp_path, "drivers/misc/qx.c", QX, s)
    assert s.kind != "lock-guard" and after == QX


def test_the_reviewers_guard_line_alone_under_the_quote_as_a_mail_gives_it(tmp_path):
    """A reply whose only words are `guard(mutex)(&q->lock);` on a line of their own: the mail reader keeps
    that line as the reviewer's code and leaves the comment empty (it was "no recipe understands this")."""
    from tests.unit.kinds_support import applied, sugg
    s = sugg("drivers/misc/qx.c", "qx_probe", ["+\tmutex_lock(&q->lock);"], "", answer="")
    s.code, s.written = ["guard(mutex)(&q->lock);"], ["\tguard(mutex)(&q->lock);"]
    after, _ = applied(tmp_path, "drivers/misc/qx.c", QX, s)
    assert (s.status, s.kind) == (Status.APPLIED, "lock-guard"), s.reason
    assert changed("drivers/misc/qx.c", QX, after) == ["-\tmutex_lock(&q->lock);", "+\tguard(mutex)(&q->lock);",
                                                       "-\tmutex_unlock(&q->lock);"]


def test_reviewer_code_with_more_than_the_guard_line_is_no_lock_guard_request(tmp_path):
    from tests.unit.kinds_support import applied, sugg
    s = sugg("drivers/misc/qx.c", "qx_probe", ["+\tmutex_lock(&q->lock);"], "", answer="")
    s.code = ["guard(mutex)(&q->lock);", "q->name = devm_kasprintf(dev, GFP_KERNEL, \"qx-%d\", 1);"]
    s.written = ["\t" + c for c in s.code]
    after, _ = applied(tmp_path, "drivers/misc/qx.c", QX, s)
    assert s.kind != "lock-guard"


EARLY_OUT = """\
static int qx_read(struct qx *q)
{
\tint ret;

\tmutex_lock(&q->lock);
\tret = qx_request(q);
\tif (ret < 0) {
\t\tmutex_unlock(&q->lock);
\t\treturn ret;
\t}
\tret = qx_fetch(q);
\tmutex_unlock(&q->lock);
\treturn ret;
}
"""


def test_a_guard_asked_under_the_unlock_of_an_early_way_out_returns_there(tmp_path):
    """Before: manual (an unlock on an early way out).  Each way out dropped the lock just before it
    returned, so the guard drops it there; the value computed last is returned directly."""
    from tests.unit.kinds_support import applied, sugg
    s = sugg("drivers/misc/qx.c", "qx_read", ["+\tif (ret < 0) {", "+\t\tmutex_unlock(&q->lock);", "+\t\treturn ret;"],
             "guard(mutex)(&q->lock) please, then this unlock goes away.", answer="")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", EARLY_OUT, s)
    assert (s.status, s.kind) == (Status.APPLIED, "lock-guard"), s.reason
    assert changed("drivers/misc/qx.c", EARLY_OUT, after) == [
        "-\tmutex_lock(&q->lock);", "+\tguard(mutex)(&q->lock);", "-\tif (ret < 0) {", "-\t\tmutex_unlock(&q->lock);",
        "+\tif (ret < 0)", "-\t}", "-\tret = qx_fetch(q);", "-\tmutex_unlock(&q->lock);", "-\treturn ret;",
        "+\treturn qx_fetch(q);"]


GOTO_OUT = """\
static int qx_set(struct qx *q, int val)
{
\tint ret;

\tmutex_lock(&q->lock);
\tif (q->busy) {
\t\tret = -EBUSY;
\t\tgoto out_unlock;
\t}
\tret = qx_write(q, val);
out_unlock:
\tmutex_unlock(&q->lock);
\treturn ret;
}
"""


def test_guard_over_gotos_to_the_unlock_returns_their_values_and_drops_the_label_and_local(tmp_path):
    from tests.unit.kinds_support import applied, sugg
    s = sugg("drivers/misc/qx.c", "qx_set", ["+\t\tret = -EBUSY;", "+\t\tgoto out_unlock;"],
             "With guard() you can return directly here.")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", GOTO_OUT, s)
    assert (s.status, s.kind) == (Status.APPLIED, "lock-guard"), s.reason
    assert after == "static int qx_set(struct qx *q, int val)\n{\n\tguard(mutex)(&q->lock);\n\tif (q->busy)\n" \
                    "\t\treturn -EBUSY;\n\treturn qx_write(q, val);\n}\n"


def test_guard_keeps_a_kfree_after_an_early_unlock(tmp_path):
    from tests.unit.kinds_support import applied, sugg
    text = EARLY_OUT.replace("\t\tmutex_unlock(&q->lock);\n\t\treturn ret;", "\t\tmutex_unlock(&q->lock);\n"
                             "\t\tkfree(q->buf);\n\t\treturn ret;")
    s = sugg("drivers/misc/qx.c", "qx_read", ["+\tmutex_lock(&q->lock);"], "Use guard(mutex)(&q->lock).")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", text, s)
    assert (s.status, s.kind) == (Status.APPLIED, "lock-guard"), s.reason
    assert "\tif (ret < 0) {\n\t\tkfree(q->buf);\n\t\treturn ret;\n\t}\n" in after
    assert "mutex_unlock" not in after


@pytest.mark.parametrize("old, new, why", [
    ("\t\tmutex_unlock(&q->lock);\n\t\treturn ret;", "\t\tmutex_unlock(&q->lock);\n\t\tcomplete(&q->done);\n"
     "\t\treturn ret;", "lock-guard: line 9 (complete(&q->done);) runs after the unlock on line 8: with a guard it "
     "would run with the lock held"),
    ("\t\tmutex_unlock(&q->lock);\n\t\treturn ret;", "\t\tmutex_unlock(&q->lock);\n\t\tkfree(q);\n\t\treturn ret;",
     "lock-guard: line 9 (kfree(q);) frees what &q->lock lives in after the unlock"),
    ("\t\tmutex_unlock(&q->lock);\n\t\treturn ret;", "\t\tmutex_unlock(&q->lock);\n\t\treturn qx_reset(q);",
     "lock-guard: line 9 (return qx_reset(q);) works out its value after the unlock on line 8"),
    ("\tret = qx_fetch(q);\n", "\twhile (qx_more(q)) {\n\t\tif (qx_fail(q)) {\n\t\t\tmutex_unlock(&q->lock);\n"
     "\t\t\treturn -EIO;\n\t\t}\n\t}\n\tret = qx_fetch(q);\n",
     "lock-guard: the mutex_unlock() on line 13 is inside a loop: which pass drops the lock is for the author"),
    ("\tret = qx_fetch(q);\n", "\tret = qx_wait(q, &q->lock);\n",
     "lock-guard: line 11 (ret = qx_wait(q, &q->lock);) hands &q->lock to another call"),
    ("\tret = qx_fetch(q);\n", "\tmutex_unlock(&q->lock);\n\tmsleep(10);\n\tmutex_lock(&q->lock);\n"
     "\tret = qx_fetch(q);\n", "lock-guard: line 13 (mutex_lock(&q->lock);) takes &q->lock again"),
    ("\tret = qx_fetch(q);\n", "\tif (q->stopped)\n\t\treturn 0;\n\tret = qx_fetch(q);\n",
     "lock-guard: line 12 (return 0;) returns with &q->lock held: a guard would drop it there"),
    ("\tmutex_unlock(&q->lock);\n\treturn ret;\n}", "\tmutex_unlock(&q->lock);\n\tqx_notify(q);\n\treturn ret;\n}",
     "lock-guard: line 13 (qx_notify(q);) runs after the unlock: guard() would hold the lock through it"),
])
def test_a_guard_over_early_ways_out_is_manual_when_a_path_does_more(tmp_path, old, new, why):
    from tests.unit.kinds_support import applied, sugg
    text = EARLY_OUT.replace(old, new, 1)
    s = sugg("drivers/misc/qx.c", "qx_read", ["+\tif (ret < 0) {", "+\t\tmutex_unlock(&q->lock);", "+\t\treturn ret;"],
             "Use guard(mutex)(&q->lock).")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", text, s)
    assert s.status == Status.MANUAL and after == text
    assert why in s.reason


def test_a_goto_from_before_the_lock_to_its_unlock_label_is_manual(tmp_path):
    from tests.unit.kinds_support import applied, sugg
    text = GOTO_OUT.replace("\tmutex_lock(&q->lock);\n", "\tret = 0;\n\tif (!val)\n\t\tgoto out_unlock;\n"
                            "\tmutex_lock(&q->lock);\n")
    s = sugg("drivers/misc/qx.c", "qx_set", ["+\tmutex_lock(&q->lock);"], "Use guard(mutex)(&q->lock).")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", text, s)
    assert s.status == Status.MANUAL and after == text
    assert "line 7 (goto out_unlock;) jumps from before the lock to out_unlock" in s.reason


def test_guard_over_the_gotos_of_a_real_driver(tmp_path, kernel_source):
    path = "drivers/iio/proximity/vcnl3020.c"
    s, _, before, after = on_real_code(tmp_path, kernel_source, path, [], "vcnl3020_measure_proximity",
                                       ["+\tmutex_lock(&data->lock);"],
                                       "Use guard(mutex)(&data->lock); here, then the gotos become returns.")
    assert (s.status, s.kind) == (Status.APPLIED, "lock-guard"), s.reason
    assert changed(path, before, after) == [
        "-\tmutex_lock(&data->lock);", "+\tguard(mutex)(&data->lock);", "-\tif (vcnl3020_is_in_periodic_mode(data)) {",
        "-\t\trc = -EBUSY;", "-\t\tgoto err_unlock;", "-\t}", "+\tif (vcnl3020_is_in_periodic_mode(data))",
        "+\t\treturn -EBUSY;", "-\t\tgoto err_unlock;", "+\t\treturn rc;", "-\t\tgoto err_unlock;", "+\t\treturn rc;",
        "-\t\tgoto err_unlock;", "+\t\treturn rc;", "-", "-err_unlock:", "-\tmutex_unlock(&data->lock);"]


SPLIT = """\
static int qx_measure(struct qx *q, int *val)
{
\tint ret, raw;

\tmutex_lock(&q->lock);
\tif (q->enabling) {
\t\tret = qx_power(q);
\t\tif (ret)
\t\t\tgoto out;
\t}
\traw = qx_sample(q);
\t*val = raw;
\tmutex_unlock(&q->lock);

\treturn 0;

out:
\tmutex_unlock(&q->lock);

\treturn ret;
}
"""


def test_guard_where_the_unlock_label_follows_a_return_of_its_own(tmp_path):
    """The return after the label is reached by the gotos only: once they return, it goes with the label
    (no dead return is left behind the success path's)."""
    from tests.unit.kinds_support import applied, sugg
    s = sugg("drivers/misc/qx.c", "qx_measure", ["+\tmutex_lock(&q->lock);"], "guard(mutex)(&q->lock) please")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", SPLIT, s)
    assert (s.status, s.kind) == (Status.APPLIED, "lock-guard"), s.reason
    assert after == SPLIT.replace("\tmutex_lock(&q->lock);", "\tguard(mutex)(&q->lock);").replace(
        "\t\t\tgoto out;", "\t\t\treturn ret;").replace(
        "\t*val = raw;\n\tmutex_unlock(&q->lock);\n\n\treturn 0;\n\nout:\n\tmutex_unlock(&q->lock);\n\n\treturn ret;\n",
        "\t*val = raw;\n\n\treturn 0;\n")


def test_guard_drops_ret_from_a_declaration_of_several_when_unused(tmp_path):
    from tests.unit.kinds_support import applied, sugg
    text = GOTO_OUT.replace("\tint ret;\n", "\tint ret, tries = 3;\n").replace("qx_write(q, val)",
                                                                               "qx_write(q, val, tries)")
    s = sugg("drivers/misc/qx.c", "qx_set", ["+\tmutex_lock(&q->lock);"], "Use guard(mutex)(&q->lock).")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", text, s)
    assert (s.status, s.kind) == (Status.APPLIED, "lock-guard"), s.reason
    assert after == "static int qx_set(struct qx *q, int val)\n{\n\tint tries = 3;\n\n\tguard(mutex)(&q->lock);\n" \
                    "\tif (q->busy)\n\t\treturn -EBUSY;\n\treturn qx_write(q, val, tries);\n}\n"


def test_an_unlock_inside_a_loop_macro_is_manual(tmp_path):
    from tests.unit.kinds_support import applied, sugg
    text = """\
static int qx_drop(struct qx *q, int id)
{
\tstruct qx_item *it;

\tmutex_lock(&q->lock);
\tlist_for_each_entry(it, &q->items, node) {
\t\tif (it->id == id) {
\t\t\tlist_del(&it->node);
\t\t\tmutex_unlock(&q->lock);
\t\t\treturn 0;
\t\t}
\t}
\tmutex_unlock(&q->lock);
\treturn -ENOENT;
}
"""
    s = sugg("drivers/misc/qx.c", "qx_drop", ["+\tmutex_lock(&q->lock);"], "Use guard(mutex)(&q->lock).")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", text, s)
    assert s.status == Status.MANUAL and after == text
    assert s.reason == "lock-guard: the mutex_unlock() on line 9 is inside a loop: which pass drops the lock is for " \
                       "the author"


def test_scoped_guard_over_a_locked_part_whose_error_path_unlocks_and_returns(tmp_path):
    from tests.unit.kinds_support import applied, sugg
    text = """\
static int qx_read(struct qx *q, long *val)
{
\tint ret;

\tmutex_lock(&q->lock);
\tret = qx_start(q);
\tif (ret < 0) {
\t\tmutex_unlock(&q->lock);
\t\treturn ret;
\t}
\tfsleep(q->wait_us);
\tret = qx_fetch(q);
\tmutex_unlock(&q->lock);

\tif (ret < 0)
\t\treturn ret;
\t*val = q->raw;
\treturn 0;
}
"""
    s = sugg("drivers/misc/qx.c", "qx_read", ["+\tif (ret < 0) {", "+\t\tmutex_unlock(&q->lock);", "+\t\treturn ret;"],
             "scoped_guard() would simplify the error path here.")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", text, s)
    assert (s.status, s.kind) == (Status.APPLIED, "lock-guard"), s.reason
    assert changed("drivers/misc/qx.c", text, after) == [
        "-\tmutex_lock(&q->lock);", "-\tret = qx_start(q);", "-\tif (ret < 0) {", "-\t\tmutex_unlock(&q->lock);",
        "-\t\treturn ret;", "+\tscoped_guard(mutex, &q->lock) {", "+\t\tret = qx_start(q);", "+\t\tif (ret < 0)",
        "+\t\t\treturn ret;", "+\t\tfsleep(q->wait_us);", "+\t\tret = qx_fetch(q);", "-\tfsleep(q->wait_us);",
        "-\tret = qx_fetch(q);", "-\tmutex_unlock(&q->lock);"]
    broken = text.replace("\t\treturn ret;\n\t}\n\tfsleep", "\t\tqx_report(q);\n\t\treturn ret;\n\t}\n\tfsleep")
    s = sugg("drivers/misc/qx.c", "qx_read", ["+\tmutex_lock(&q->lock);"], "scoped_guard() please")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", broken, s)
    assert s.status == Status.MANUAL and after == broken
    assert "lock-guard: line 9 (qx_report(q);) runs after the unlock on line 8: with a guard it would run with the " \
           "lock held" in s.reason


def test_a_kfree_on_the_way_out_through_the_unlock_label_is_manual(tmp_path):
    from tests.unit.kinds_support import applied, sugg
    text = GOTO_OUT.replace("\tmutex_unlock(&q->lock);\n\treturn ret;", "\tmutex_unlock(&q->lock);\n\tkfree(q->buf);\n"
                            "\treturn ret;")
    s = sugg("drivers/misc/qx.c", "qx_set", ["+\tmutex_lock(&q->lock);"], "Use guard(mutex)(&q->lock).")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", text, s)
    assert s.status == Status.MANUAL and after == text
    assert s.reason == "lock-guard: line 13 (kfree(q->buf);) runs on the way out through out_unlock: a goto made a " \
                       "return would skip it"


def test_a_locked_wait_on_the_wait_queue_holding_the_lock_is_manual(tmp_path):
    """wait_event_interruptible_locked_irq() is handed the wait queue whose lock is held: it drops and takes
    that lock itself."""
    from tests.unit.kinds_support import applied, sugg
    text = """\
static int qx_wait(struct qx *q)
{
\tint ret;

\tspin_lock_irq(&q->wq.lock);
\tret = wait_event_interruptible_locked_irq(q->wq, q->ready);
\tif (ret) {
\t\tspin_unlock_irq(&q->wq.lock);
\t\treturn ret;
\t}
\tq->ready = false;
\tspin_unlock_irq(&q->wq.lock);
\treturn 0;
}
"""
    s = sugg("drivers/misc/qx.c", "qx_wait", ["+\tspin_lock_irq(&q->wq.lock);"], "guard(spinlock_irq)(&q->wq.lock)")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", text, s)
    assert s.status == Status.MANUAL and after == text
    assert s.reason == "lock-guard: line 6 (ret = wait_event_interruptible_locked_irq(q->wq, q->ready);) hands what " \
                       "holds &q->wq.lock to another call: whether it drops the lock is not seen here"
    plain = text.replace("wait_event_interruptible_locked_irq(q->wq, q->ready)", "qx_check(q->wq.flags)")
    s = sugg("drivers/misc/qx.c", "qx_wait", ["+\tspin_lock_irq(&q->wq.lock);"], "guard(spinlock_irq)(&q->wq.lock)")
    after, _ = applied(tmp_path, "drivers/misc/qx.c", plain, s)
    assert (s.status, s.kind) == (Status.APPLIED, "lock-guard"), s.reason
