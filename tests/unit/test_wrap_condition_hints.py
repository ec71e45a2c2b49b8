"""wrap-condition asked the other way for the branch hints: "unlikely() is not needed here" on
`if (unlikely(x))` gives `if (x)`; a hint on a part of the condition is manual; "Add unlikely() here?"
wraps."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from patches.model import Status
from tests.unit.kinds_support import applied, hunks, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "io_uring/nop.c"
SRC = """\
int io_nop(struct io_kiocb *req, unsigned int issue_flags)
{
\tstruct io_nop *nop = io_kiocb_to_cmd(req, struct io_nop);

\tif (unlikely(nop->result < 0))
\t\treq_set_fail(req);
\tif (unlikely(req->flags & REQ_F_FAIL) && nop->result)
\t\treturn -EIO;
\tif (req->flags & REQ_F_FIXED_FILE)
\t\treturn -EBADF;
\tio_req_set_res(req, nop->result, 0);
\treturn IOU_OK;
}
"""


def changed(after: str) -> list[str]:
    return [ln for ln in hunks(PATH, SRC, after) if ln[:1] in "+-"]


def run(tmp_path: Path, line: str, comment: str):
    s = sugg(PATH, "io_nop", ["+" + line], comment, answer="")
    return s, applied(tmp_path, PATH, SRC, s)[0]


@pytest.mark.parametrize("comment", [
    "unlikely() is not needed here, it's not a hot path and the\ncompiler does fine without it.",
    "Why unlikely()? Please drop it.", "No need for the unlikely."])
def test_the_hint_goes_from_the_quoted_condition(tmp_path, comment):
    s, after = run(tmp_path, "\tif (unlikely(nop->result < 0))", comment)
    assert s.status == Status.APPLIED, s.reason
    assert changed(after) == ["-\tif (unlikely(nop->result < 0))", "+\tif (nop->result < 0)"]


def test_a_hint_on_a_part_of_the_condition_is_manual(tmp_path):
    s, after = run(tmp_path, "\tif (unlikely(req->flags & REQ_F_FAIL) && nop->result)", "unlikely() is not needed.")
    assert s.status == Status.MANUAL and "unlikely() is on a part of the condition" in s.reason
    assert after == SRC


def test_keeping_the_hint_asks_for_nothing(tmp_path):
    s, after = run(tmp_path, "\tif (unlikely(nop->result < 0))", "Don't drop the unlikely() here, please.")
    assert s.status != Status.APPLIED and after == SRC


def test_add_unlikely_as_a_question_wraps(tmp_path):
    s, after = run(tmp_path, "\tif (req->flags & REQ_F_FIXED_FILE)", "Add unlikely() here?")
    assert s.status == Status.APPLIED, s.reason
    assert changed(after) == ["-\tif (req->flags & REQ_F_FIXED_FILE)",
                                            "+\tif (unlikely(req->flags & REQ_F_FIXED_FILE))"]


def test_the_hint_goes_and_the_statement_stays(tmp_path):
    # "not needed" names the hint: the `if` and its body are no statements to remove
    s = sugg(PATH, "io_nop", ["+\tif (unlikely(nop->result < 0))", "+\t\treq_set_fail(req);"],
             "unlikely() is not needed here, this is not a hot path.", answer="")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("wrap-condition", Status.APPLIED), s.reason
    assert changed(after) == ["-\tif (unlikely(nop->result < 0))", "+\tif (nop->result < 0)"]


def test_a_warning_takes_the_place_of_the_unlikely(tmp_path):
    s, after = run(tmp_path, "\tif (unlikely(nop->result < 0))", "This should be a WARN_ON_ONCE().")
    assert (s.kind, s.status) == ("wrap-condition", Status.APPLIED), s.reason
    assert changed(after) == ["-\tif (unlikely(nop->result < 0))", "+\tif (WARN_ON_ONCE(nop->result < 0))"]


def test_a_warning_over_a_likely_condition_is_manual(tmp_path):
    text = SRC.replace("\tif (unlikely(nop->result < 0))", "\tif (likely(nop->result < 0))")
    s = sugg(PATH, "io_nop", ["+\tif (likely(nop->result < 0))"], "This should be a WARN_ON_ONCE().", answer="")
    after = applied(tmp_path, PATH, text, s)[0]
    assert after == text and s.status == Status.MANUAL
    assert "the condition is likely(...): a WARN_ON_ONCE() would warn on the case the hint calls likely" in s.reason


@pytest.mark.parametrize("comment", ["unlikely() please, this is the fast path.", "Nit: unlikely()?"])
def test_the_hint_named_alone_wraps(tmp_path, comment):
    """Before: "unlikely() please" was manual, no recipe understanding it."""
    s, after = run(tmp_path, "\tif (req->flags & REQ_F_FIXED_FILE)", comment)
    assert (s.kind, s.status) == ("wrap-condition", Status.APPLIED), s.reason
    assert changed(after) == ["-\tif (req->flags & REQ_F_FIXED_FILE)",
                              "+\tif (unlikely(req->flags & REQ_F_FIXED_FILE))"]
