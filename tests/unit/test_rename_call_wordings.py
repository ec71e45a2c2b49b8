"""rename-call asked for in words that say what the code needs: "it must be freed with kvfree()", "this needs
kvfree()", "this wants min_t()"."""
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
