"""lockdep-assert: "Add lockdep_assert_held() instead of the comment" under `/* Must be called with st->lock
held */` puts `lockdep_assert_held(&st->lock);` after the declarations of the function below (the comment
goes); a lock not named, named in words only, or reached through a local is manual."""
from __future__ import annotations

import shutil

import pytest

from cocci.recipes.lockdep_assert import asks
from patches.model import Status
from tests.unit.kinds_support import on_real_code, pipeline, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "drivers/iio/adc/qx-adc.c"
SRC = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/mutex.h>

static DEFINE_MUTEX(qx_list_lock);

/* Must be called with st->lock held. */
static int qx_adc_read(struct qx_adc *st, int ch)
{
\tint val;

\t/* start the conversion */
\tval = qx_adc_start(st, ch);
\treturn val;
}

/*
 * Reads the cached value.
 * Caller must hold st->lock.
 */
static int qx_adc_cached(struct qx_adc *st)
{
\treturn st->cache;
}

/* Called with the device lock held. */
static void qx_adc_reset(struct qx_adc *st)
{
\tst->cache = 0;
}

static void qx_adc_flush(struct qx_adc_chan *chan)
{
\tstruct qx_adc *st = chan->st;

\t/* st->lock must be held */
\tst->cache = -1;
}

