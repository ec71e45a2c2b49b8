"""A cover-letter request that names its patch and code in words (patches/named_place.py): the
statement of that patch it means stands for the quote the reviewer did not give."""
from __future__ import annotations

from patches.model import PatchMail, Person, Series
from patches.named_place import added_statements, code_named, named_place
from patches.subject import parse_subject

DIFF = """diff --git a/drivers/char/baz.c b/drivers/char/baz.c
index 1111111..2222222 100644
--- a/drivers/char/baz.c
+++ b/drivers/char/baz.c
@@ -20,6 +20,8 @@ static int baz_open(struct inode *inode, struct file *file)
 \tstruct baz_dev *bd = container_of(inode->i_cdev, struct baz_dev, cdev);
\x20
 \tfile->private_data = bd;
+\tpr_debug("baz: open by %d, %u users\\n",
+\t\t task_pid_nr(current), atomic_inc_return(&bd->users));
 \treturn 0;
 }
\x20
@@ -30,5 +32,6 @@ static int baz_release(struct inode *inode, struct file *file)
 {
 \tstruct baz_dev *bd = file->private_data;
\x20
+\tpr_debug("baz: release, %u users left\\n", atomic_dec_return(&bd->users));
 \treturn 0;
 }
"""

OTHER = """diff --git a/drivers/char/baz.c b/drivers/char/baz.c
--- a/drivers/char/baz.c
+++ b/drivers/char/baz.c
@@ -50,3 +52,4 @@ static void baz_remove(struct platform_device *pdev)
 \tmisc_deregister(&bd->misc);
+\tdev_info(&pdev->dev, "gone\\n");
 }
"""


def series() -> Series:
    me = Person("Kai Lund", "kai.lund@example.fi")
    return Series([PatchMail(1, parse_subject("[PATCH 1/2] char: baz: trace the users"), me, diff=DIFF),
                   PatchMail(2, parse_subject("[PATCH 2/2] char: baz: say goodbye"), me, diff=OTHER)],
                  PatchMail(0, parse_subject("[PATCH 0/2] char: baz: tracing"), me), 1)


def test_the_statements_a_diff_adds_with_their_functions():
    got = [(a.file, a.function, len(a.lines)) for a in added_statements(DIFF)]
    assert got == [("drivers/char/baz.c", "baz_open", 2), ("drivers/char/baz.c", "baz_release", 1)]


def test_the_function_words_pick_one_of_two_calls():
    n, q = named_place("About 1/2: the pr_debug() you add to the release callback is noise, drop it.", series())
    assert (n, q.file, q.function, q.in_message) == (1, "drivers/char/baz.c", "baz_release", False)
    assert q.lines == ['+\tpr_debug("baz: release, %u users left\\n", atomic_dec_return(&bd->users));']


def test_one_call_in_the_patch_needs_no_function_words():
    n, q = named_place("In patch 2, please use dev_dbg() rather than dev_info() there.", series())
    assert (n, q.lines) == (2, ['+\tdev_info(&pdev->dev, "gone\\n");'])


def test_a_whole_statement_over_two_lines():
    _, q = named_place("Patch 1: the pr_debug() in the open path should go.", series())
    assert len(q.lines) == 2 and q.function == "baz_open"


def test_what_names_no_single_place_stays_on_the_cover_letter():
    s = series()
    assert named_place("In patch 1, the pr_debug() calls are noise, please drop them.", s) is None  # two
    assert named_place("Patches 1 and 2 add pr_debug() and dev_info(), drop them.", s) is None       # two patches
    assert named_place("In patch 1, please use pr_info() instead.", s) is None        # no such call there
    assert named_place("In patch 3, drop the pr_debug() in the release path.", s) is None          # no patch 3
    assert named_place("The pr_debug() in the release path is noise.", s) is None     # no patch named
    assert named_place("Please move the pr_debug() in the release path to patch 2.", s) is None    # the series' shape


def test_a_request_naming_another_call_of_the_patch_is_not_placed():
    # the call asked about is in the patch, but not in the statement the other call names
    assert named_place("In patch 2, the dev_info() is fine, but please drop the misc_deregister() after it.",
                       series()) is None


def test_a_patch_named_as_the_model_or_another_series_is_not_the_place():
    assert named_place("Same as patch 2: drop the dev_info().", series()) is None
    assert named_place("Similar to patch 2, drop the pr_debug() in the release callback.", series()) is None
    assert named_place("Patch 2 looks fine. Drop the dev_info() in your other series.", series()) is None


