"""drop-check: a NULL check in front of a call that accepts NULL goes, the call stays; a check whose
body does more, a call nobody said accepts NULL, or an else is manual, and never a removal of the call."""
from __future__ import annotations

from pathlib import Path

import pytest

from cocci.recipes.drop_check import asks, checked_pointer
from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static void qx_remove(struct qx *q)
{
\tif (q->label)
\t\tkfree(q->label);
\tif (q->np != NULL) {
\t\tof_node_put(q->np);
\t\tq->np = NULL;
\t}
\tif (q->buf)
\t\tqx_free_buf(q->buf);
\tif (q->map)
\t\tkfree(q->map);
\telse
\t\tq->count = 0;
\tif (q->ring) {
\t\tq->ring->head = 0;
\t\tkfree(q->ring);
\t}
}
"""


def run(tmp_path: Path, quoted: list[str], comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, "qx_remove", quoted, comment, answer="")
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_the_check_goes_and_the_call_stays(tmp_path):
    s, after = run(tmp_path, ["+\tif (q->label)", "+\t\tkfree(q->label);"],
                   "kfree() copes with NULL, no need for the check.")
    assert (s.kind, s.status) == ("drop-check", Status.APPLIED), s.reason
    assert after == SRC.replace("\tif (q->label)\n\t\tkfree(q->label);\n", "\tkfree(q->label);\n")


def test_a_braced_body_with_the_pointer_cleared_moves_out(tmp_path):
    s, after = run(tmp_path, ["+\tif (q->np != NULL) {", "+\t\tof_node_put(q->np);"],
                   "Drop the NULL check, of_node_put() is NULL-safe.")
    assert (s.kind, s.status) == ("drop-check", Status.APPLIED), s.reason
    assert after == SRC.replace("\tif (q->np != NULL) {\n\t\tof_node_put(q->np);\n\t\tq->np = NULL;\n\t}\n",
                                "\tof_node_put(q->np);\n\tq->np = NULL;\n")


@pytest.mark.parametrize("quoted,comment,reason", [
    (["+\tif (q->buf)", "+\t\tqx_free_buf(q->buf);"], "No need for the check.",
     "qx_free_buf() is not known to accept NULL"),
    (["+\tif (q->map)", "+\t\tkfree(q->map);", "+\telse"], "kfree() handles NULL, the check is redundant.",
     "else branch"),
    (["+\tif (q->ring) {", "+\t\tq->ring->head = 0;", "+\t\tkfree(q->ring);"], "kfree(NULL) is fine.",
     "does more than pass q->ring to a call"),
])
def test_what_the_reviewer_s_word_does_not_cover_is_manual(tmp_path, quoted, comment, reason):
    s, after = run(tmp_path, quoted, comment)
    assert s.status == Status.MANUAL and reason in s.reason and after == SRC


def test_a_callee_the_comment_says_accepts_null_is_taken_at_its_word(tmp_path):
    s, after = run(tmp_path, ["+\tif (q->buf)", "+\t\tqx_free_buf(q->buf);"],
                   "qx_free_buf() handles NULL already, drop the check.")
    assert s.status == Status.APPLIED, s.reason
    assert "\tqx_free_buf(q->buf);\n\tif (q->map)" in after


def test_what_asks_and_what_does_not():
    for yes in ("kfree() handles NULL", "No need for the NULL check.", "The check is not needed.",
                "drop this test", "kfree(NULL) is a no-op", "of_node_put() is NULL safe",
                "Unnecessary NULL check."):
        assert asks(yes), yes
    for no in ("Please check the return value.", "Drop this, nobody reads it.", "Is the test needed?",
               "Add a NULL check here."):
        assert not asks(no), no
    assert checked_pointer("q->np != NULL") == "q->np"
    assert checked_pointer("NULL != p") == "p"
    assert checked_pointer("a[i]") == "a[i]"
    assert checked_pointer("p && p->n") is None
    assert checked_pointer("!p") is None


TWO = """\
static void qx_free(struct qx *q)
{
\tif (q->a)
\t\tkfree(q->a);
\tif (q->b)
\t\tkfree(q->b);
}
"""


@pytest.mark.parametrize("comment,kept", [
    ("kfree() handles NULL, both checks can go.", ""),
    ("kfree() handles NULL, no need for the check at all.", "\tif (q->a)\n\t\tkfree(q->a);\n"),
])
def test_both_checks_or_the_one_nearest_to_the_comment(tmp_path, comment, kept):
    s = sugg(PATH, "qx_free", ["+\tif (q->a)", "+\t\tkfree(q->a);", "+\tif (q->b)", "+\t\tkfree(q->b);"], comment,
             answer="")
    after = applied(tmp_path, PATH, TWO, s)[0]
    assert s.status == Status.APPLIED, s.reason
    want = TWO.replace("\tif (q->b)\n\t\tkfree(q->b);\n", "\tkfree(q->b);\n")
    if not kept:
        want = want.replace("\tif (q->a)\n\t\tkfree(q->a);\n", "\tkfree(q->a);\n")
    assert after == want


@pytest.mark.parametrize("comment", ["kfree() handles NULL, but keep the check, it says the label is optional.",
                                     "I know kfree() handles NULL; I would not drop the check here."])
def test_a_check_the_comment_keeps_stays(tmp_path, comment):
    s, after = run(tmp_path, ["+\tif (q->label)", "+\t\tkfree(q->label);"], comment)
    assert s.status != Status.APPLIED and after == SRC


SKB = """\
static void qx_rx_error(struct qx *q, struct sk_buff *skb)
{
\tif (skb) {
\t\tdev_kfree_skb_any(skb);
\t\tq->stats.rx_errors++;
\t}
}
"""


@pytest.mark.parametrize("comment", ["dev_kfree_skb_any() handles NULL, no need for the check.",
                                     "No need to test skb for NULL before dev_kfree_skb_any()."])
def test_a_check_whose_body_also_counts_keeps_the_release_call(tmp_path, comment):
    # the check also guards the counter: it stays for the author, and the call it names is never what goes
    s = sugg(PATH, "qx_rx_error", ["+\tif (skb) {", "+\t\tdev_kfree_skb_any(skb);", "+\t\tq->stats.rx_errors++;",
                                   "+\t}"], comment, answer="")
    after = applied(tmp_path, PATH, SKB, s)[0]
    assert s.status == Status.MANUAL and "does more than pass skb to a call" in s.reason
    assert after == SKB


def test_a_quote_narrowed_to_the_named_call_still_finds_its_check(tmp_path):
    # the review stage narrows the quote to the line naming dev_kfree_skb_any(): the check around it is
    # what the comment is about, and it stays manual for the counter it guards
    from patches.model import Anchor
    s = sugg(PATH, "qx_rx_error", ["+\tif (skb) {", "+\t\tdev_kfree_skb_any(skb);", "+\t\tq->stats.rx_errors++;",
                                   "+\t}"], "dev_kfree_skb_any() handles NULL, no need for the check.", answer="")
    s.anchor = Anchor(file=PATH, function="qx_rx_error", code=["dev_kfree_skb_any(skb);"])
    s.quote = [q[1:] for q in s.quoted]
    after = applied(tmp_path, PATH, SKB, s)[0]
    assert s.status == Status.MANUAL and "does more than pass skb to a call" in s.reason, s.reason
    assert after == SKB
