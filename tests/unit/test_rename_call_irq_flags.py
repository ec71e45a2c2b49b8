"""rename-call between a lock call that saves the interrupt state in a flags argument and one that does not:
never a rename of the name alone (`raw_spin_lock_irq(&l, flags)` does not compile, and the unlock would
still restore flags never saved)."""
from __future__ import annotations

from pathlib import Path

import pytest

from cocci.recipes._calls import irq_flags_change
from patches.model import Status
from tests.unit.kinds_support import applied, sugg

PATH = "kernel/locking/semaphore.c"
SRC = """\
void sem_reset(struct semaphore *sem, int val)
{
\tunsigned long flags;

\traw_spin_lock_irqsave(&sem->lock, flags);
\tsem->count = val;
\traw_spin_unlock_irqrestore(&sem->lock, flags);
}
"""


def test_irqsave_asked_to_become_irq_is_manual(tmp_path: Path):
    """Before: `raw_spin_lock_irq(&sem->lock, flags);` with the irqrestore left as it was."""
    s = sugg(PATH, "sem_reset", ["+\traw_spin_lock_irqsave(&sem->lock, flags);"],
             "This is only called from process context with interrupts enabled,\n"
             "raw_spin_lock_irq() is enough here.", answer="")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert s.status == Status.MANUAL
    assert "raw_spin_lock_irq() takes no flags argument where raw_spin_lock_irqsave() takes one" in s.reason
    assert after == SRC


@pytest.mark.parametrize("old, new, changes", [
    ("spin_lock_irqsave", "spin_lock_irq", True), ("spin_unlock_irqrestore", "spin_unlock", True),
    ("local_irq_disable", "local_irq_save", True), ("spin_lock", "spin_lock_irqsave", True),
    ("spin_lock", "spin_lock_bh", False), ("spin_lock_irqsave", "raw_spin_lock_irqsave", False),
    ("pr_warn", "pr_warn_once", False)])
def test_which_pairs_change_the_flags_argument(old, new, changes):
    assert bool(irq_flags_change(old, new)) == changes