CONTEXT = """diff --git a/drivers/char/baz.c b/drivers/char/baz.c
--- a/drivers/char/baz.c
+++ b/drivers/char/baz.c
@@ -60,6 +60,8 @@ static int baz_wait(struct baz_dev *bd)
 \tif (!wait_for_completion_timeout(&bd->done, HZ)) {
 \t\tret = -ETIMEDOUT;
+\t\tdev_warn(bd->dev, "timeout on queue %u\\n",
+\t\t\t bd->queue);
 \t} else {
 \t\tdev_err(bd->dev, "queue %u failed\\n", bd->queue);
 \t}
"""


def test_a_call_on_a_context_line_is_none_of_the_patch_s():
    """Before: "make the new dev_warn() a dev_err()" was not placed, because a dev_err() stands in the
    diff's context, read as another call of the patch the comment might mean."""
    me = Person("Kai Lund", "kai.lund@example.fi")
    s = Series([PatchMail(1, parse_subject("[PATCH 1/2] char: baz: warn on a timeout"), me, diff=CONTEXT),
                PatchMail(2, parse_subject("[PATCH 2/2] char: baz: say goodbye"), me, diff=OTHER)],
               PatchMail(0, parse_subject("[PATCH 0/2] char: baz: tracing"), me), 1)
    for comment in ("1) In patch 1, please make the new dev_warn() a dev_err(): the wait failed.",
                    "In 1/2, use dev_err() instead of the dev_warn(), this is an error."):
        n, q = named_place(comment, s)
        assert (n, q.lines) == (1, ['+\t\tdev_warn(bd->dev, "timeout on queue %u\\n",', '+\t\t\t bd->queue);'])


ENABLE = """diff --git a/drivers/mux/zed.c b/drivers/mux/zed.c
--- a/drivers/mux/zed.c
+++ b/drivers/mux/zed.c
@@ -18,6 +18,7 @@
 struct zed_mux {
 \tstruct gpio_descs *gpios;
+\tstruct gpio_desc *en;
 };
@@ -70,6 +71,9 @@ static int zed_probe(struct platform_device *pdev)
 \tWARN_ON(!zm->gpios);
+\tzm->en = devm_gpiod_get_optional(dev, "enable", GPIOD_OUT_HIGH);
+\tif (IS_ERR(zm->en))
+\t\treturn PTR_ERR(zm->en);
 \treturn 0;
"""


def test_a_request_under_the_commit_message_that_names_code_is_placed_on_it():
    """Before: a request quoted under the commit message alone stayed a commit-message request, so an
    s/OLD/NEW/ of a word the message does not hold, or a member named in quotes, was skipped as
    "not a code change"."""
    p = PatchMail(1, parse_subject("[PATCH] mux: zed: support an enable line"), Person("Kai Lund", "k@example.fi"),
                  message="Take an optional enable GPIO and turn the switch off meanwhile.", diff=ENABLE)
    q = code_named("Looks fine, but s/GPIOD_OUT_HIGH/GPIOD_OUT_LOW/ for the enable line, please.", p)
    assert q is not None and (q.file, q.function, q.in_message) == ("drivers/mux/zed.c", "zed_probe", False)
    assert q.lines == ['+\tzm->en = devm_gpiod_get_optional(dev, "enable", GPIOD_OUT_HIGH);']
    q = code_named("Please call the new member enable_gpio, 'en' is hard to grep for.", p)
    assert q is not None and q.lines == ["+\tstruct gpio_desc *en;"]


def test_a_word_of_the_message_or_of_several_statements_stays_on_the_message():
    p = PatchMail(1, parse_subject("[PATCH] mux: zed: support an enable line"), Person("Kai Lund", "k@example.fi"),
                  message="Take an optional enable GPIO and turn the switch off meanwhile.", diff=ENABLE)
    assert code_named("s/meanwhile/while the lines change/, please.", p) is None     # not a C token
    assert code_named("Please s/enable/en/ here.", p) is None                        # a word of the message
    assert code_named("Please s/zm/mux/.", p) is None                                # in three statements
    assert code_named("'en' is hard to grep for.", p) is None                        # no request


def test_the_function_named_with_its_parentheses_is_the_place_not_another_call():
    # before: "in baz_release()" was taken for a call of the patch other than the one meant (the hunk
    # header names it), and the request stayed on the cover letter
    n, q = named_place("For 1/2: please drop the pr_debug() in baz_release(), nobody reads it.", series())
    assert (n, q.function, q.lines) == (1, "baz_release", [
        '+\tpr_debug("baz: release, %u users left\\n", atomic_dec_return(&bd->users));'])
