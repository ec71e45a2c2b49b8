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
