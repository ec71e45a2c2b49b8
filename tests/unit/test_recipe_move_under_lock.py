"""move-under-lock: the quoted statement goes right after the lock call next to it (or right before
the unlock), as a verified text edit; anything less clear is left to people with the reason."""
from __future__ import annotations

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "kernel/queue.c"
TEXT = """static bool queue_busy(struct queue *q)
{
	unsigned long flags;
	bool busy;

	busy = !list_empty(&q->pending);
	spin_lock_irqsave(&q->lock, flags);
	q->polls++;
	spin_unlock_irqrestore(&q->lock, flags);
	q->last = jiffies;

	return busy;
}

static void queue_kick(struct queue *q, unsigned long flags)
{
	flags = q->flags;
	spin_lock_irqsave(&q->lock, flags);
	spin_unlock_irqrestore(&q->lock, flags);
}
"""


def _changed(after: str) -> list[str]:
    return [ln for ln in hunks(PATH, TEXT, after) if ln[:1] in "+-"]


def test_a_read_before_the_lock_moves_right_after_it(tmp_path):
    s = sugg(PATH, "queue_busy", ["+\tbusy = !list_empty(&q->pending);", "+\tspin_lock_irqsave(&q->lock, flags);"],
             "The list is only stable with q->lock held. Move it under the lock.")
    after, rules, _ = pipeline(tmp_path, PATH, TEXT, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "move-under-lock"), s.reason
    assert rules[0].is_text_edit
    assert s.summary == "Move busy = !list_empty(&q->pending) under the lock in queue_busy()"
    assert len(_changed(after)) == 2 and len(after.splitlines()) == len(TEXT.splitlines())
    assert "\tspin_lock_irqsave(&q->lock, flags);\n\tbusy = !list_empty(&q->pending);\n\tq->polls++;\n" in after


def test_a_statement_after_the_unlock_moves_right_before_it(tmp_path):
    s = sugg(PATH, "queue_busy", ["+\tspin_unlock_irqrestore(&q->lock, flags);", "+\tq->last = jiffies;"],
             "This should be done with the lock held as well.")
    after, _, _ = pipeline(tmp_path, PATH, TEXT, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "move-under-lock"), s.reason
    assert "\tq->polls++;\n\tq->last = jiffies;\n\tspin_unlock_irqrestore(&q->lock, flags);\n\n" in after


def test_a_statement_the_lock_call_depends_on_stays(tmp_path):
    s = sugg(PATH, "queue_kick", ["+\tflags = q->flags;", "+\tspin_lock_irqsave(&q->lock, flags);"],
             "Move it under the lock.")
    after, rules, _ = pipeline(tmp_path, PATH, TEXT, [s])
    assert s.status == Status.MANUAL and rules == [] and after == TEXT
    assert "not next to a lock or unlock call of its block" in s.reason


def test_without_words_for_the_lock_it_is_not_this_recipe(tmp_path):
    s = sugg(PATH, "queue_busy", ["+\tbusy = !list_empty(&q->pending);"], "Move it further down.")
    pipeline(tmp_path, PATH, TEXT, [s])
    assert s.kind != "move-under-lock"