/* Called with qx_list_lock held. */
static void qx_adc_unlist(struct qx_adc *st)
{
\tlist_del(&st->node);
}
"""


def run(tmp_path, fn: str, quoted: list[str], comment: str):
    s = sugg(PATH, fn, quoted, comment, answer="")
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    return s, after, rules


def test_the_assertion_replaces_the_comment_above_the_function(tmp_path):
    s, after, rules = run(tmp_path, "", ["+/* Must be called with st->lock held. */",
                                          "+static int qx_adc_read(struct qx_adc *st, int ch)"],
                          "Add lockdep_assert_held() instead of the comment.")
    assert (s.kind, s.status) == ("lockdep-assert", Status.APPLIED), s.reason
    assert s.summary == "Assert that st->lock is held in qx_adc_read() instead of the comment"
    assert after == SRC.replace("/* Must be called with st->lock held. */\n", "").replace(
        "\tint val;\n\n\t/* start", "\tint val;\n\n\tlockdep_assert_held(&st->lock);\n\n\t/* start")
    assert "//  > Add lockdep_assert_held() instead of the comment." in rules[0].text


def test_the_comment_stays_when_only_the_assertion_is_asked(tmp_path):
    s, after, _ = run(tmp_path, "qx_adc_cached", ["+static int qx_adc_cached(struct qx_adc *st)"],
                      "Please assert the lock is held.")
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("static int qx_adc_cached(struct qx_adc *st)\n{\n",
                                "static int qx_adc_cached(struct qx_adc *st)\n{\n"
                                "\tlockdep_assert_held(&st->lock);\n\n")


def test_a_lock_the_file_defines(tmp_path):
    s, after, _ = run(tmp_path, "", ["+/* Called with qx_list_lock held. */"],
                      "Make that a lockdep_assert_held() instead of the comment.")
    assert s.status == Status.APPLIED, s.reason
    head = "static void qx_adc_unlist(struct qx_adc *st)\n{\n"
    assert after == SRC.replace("/* Called with qx_list_lock held. */\n" + head, head
                                + "\tlockdep_assert_held(&qx_list_lock);\n\n")


@pytest.mark.parametrize("fn,quoted,comment,reason", [
    ("", "+/* Called with the device lock held. */", "lockdep_assert_held() instead, please.",
     "no lock is named as held"),
    ("qx_adc_flush", "+\t/* st->lock must be held */", "Add lockdep_assert_held() instead of the comment.",
     "st->lock is reached through st, which is no parameter of qx_adc_flush()"),
    ("qx_adc_read", "+\tval = qx_adc_start(st, ch);", "Please assert that st->lock and st->irq_lock are held.",
     "several locks are named (st->lock, st->irq_lock)"),
    ("qx_adc_read", "+\tval = qx_adc_start(st, ch);", "Called under rcu, assert it: lockdep_assert_held(&rcu).",
     "rcu is not a lock lockdep_assert_held() takes"),
])
def test_a_lock_not_named_with_certainty_is_manual(tmp_path, fn, quoted, comment, reason):
    s, after, _ = run(tmp_path, fn, [quoted], comment)
    assert (s.status, after) == (Status.MANUAL, SRC) and reason in s.reason, s.reason


def test_a_comment_that_says_more_is_kept_out_of_it(tmp_path):
    s, after, _ = run(tmp_path, "", ["+ * Caller must hold st->lock.", "+ */"],
                      "Add lockdep_assert_held() instead of the comment.")
    assert (s.status, after) == (Status.MANUAL, SRC)
    assert "says more than the locking rule" in s.reason


def test_what_asks():
    for yes in ("Add lockdep_assert_held() instead of the comment.", "Please assert the lock is held.",
                "Can you assert that st->lock is held?"):
        assert asks(yes), yes
    for no in ("No need for lockdep_assert_held() here.", "Don't assert, just take the lock.",
               "Is the lock held here?", "lockdep_assert_held() is not usable here: the callback drops the lock.",
               "Does this really need lockdep_assert_held()? Every caller holds st->lock already.",
               "Every caller holds st->lock, so I would not bother with an assertion.",
               "Who holds st->lock here? qx_adc_start() asserts that it is held, but not this one."):
        assert not asks(no), no


def test_on_real_code_the_assertion_goes_after_the_declarations(tmp_path, kernel_source):
    path = "drivers/gpio/gpio-sim.c"
    head = "static int gpio_sim_device_activate(struct gpio_sim_device *dev)\n"
    real = kernel_source(path)
    body = real[real.index(head):real.index("\tif (list_empty(&dev->bank_list))", real.index(head))]
    v2 = "/* Must be called with dev->lock held. */\n" + body.replace("\tlockdep_assert_held(&dev->lock);\n\n", "")
    s, real, text, after = on_real_code(tmp_path, kernel_source, path, [(body, v2)], "",
                                        ["+/* Must be called with dev->lock held. */", "+" + head.rstrip()],
                                        "Add lockdep_assert_held() instead of the comment.")
    assert s.status == Status.APPLIED, s.reason
    assert after == real


@pytest.mark.parametrize("take,call", [("\tmutex_lock(&st->lock);\n", "mutex_lock(&st->lock)"),
                                       ("\tspin_lock_irqsave(&st->lock, flags);\n", "spin_lock_irqsave(&st->lock,"),
                                       ("\tguard(mutex)(&st->lock);\n", "guard(mutex)(&st->lock)")])
def test_a_function_that_takes_the_lock_itself_is_manual(tmp_path, take, call):
    text = SRC.replace("\treturn st->cache;\n", take + "\tst->cache++;\n\treturn st->cache;\n")
    s = sugg(PATH, "qx_adc_cached", ["+static int qx_adc_cached(struct qx_adc *st)"], "Please assert the lock is held.",
             answer="")
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert (s.status, after) == (Status.MANUAL, text)
    assert f"qx_adc_cached() takes st->lock itself ({call}" in s.reason and "it is not held on entry" in s.reason


def test_make_that_an_assertion_under_a_quoted_comment_drops_it(tmp_path):
    s, after, _ = run(tmp_path, "", ["+/* Must be called with st->lock held. */"], "Make that a lockdep_assert_held().")
    assert s.status == Status.APPLIED, s.reason
    assert "/* Must be called with st->lock held. */" not in after and "\tlockdep_assert_held(&st->lock);\n" in after


def test_a_comment_quoted_with_the_statement_below_it_goes(tmp_path):
    s = sugg(PATH, "qx_adc_read", ["+\t/* start the conversion */", "+\tval = qx_adc_start(st, ch);"],
             "Use lockdep_assert_held(&st->lock) here.", answer="")
    s.quote = ["\t/* start the conversion */", "\tval = qx_adc_start(st, ch);"]
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("\tint val;\n\n\t/* start",
                                "\tint val;\n\n\tlockdep_assert_held(&st->lock);\n\n\t/* start")


def test_an_assertion_asked_in_place_of_a_check_is_not_added_on_top_of_it(tmp_path):
    """"lockdep_assert_held() instead of WARN_ON(!mutex_is_locked())": the check is rewritten or left to the
    author, never kept beside a new assertion at the top."""
    text = SRC.replace("\treturn st->cache;\n", "\tWARN_ON(!mutex_is_locked(&st->lock));\n\treturn st->cache;\n")
    s = sugg(PATH, "qx_adc_cached", ["+\tWARN_ON(!mutex_is_locked(&st->lock));"],
             "Use lockdep_assert_held() instead of the WARN_ON().", answer="")
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert s.kind != "lockdep-assert" and "lockdep_assert_held(&st->lock);\n\n\tWARN_ON" not in after


@pytest.mark.parametrize("comment", ["Maybe assert the lock is held here, and drop the comment then.",
                                     "Please add lockdep_assert_held() and remove this comment."])
def test_an_assertion_asked_with_the_comment_dropped_drops_it(tmp_path, comment):
    s, after, _ = run(tmp_path, "", ["+/* Must be called with st->lock held. */"], comment)
    assert (s.kind, s.status) == ("lockdep-assert", Status.APPLIED), s.reason
    assert s.summary == "Assert that st->lock is held in qx_adc_read() instead of the comment"
    assert after == SRC.replace("/* Must be called with st->lock held. */\n", "").replace(
        "\tint val;\n\n\t/* start", "\tint val;\n\n\tlockdep_assert_held(&st->lock);\n\n\t/* start")


READ_HEADER = ["+/* Must be called with st->lock held. */", "+static int qx_adc_read(struct qx_adc *st, int ch)"]


def test_declarations_under_ifdef_stay_above_the_assertion(tmp_path):
    text = SRC.replace("{\n\tint val;\n\n\t/* start the conversion */\n",
                       "{\n#ifdef CONFIG_QX_DEBUG\n\tint dbg = st->dbg;\n#endif\n\tint val;\n\n"
                       "#ifdef CONFIG_QX_DEBUG\n\tpr_debug(\"%d\\n\", dbg);\n#endif\n\t/* start the conversion */\n")
    s = sugg(PATH, "", READ_HEADER, "Add lockdep_assert_held() instead of the comment.", answer="")
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == text.replace("/* Must be called with st->lock held. */\n", "").replace(
        "\tint val;\n\n#ifdef", "\tint val;\n\n\tlockdep_assert_held(&st->lock);\n\n#ifdef")


def test_a_statement_after_declarations_closed_by_endif_gets_the_assertion_below_it(tmp_path):
    text = SRC.replace("{\n\tint val;\n\n", "{\n#ifdef CONFIG_QX_DEBUG\n\tint val;\n#else\n\tlong val;\n#endif\n")
    s = sugg(PATH, "", READ_HEADER, "Add lockdep_assert_held() instead of the comment.", answer="")
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert s.status == Status.APPLIED, s.reason
    assert after == text.replace("/* Must be called with st->lock held. */\n", "").replace(
        "\tlong val;\n#endif\n", "\tlong val;\n#endif\n\n\tlockdep_assert_held(&st->lock);\n\n")
