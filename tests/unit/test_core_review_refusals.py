"""Core-kernel review wordings that named something other than what the recipe took: a call whose check
was called needless, a loop body for code that replaces the loop."""
from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from patches.model import Status, Suggestion
from tests.unit.kinds_support import pipeline, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "virt/kvm/dirty_count.c"
COUNT = """\
#include <linux/kvm_host.h>

int kvm_dirty_count(struct kvm *kvm, struct kvm_memory_slot *slot,
\t\t    unsigned long *count)
{
\tunsigned long n;
\tint i;

\tn = kvm_dirty_bitmap_bytes(slot);
\t*count = 0;
\tfor (i = 0; i < n / sizeof(long); ++i)
\t\t*count += hweight_long(slot->dirty_bitmap[i]);
\treturn 0;
}
EXPORT_SYMBOL_GPL(kvm_dirty_count);
"""

DBG = "kernel/irq/wake_debugfs.c"
DEBUGFS = """\
#include <linux/debugfs.h>

static struct dentry *wake_dir;

static int __init wake_debugfs_init(void)
{
\tstruct dentry *d;

\twake_dir = debugfs_create_dir("irq_wake", NULL);
\td = debugfs_create_file("depth", 0444, wake_dir, NULL, NULL);
\tif (!d)
\t\treturn -ENOMEM;
\treturn 0;
}
"""


def _anchored(s: Suggestion) -> Suggestion:
    """S with the quoted lines as the review stage finds them in the tree."""
    s.anchor = replace(s.anchor, code=[q[1:].strip() for q in s.quoted])
    return s


def _with_code(s: Suggestion, code: list[str]) -> Suggestion:
    s.code, s.written = [c.strip() for c in code], list(code)
    return s


def test_code_that_steps_through_nothing_is_not_made_the_body_of_the_quoted_loop(tmp_path):
    """Before: `*count = bitmap_weight(...)` under a quoted `for` and its body became the body, the loop
    kept (the count computed n / sizeof(long) times) and the request reported applied."""
    s = _with_code(sugg(PATH, "kvm_dirty_count", ["+\tfor (i = 0; i < n / sizeof(long); ++i)",
                                                  "+\t\t*count += hweight_long(slot->dirty_bitmap[i]);"],
                        "This is open coding bitmap_weight().  Something like:\n\n"
                        "\t*count = bitmap_weight(slot->dirty_bitmap, slot->npages);\n\nshould do the trick."),
                   ["\t*count = bitmap_weight(slot->dirty_bitmap, slot->npages);"])
    after, _, _ = pipeline(tmp_path, PATH, COUNT, [s])
    assert after == COUNT
    assert s.status == Status.MANUAL
    assert "replace-code: the reviewer's code reads none of i, which the quoted loop " \
           "`for (i = 0; i < n / sizeof(long); ++i)` (line 11) steps through and its body reads: it may stand " \
           "for the whole loop rather than its body; left to the author" in s.reason


