"""A comment under one line that asks for its change in another function of the patch ("In
vlx3_probe(), use ...", "This one is fine, but the read in vlx3_probe() should be ...") is not made at
the quoted line: that would be the wrong place.  "Same in vlx3_probe() below." adds a place to the
quoted one, which is still made."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from patches.scope import other_function
from tests.unit import reading_threads as T

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


@pytest.mark.parametrize("comment", [
    "In vlx3_probe(), use readl_relaxed() for the flush read.",
    "This one is fine, but the flush read in vlx3_probe() should be readl_relaxed().",
])
def test_a_request_placed_in_another_function_is_not_made_here(tmp_path, comment):
    tree, mbox = T.series(tmp_path, [T.review(comment)])
    result = T.run(tmp_path, tree, mbox)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("manual", Status.MANUAL, "asks for the change in vlx3_probe(), not at the quoted lines: a recipe's edit "
                                  "here would be in the wrong place; make it there by hand")]
    assert T.file_at(tree, result.branch) == T.PATCH2


def test_the_same_in_another_function_adds_a_place(tmp_path):
    tree, mbox = T.series(tmp_path, [T.review("Use readl_relaxed() here. Same in vlx3_probe() below.")])
    result = T.run(tmp_path, tree, mbox)
    assert [(s.kind, s.status) for s in result.suggestions] == [("rename-call", Status.APPLIED)]


DEFINED = {"foo_probe", "foo_remove", "foo_read"}


@pytest.mark.parametrize("comment, expect", [
    ("In foo_remove(), use readl_relaxed().", "foo_remove"),
    ("foo_remove() below needs the same lock.", ""),                    # "same": this place too
    ("Use readl_relaxed() here and in foo_remove().", ""),
    ("The flag is never used in foo_remove(), drop it.", ""),           # where it is used
    ("Call it from foo_read() instead.", ""),                           # a call in the quote
    ("In foo_probe(), this can be static.", ""),                        # the quoted function itself
    ("In bar_init(), use readl_relaxed().", ""),                        # not a function of the patch
])
def test_other_function(comment, expect):
    assert other_function(comment, ["+\tval = foo_read(priv);"], "foo_probe", DEFINED) == expect
