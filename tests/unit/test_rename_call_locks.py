"""rename-call between lock calls: never by the name alone when the new call takes no flags argument where
the old one saves the interrupt state (`raw_spin_lock_irq(&l, flags)` does not compile, and the unlock
would still restore flags never saved), leaves interrupts or softirqs in another state (the unlock that
pairs with it would not match), or may fail where the old one waits (its value has to be checked)."""
from __future__ import annotations

from pathlib import Path

import pytest

from cocci.recipes._calls import irq_flags_change, lock_change
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


PAIRED = """\
void sem_reset(struct semaphore *sem, int val)
{
\traw_spin_lock_irq(&sem->lock);
\tsem->count = val;
\traw_spin_unlock_irq(&sem->lock);
}
"""


def test_irq_asked_to_become_plain_is_manual(tmp_path: Path):
    """Before: `raw_spin_lock(&sem->lock);` under a `raw_spin_unlock_irq()` that enabled interrupts the
    lock never disabled."""
    s = sugg(PATH, "sem_reset", ["+\traw_spin_lock_irq(&sem->lock);"],
             "This runs from the timer interrupt, interrupts are already disabled;\n"
             "plain raw_spin_lock() is enough.", answer="")
    after = applied(tmp_path, PATH, PAIRED, s)[0]
    assert s.status == Status.MANUAL
    assert "the lock call and its unlock change together" in s.reason
    assert after == PAIRED


def test_a_lock_that_may_fail_is_manual(tmp_path: Path):
    """Before: `mutex_lock_interruptible(&l);` as a statement, its failure unchecked and the unlock run."""
    src = "static s64 qx_limit(struct qx *q)\n{\n\ts64 v;\n\n\tmutex_lock(&q->lock);\n" \
          "\tv = q->limit;\n\tmutex_unlock(&q->lock);\n\treturn v;\n}\n"
    s = sugg(PATH, "qx_limit", ["+\tmutex_lock(&q->lock);"],
             "This can be reached from userspace, use mutex_lock_interruptible().", answer="")
    after = applied(tmp_path, PATH, src, s)[0]
    assert s.status == Status.MANUAL
    assert "mutex_lock_interruptible() may fail where mutex_lock() waits" in s.reason
    assert after == src


@pytest.mark.parametrize("old, new, changes", [
    ("spin_lock_irq", "spin_lock", True), ("spin_unlock_bh", "spin_unlock", True),
    ("spin_lock", "spin_lock_nested", True), ("mutex_lock", "mutex_lock_killable", True),
    ("down", "down_interruptible", True), ("mutex_lock", "mutex_trylock", True),
    ("spin_lock", "raw_spin_lock", False), ("read_lock_bh", "write_lock_bh", False),
    ("kfree", "kvfree", False), ("pr_warn", "pr_warn_once", False)])
def test_which_lock_renames_change_more_than_the_name(old, new, changes):
    assert bool(lock_change(old, new)) == changes



GUARDED = """\
static int qx_count(struct qx *qx)
{
\tint n;

\tspin_lock_irq(&qx->lock);
\tn = qx->count;
\tspin_unlock_irq(&qx->lock);
\tpr_debug("%d entries\\n", n);
\treturn n;
}
"""


def test_the_lock_class_of_a_guard_is_no_call_to_rename_to(tmp_path: Path):
    """Before: `spin_lock_irq(&qx->lock)` became `spinlock_irq(&qx->lock)`, a function that does not exist,
    reported applied."""
    from cocci.recipes import _evidence as E
    assert "spinlock_irq" not in E.named_identifiers("Please use guard(spinlock_irq)(&qx->lock).")
    assert "mutex" not in E.named_identifiers("scoped_guard(mutex, &st->lock) please")
    s = sugg("drivers/misc/qx.c", "qx_count", ["+\tspin_lock_irq(&qx->lock);"],
             "Please use guard(spinlock_irq)(&qx->lock).", answer="")
    after = applied(tmp_path, "drivers/misc/qx.c", GUARDED, s)[0]
    assert after == GUARDED and s.status == Status.MANUAL
    assert "line 8 (pr_debug(\"%d entries\\n\", n);) runs after the unlock: guard() would hold the lock " \
           "through it" in s.reason
