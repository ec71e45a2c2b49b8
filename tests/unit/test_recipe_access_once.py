"""access-once: READ_ONCE()/WRITE_ONCE()/rcu_dereference() asked for a quoted read or write of a member."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci.recipes.access_once import accessor_named
from patches.model import Status
from tests.unit.kinds_support import applied, hunks, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "io_uring/nop.c"
SRC = """\
int io_nop_prep(struct io_kiocb *req, const struct io_uring_sqe *sqe)
{
\tunsigned int flags;
\tstruct io_nop *nop = io_kiocb_to_cmd(req, struct io_nop);

\tflags = sqe->nop_flags;
\tif (req->cqe.res < 0 && flags)
\t\treturn -EINVAL;
\tif (sqe->len > nop->result)
\t\treturn -EINVAL;
\tnop->result = sqe->len;
\treq->ops->prep(req, &sqe->addr);
\treturn 0;
}
"""


def run(tmp_path: Path, quoted: list[str], comment: str):
    s = sugg(PATH, "io_nop_prep", ["+" + q for q in quoted], comment, answer="")
    after = applied(tmp_path, PATH, SRC, s)[0]
    return s, [ln for ln in hunks(PATH, SRC, after) if ln[:1] in "+-"] if after != SRC else []


def test_a_read_into_a_local(tmp_path):
    s, changed = run(tmp_path, ["\tflags = sqe->nop_flags;"],
                     "The SQE is shared with userspace, this needs READ_ONCE().")
    assert s.status == Status.APPLIED, s.reason
    assert changed == ["-\tflags = sqe->nop_flags;", "+\tflags = READ_ONCE(sqe->nop_flags);"]


def test_a_read_in_a_condition(tmp_path):
    s, changed = run(tmp_path, ["\tif (req->cqe.res < 0 && flags)"], "READ_ONCE() here, this can change under us.")
    assert s.status == Status.APPLIED, s.reason
    assert changed == ["-\tif (req->cqe.res < 0 && flags)", "+\tif (READ_ONCE(req->cqe.res) < 0 && flags)"]


def test_a_write(tmp_path):
    s, changed = run(tmp_path, ["\tnop->result = sqe->len;"], "This is read locklessly, so WRITE_ONCE() please.")
    assert s.status == Status.APPLIED, s.reason
    assert changed == ["-\tnop->result = sqe->len;", "+\tWRITE_ONCE(nop->result, sqe->len);"]


def test_the_member_named_picks_the_read(tmp_path):
    s, changed = run(tmp_path, ["\tif (sqe->len > nop->result)"],
                     "sqe->len needs READ_ONCE(), userspace can change it.")
    assert s.status == Status.APPLIED, s.reason
    assert changed == ["-\tif (sqe->len > nop->result)", "+\tif (READ_ONCE(sqe->len) > nop->result)"]


def test_two_reads_and_no_name_is_manual(tmp_path):
    s, changed = run(tmp_path, ["\tif (sqe->len > nop->result)"], "This needs READ_ONCE().")
    assert s.status == Status.MANUAL and "read nop->result, sqe->len in 2 places" in s.reason
    assert changed == []


def test_a_call_through_a_member_and_an_address_are_no_reads(tmp_path):
    s, changed = run(tmp_path, ["\treq->ops->prep(req, &sqe->addr);"], "READ_ONCE() please.")
    assert s.status != Status.APPLIED and changed == []


@pytest.mark.parametrize("comment, accessor", [
    ("this needs READ_ONCE()", "READ_ONCE"), ("WRITE_ONCE() please", "WRITE_ONCE"),
    ("task->cgroups is RCU protected, use rcu_dereference()", "rcu_dereference"),
    ("No need for READ_ONCE() here, we hold the lock.", None), ("Why READ_ONCE()?", None),
    ("This needs READ_ONCE()/WRITE_ONCE() pairs.", None)])
def test_which_comments_ask_for_an_accessor(comment, accessor):
    assert accessor_named(comment) == accessor


def test_a_bit_field_member_is_manual(tmp_path):
    """READ_ONCE() takes the address of what it reads: of a bit-field it does not build."""
    src = "struct io_nop {\n\tstruct file *file;\n\tunsigned int result:8;\n};\n\n" + SRC
    s = sugg(PATH, "io_nop_prep", ["+\tif (sqe->len > nop->result)"],
             "nop->result needs READ_ONCE(), see the irq path.", answer="")
    after = applied(tmp_path, PATH, src, s)[0]
    assert after == src and s.status == Status.MANUAL
    assert "result is a bit-field in the files respin reads: READ_ONCE() takes the address" in s.reason


RESET = """\
static void qx_reset(struct qx_ring *rb)
{
\tunsigned long flags;

\traw_spin_lock_irqsave(&rb->lock, flags);
\trb->consumer_pos = 0;
\trb->producer_pos = 0;
\traw_spin_unlock_irqrestore(&rb->lock, flags);
}
"""


def test_both_quoted_writes_asked_for_is_manual(tmp_path):
    """Before: "for both, the consumer reads them" narrowed to the consumer's write alone, and the
    producer's stayed plain, reported applied."""
    path = "kernel/bpf/qx.c"
    s = sugg(path, "qx_reset", ["+\trb->consumer_pos = 0;", "+\trb->producer_pos = 0;"],
             "Use WRITE_ONCE() for both, the consumer reads them locklessly.", answer="")
    after = applied(tmp_path, path, RESET, s)[0]
    assert after == RESET and s.status == Status.MANUAL
    assert "access-once: the comment asks for WRITE_ONCE() on 2 quoted accesses (rb->consumer_pos, " \
        "rb->producer_pos): respin makes one at a time; left to the author" in s.reason
