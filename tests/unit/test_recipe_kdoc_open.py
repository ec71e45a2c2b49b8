"""kdoc-open: a comment block in kernel-doc's shape, asked to be kernel-doc, opens with `/**`."""
from __future__ import annotations

import pytest

from cocci.recipe import CodeContext
from cocci.recipes import kdoc_open as K
from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
/*
 * qx_reset - reset the chip
 * @q: the chip
 */
int qx_reset(struct qx *q)
{
\treturn qx_write(q, QX_RESET, 1);
}

/*
 * qx_stop - stop the chip, but not kernel-doc's subject below
 */
static int qx_helper;
"""
QUOTE = ["+/*", "+ * qx_reset - reset the chip"]


@pytest.mark.parametrize("comment", ["This should be a kernel-doc comment.", "/** please, it's kernel-doc.",
                                     "Make it kernel-doc: /**"])
def test_the_comment_opens_as_kernel_doc(tmp_path, comment):
    s = sugg(PATH, "", QUOTE, comment)
    after, rules, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.kind, s.status) == ("kdoc-open", Status.APPLIED), s.reason
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == ["-/*", "+/**"]
    assert s.summary == "Open the comment of qx_reset() as kernel-doc"


@pytest.mark.parametrize("comment, quote", [
    ("This is not kernel-doc, keep /*.", QUOTE),
    ("The kernel-doc is missing @flags.", QUOTE),                       # another request on the kernel-doc
    ("kernel-doc wants Return: too.", QUOTE),
    ("Should be kernel-doc.", ["+/*", "+ * qx_stop - stop the chip, but not kernel-doc's subject below"]),
])
def test_other_requests_and_other_blocks_are_not_this_recipe(comment, quote):
    s = sugg(PATH, "", quote, comment)
    assert K.RECIPE.understand(s, CodeContext(PATH, SRC, "", {PATH: SRC}, [])) is None