def test_a_new_body_that_still_reads_the_loop_variable_is_written(tmp_path):
    s = _with_code(sugg(PATH, "kvm_dirty_count", ["+\tfor (i = 0; i < n / sizeof(long); ++i)",
                                                  "+\t\t*count += hweight_long(slot->dirty_bitmap[i]);"],
                        "Something like:\n\n\t\t*count += hweight64(slot->dirty_bitmap[i]);"),
                   ["\t\t*count += hweight64(slot->dirty_bitmap[i]);"])
    after, _, _ = pipeline(tmp_path, PATH, COUNT, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert after == COUNT.replace("hweight_long(", "hweight64(")


def test_no_need_to_check_a_call_never_removes_the_call(tmp_path):
    """Before: "No need to check the return value of debugfs_create_file()." removed the call and kept
    `if (!d) return -ENOMEM;`, reading a pointer nothing set."""
    s = sugg(DBG, "wake_debugfs_init", ['+\td = debugfs_create_file("depth", 0444, wake_dir, NULL, NULL);',
                                        "+\tif (!d)", "+\t\treturn -ENOMEM;"],
             "No need to check the return value of debugfs_create_file().")
    after, _, _ = pipeline(tmp_path, DBG, DEBUGFS, [s])
    assert 'd = debugfs_create_file("depth", 0444, wake_dir, NULL, NULL);' in after
    assert s.kind != "remove-statements", s.reason


SCHED = "kernel/sched/boost.c"
BOOST = """\
#include <linux/sched.h>
#include "sched.h"

int sched_task_set_boost(struct task_struct *p, int boost)
{
\tstruct rq_flags rf;
\tstruct rq *rq;

\trq = task_rq_lock(p, &rf);
\tp->boost = boost;
\ttask_rq_unlock(rq, p, &rf);
\treturn 0;
}
"""


def test_a_remark_that_names_a_guard_is_a_request_left_to_the_author(tmp_path):
    """Before: "This wants to be a guard(task_rq_lock)." (no verb of a request) was skipped as a remark."""
    s = sugg(SCHED, "sched_task_set_boost", ["+\trq = task_rq_lock(p, &rf);"],
             "This wants to be a guard(task_rq_lock).")
    s.kind = "comment"
    after, _, _ = pipeline(tmp_path, SCHED, BOOST, [s])
    assert after == BOOST
    assert (s.status, s.reason) == (Status.MANUAL, "asks for guard(): scope-based cleanup or a managed resource "
                                    "changes how the function releases what it holds (unlock and free calls, "
                                    "error paths, remove), a change of design left to the author")


MM = "mm/vmap_count.c"
COUNTER = """\
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(vmap_folio_lock);
static unsigned long nr_vmap_folios;

unsigned long vmalloc_nr_folios(void)
{
\tunsigned long nr;

\tspin_lock(&vmap_folio_lock);
\tnr = nr_vmap_folios;
\tspin_unlock(&vmap_folio_lock);
\treturn nr;
}
"""


def test_a_needless_thing_named_by_its_noun_is_not_the_quoted_local(tmp_path):
    """Before: "The lock is pointless for a single load" under `nr = nr_vmap_folios;` dropped nr, leaving
    the lock and unlock around nothing and the load outside them."""
    s = _anchored(sugg(MM, "vmalloc_nr_folios", ["+\tspin_lock(&vmap_folio_lock);", "+\tnr = nr_vmap_folios;"],
                       "The lock is pointless for a single load, READ_ONCE() is enough."))
    after, _, _ = pipeline(tmp_path, MM, COUNTER, [s])
    assert after == COUNTER
    assert s.status == Status.MANUAL and "drop-variable" not in s.reason, s.reason


def test_the_local_called_needless_by_a_word_for_it_still_goes(tmp_path):
    s = _anchored(sugg(MM, "vmalloc_nr_folios", ["+\tnr = nr_vmap_folios;"], "The temporary is pointless."))
    after, _, _ = pipeline(tmp_path, MM, COUNTER, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "drop-variable"), s.reason
    assert after == COUNTER.replace("\tunsigned long nr;\n\n", "").replace("\tnr = nr_vmap_folios;\n", "") \
        .replace("return nr;", "return nr_vmap_folios;")


TRACK = "arch/x86/kvm/mmu/track_count.c"
TRACKED = """\
#include <linux/kvm_host.h>

int kvm_page_track_count(struct kvm *kvm, struct kvm_memory_slot *slot)
{
\tunsigned short *arr = slot->arch.gfn_write_track;
\tint i, count = 0;

\tfor (i = 0; i < slot->npages; i++)
\t\tif (arr[i])
\t\t\tcount++;

\treturn count;
}
"""
NESTED = ["+\tfor (i = 0; i < slot->npages; i++)", "+\t\tif (arr[i])", "+\t\t\tcount++;"]


@pytest.mark.parametrize("comment, reason", [
    # before: the braces went around count++, the body of the if, and the suggestion said applied
    ("Curly braces around the multi-line for body, please.",
     "add-braces: cannot add braces safely: an unbraced body that is itself a compound statement"),
    ("Braces, please.",
     "add-braces: the quoted `if (arr[i])` is the unbraced body of `for (i = 0; i < slot->npages; i++)` "
     "(line 8): which of them gets the braces is for the author"),
])
def test_braces_under_a_loop_whose_body_is_an_unbraced_if_are_not_given_to_the_if(tmp_path, comment, reason):
    s = sugg(TRACK, "kvm_page_track_count", NESTED, comment)
    after, _, _ = pipeline(tmp_path, TRACK, TRACKED, [s])
    assert after == TRACKED
    assert (s.status, s.reason) == (Status.MANUAL, reason)


def test_braces_for_an_if_named_under_a_braced_loop_still_go_on(tmp_path):
    text = TRACKED.replace("npages; i++)\n\t\tif (arr[i])\n\t\t\tcount++;\n",
                           "npages; i++) {\n\t\tif (arr[i])\n\t\t\tcount++;\n\t}\n")
    s = sugg(TRACK, "kvm_page_track_count", ["+\t\tif (arr[i])", "+\t\t\tcount++;"], "Braces, please.")
    after, _, _ = pipeline(tmp_path, TRACK, text, [s])
    assert (s.status, s.kind) == (Status.APPLIED, "add-braces"), s.reason
    assert "\t\tif (arr[i]) {\n\t\t\tcount++;\n\t\t}\n\t}\n" in after


IRQ = "kernel/irq/retrigger_count.c"
RETRIGGER = """\
#include <linux/spinlock.h>

static DEFINE_RAW_SPINLOCK(retrigger_lock);
static unsigned long retrigger_count;

void irq_retrigger_count(void)
{
\tunsigned long flags;

\tspin_lock_irqsave(&retrigger_lock, flags);
\tretrigger_count++;
\tspin_unlock_irqrestore(&retrigger_lock, flags);
}
"""


def test_a_lock_call_renamed_alone_that_its_unlock_would_no_longer_match_is_left_to_the_author(tmp_path):
    """Before: "raw_spin_lock_irqsave()" made the lock raw and left spin_unlock_irqrestore(), and said applied."""
    s = sugg(IRQ, "irq_retrigger_count", ["+\tspin_lock_irqsave(&retrigger_lock, flags);"],
             "No.  raw_spinlock_t needs raw_spin_lock_irqsave().")
    after, _, _ = pipeline(tmp_path, IRQ, RETRIGGER, [s])
    assert after == RETRIGGER
    assert (s.status, s.reason) == (Status.MANUAL, "rename-call: spin_lock_irqsave() pairs with "
                                    "spin_unlock_irqrestore() on line 12, which would stay as it is: "
                                    "raw_spin_lock_irqsave() goes with raw_spin_unlock_irqrestore(), and changing "
                                    "both is for the author")


def test_a_lock_call_undone_by_the_same_unlock_is_not_held_for_its_pair(tmp_path):
    text = RETRIGGER.replace("spin_lock_irqsave(&retrigger_lock, flags)", "mutex_lock(&retrigger_lock)") \
        .replace("spin_unlock_irqrestore(&retrigger_lock, flags)", "mutex_unlock(&retrigger_lock)")
    s = sugg(IRQ, "irq_retrigger_count", ["+\tmutex_lock(&retrigger_lock);"], "mutex_lock_interruptible()?")
    after, _, _ = pipeline(tmp_path, IRQ, text, [s])
    assert s.reason == ("rename-call: mutex_lock_interruptible() may fail where mutex_lock() waits: its value has "
                        "to be checked and the error path written (without the unlock), which is for the author")


def test_a_needless_initialization_is_not_a_needless_variable(tmp_path):
    """Before: "Pointless initialization." under `int ret = 0;`, ret never set otherwise, dropped ret and
    returned 0: a change nobody asked for.  Without its initializer ret would be read unset: manual."""
    text = BOOST.replace("\tstruct rq *rq;\n", "\tstruct rq *rq;\n\tint ret = 0;\n").replace("return 0;", "return ret;")
    s = _anchored(sugg(SCHED, "sched_task_set_boost", ["+\tint ret = 0;"], "Pointless initialization."))
    after, _, _ = pipeline(tmp_path, SCHED, text, [s])
    assert after == text
    assert (s.status, s.reason) == (Status.MANUAL, "drop-initializer: the initializer of ret cannot go safely: the "
                                    "first use of ret is not a plain assignment to it")
