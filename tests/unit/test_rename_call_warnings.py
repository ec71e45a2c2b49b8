"""rename-call between the warnings: WARN() and WARN_ONCE() take a condition and a message, WARN_ON() and
WARN_ON_ONCE() the condition alone; a rename across the two kinds is manual (the message would stay as
arguments WARN_ON_ONCE() does not take, or is missing), within one kind it is a rename."""
from __future__ import annotations

from pathlib import Path

import pytest

from cocci.recipes._calls import warn_message_change
from patches.model import Status
from tests.unit.kinds_support import applied, hunks, sugg

PATH = "kernel/cgroup/pids.c"
SRC = """\
static void pids_cancel(struct pids_cgroup *pids, int num)
{
\tWARN(num < 0, "pids: negative cancel %d\\n", num);
\tatomic64_add(-num, &pids->counter);
}
"""


def run(tmp_path: Path, comment: str) -> tuple[Status | None, str, str]:
    s = sugg(PATH, "pids_cancel", ['+\tWARN(num < 0, "pids: negative cancel %d\\n", num);'], comment, answer="")
    after = applied(tmp_path, PATH, SRC, s)[0]
    return s.status, s.reason, after


def test_a_warning_with_a_message_asked_to_be_warn_on_once_is_manual(tmp_path):
    """Before: `WARN_ON_ONCE(num < 0, "pids: negative cancel %d\\n", num);`, which does not compile."""
    status, reason, after = run(tmp_path, "This should be WARN_ON_ONCE().")
    assert status == Status.MANUAL
    assert "WARN_ON_ONCE() takes the condition alone where WARN() also takes a message" in reason
    assert after == SRC


def test_warn_becomes_warn_once_with_its_message(tmp_path):
    status, reason, after = run(tmp_path, "WARN_ONCE() please.")
    assert status == Status.APPLIED, reason
    assert hunks(PATH, SRC, after)[3:5] == ['-\tWARN(num < 0, "pids: negative cancel %d\\n", num);',
                                            '+\tWARN_ONCE(num < 0, "pids: negative cancel %d\\n", num);']


@pytest.mark.parametrize("old, new, changes", [
    ("WARN", "WARN_ON_ONCE", True), ("WARN_ON", "WARN_ONCE", True), ("WARN_ONCE", "WARN_ON", True),
    ("WARN_ON", "WARN_ON_ONCE", False), ("WARN", "WARN_ONCE", False), ("BUG_ON", "WARN_ON_ONCE", False),
    ("VM_WARN_ON", "VM_WARN_ON_ONCE", False), ("pr_warn", "pr_warn_once", False)])
def test_which_warning_renames_change_the_arguments(old, new, changes):
    assert bool(warn_message_change(old, new)) == changes
