"""rename-call asked for in words that say what the code needs: "it must be freed with kvfree()", "this needs
kvfree()", "this wants min_t()"; and the `_safe` form of a loop macro, asked so, which takes a second cursor: manual."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status
from tests.unit.kinds_support import applied, sugg


KV = """\
static void ulist_node_array_free(struct ulist_node **arr)
{
\tkfree(arr);
}
"""


@pytest.mark.parametrize("comment", [
    "This was allocated with kvmalloc_array(), it must be freed with kvfree().",
    "This needs kvfree(), the array comes from kvmalloc_array()."])
def test_a_free_named_with_must_or_needs_is_asked_for(tmp_path: Path, comment):
    """Before: "no recipe understands this comment"."""
    s = sugg("fs/btrfs/ulist.c", "ulist_node_array_free", ["+\tkfree(arr);"], comment, answer="")
    after = applied(tmp_path, "fs/btrfs/ulist.c", KV, s)[0]
    assert s.status == Status.APPLIED, s.reason
    assert after == KV.replace("\tkfree(arr);", "\tkvfree(arr);")


LOOP = """\
void ulist_release(struct ulist *ulist)
{
\tstruct ulist_node *node;

\tlist_for_each_entry(node, &ulist->nodes, list) {
\t\tkfree(node);
\t}
}
"""


def test_the_safe_form_of_a_loop_macro_is_manual(tmp_path: Path):
    """Before: renamed by its name to list_for_each_entry_safe(node, &ulist->nodes, list), one cursor short
    (the rule failed only because spatch did not parse the loop)."""
    s = sugg("fs/btrfs/ulist.c", "ulist_release", ["+\tlist_for_each_entry(node, &ulist->nodes, list) {"],
             "This frees the node inside the loop, so it has to be\nlist_for_each_entry_safe().", answer="")
    after = applied(tmp_path, "fs/btrfs/ulist.c", LOOP, s)[0]
    assert s.status == Status.MANUAL
    assert "list_for_each_entry_safe() takes a second cursor that list_for_each_entry() does not" in s.reason
    assert after == LOOP


PUT = """\
void *qx_put_zero(struct sk_buff *skb, unsigned int len)
{
\tvoid *tmp;

\ttmp = skb_put(skb, len);
\tmemset(tmp, 0, len);
\treturn tmp;
}
"""


def test_a_helper_that_may_do_what_the_next_quoted_call_does_is_manual(tmp_path: Path):
    """Before: skb_put() became skb_put_zero() and the memset() the helper makes needless stayed,
    reported applied."""
    s = sugg("net/core/qx.c", "qx_put_zero", ["+\ttmp = skb_put(skb, len);", "+\tmemset(tmp, 0, len);"],
             "Use the existing helper skb_put_zero().", answer="")
    after = applied(tmp_path, "net/core/qx.c", PUT, s)[0]
    assert after == PUT and s.status == Status.MANUAL
    assert "rename-call: skb_put_zero() may do what the quoted memset() on line 6 does with tmp: whether that " \
        "call goes with the rename is for the author" in s.reason


def test_a_rename_quoted_with_a_check_of_its_value_is_made(tmp_path: Path):
    text = PUT.replace("\tmemset(tmp, 0, len);\n", "\tif (!tmp)\n\t\treturn NULL;\n")
    s = sugg("net/core/qx.c", "qx_put_zero", ["+\ttmp = skb_put(skb, len);", "+\tif (!tmp)"],
             "Use the existing helper skb_put_zero().", answer="")
    after = applied(tmp_path, "net/core/qx.c", text, s)[0]
    assert s.status == Status.APPLIED, s.reason
    assert after == text.replace("skb_put(skb, len)", "skb_put_zero(skb, len)")


WARNS = """\
static int qx_count(struct qx *qx)
{
\tint count = qx_walk(qx);

\tif (count > 64)
\t\tWARN_ON(1);
\treturn count;
}
"""


@pytest.mark.parametrize("comment", ["Just WARN_ON_ONCE(count > 64) instead.", "WARN_ON_ONCE(count > 64) here?"])
def test_a_call_written_with_other_arguments_is_no_rename(tmp_path: Path, comment):
    """Before: `WARN_ON(1)` became `WARN_ON_ONCE(1)` under the reviewer's `WARN_ON_ONCE(count > 64)`, the
    `if` left as it was, reported applied."""
    s = sugg("kernel/qx.c", "qx_count", ["+\tif (count > 64)", "+\t\tWARN_ON(1);"], comment, answer="")
    after = applied(tmp_path, "kernel/qx.c", WARNS, s)[0]
    assert after == WARNS and s.status == Status.MANUAL
    assert "rename-call: the comment writes WARN_ON_ONCE(count > 64) where the quoted WARN_ON() passes 1: more " \
        "than a rename, which is for the author" in s.reason


def test_the_same_arguments_written_out_rename(tmp_path: Path):
    s = sugg("kernel/qx.c", "qx_count", ["+\t\tWARN_ON(1);"], "Please use WARN_ON_ONCE(1) here.", answer="")
    after = applied(tmp_path, "kernel/qx.c", WARNS, s)[0]
    assert s.status == Status.APPLIED, s.reason
    assert after == WARNS.replace("WARN_ON(1)", "WARN_ON_ONCE(1)")


HARNESS = """\
TEST(qx_open)
{
\tint fd;

\tfd = open("/dev/null", O_RDONLY);
\tEXPECT_GE(fd, 0);
\tEXPECT_EQ(0, close(fd));
}
"""


def test_a_harness_check_made_fatal(tmp_path: Path):
    """Before: "no recipe understands this comment": EXPECT_GE and ASSERT_GE share one short part."""
    from cocci.recipes._calls import same_family
    assert same_family("EXPECT_GE", "ASSERT_GE") and not same_family("EXPECT_EQ", "ASSERT_GE")
    path = "tools/testing/selftests/qx/qx_test.c"
    s = sugg(path, "TEST", ["+\tEXPECT_GE(fd, 0);"], "ASSERT_GE() here, there is no point going on without the fd.",
             answer="")
    after = applied(tmp_path, path, HARNESS, s)[0]
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert after == HARNESS.replace("\tEXPECT_GE(fd, 0);", "\tASSERT_GE(fd, 0);")
