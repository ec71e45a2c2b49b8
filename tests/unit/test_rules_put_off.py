"""A reviewer who puts their own request off to another patch or series: nothing is written unless
the author takes it up."""
from __future__ import annotations

import shutil

import pytest

from cocci.rules import put_off_by_reviewer
from patches.model import Response, Status
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static ssize_t qx_mode_show(struct qx *q, char *buf)
{
\treturn sprintf(buf, "%u\\n", q->mode);
}
"""
QUOTE = ["+\treturn sprintf(buf, \"%u\\n\", q->mode);"]
COMMENT = "This could use sysfs_emit(), in a later series, it is not needed now."


def test_the_wordings_of_a_deferral_and_of_a_request():
    for yes in (COMMENT, "Fine to do this as a follow-up.", "Convert the others in the next series.",
                "This can come later.", "Could be done later.", "Return directly? Can be done in a follow-up.",
                "Return directly - not for this series though."):
        assert put_off_by_reviewer(yes), yes
    for no in ("Use sysfs_emit() here.", "Please split this into a separate patch.",
               "In the next patch of this series you rename it anyway.", "This belongs in a separate commit.",
               "Not for this series only: the stable backport needs it too.",
               "Drop the check, the caller is not in this series."):
        assert not put_off_by_reviewer(no), no


def test_a_request_the_reviewer_puts_off_is_skipped_when_the_author_is_silent(tmp_path):
    s = sugg(PATH, "qx_mode_show", QUOTE, COMMENT, answer="", response=Response.NONE, lines=(3, 3))
    after, rules = applied(tmp_path, PATH, SRC, s)
    assert (s.status, s.reason, after, rules) == (
        Status.SKIPPED, "put off by the reviewer to another patch or series, and the author did not take it up",
        SRC, [])


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_the_author_may_take_it_up_now(tmp_path):
    s = sugg(PATH, "qx_mode_show", QUOTE, COMMENT, answer="Done in this version.", lines=(3, 3))
    after, _ = applied(tmp_path, PATH, SRC, s)
    assert s.status == Status.APPLIED, s.reason
    assert after == SRC.replace("sprintf(buf,", "sysfs_emit(buf,")
