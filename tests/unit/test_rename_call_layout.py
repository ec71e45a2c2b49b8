"""A renamed call keeps its line breaks: spatch prints a call it changes anew and breaks its lines its own
way, a careful hand renames it in place and moves the continuation lines under the parenthesis."""
from __future__ import annotations

import shutil

import pytest

from cocci import spatch
from cocci.recipes.rename_call import kept_layout

BEFORE = """static void qux_report(struct device *dev, int port, unsigned long base, int irq)
{
\tif (port >= 0) {
\t\tdev_info(dev, "port %d at MMIO 0x%08lx, irq %d\\n",
\t\t\t port, base, irq);
\t}
}
"""

WANT = """static void qux_report(struct device *dev, int port, unsigned long base, int irq)
{
\tif (port >= 0) {
\t\tdev_dbg(dev, "port %d at MMIO 0x%08lx, irq %d\\n",
\t\t\tport, base, irq);
\t}
}
"""


def _spatch(tmp_path, text: str, old: str, new: str) -> str:
    src = tmp_path / "t.c"
    src.write_text(text)
    rule = tmp_path / "r.cocci"
    rule.write_text(f"@@\nexpression list es;\n@@\n- {old}(es)\n+ {new}(es)\n")
    spatch.apply(rule, [src])
    return src.read_text()


def test_the_continuation_line_moves_with_the_parenthesis():
    spatch_printed = BEFORE.replace('dev_info(dev, "port %d at MMIO 0x%08lx, irq %d\\n",\n\t\t\t port, base, irq);',
                                    'dev_dbg(dev, "port %d at MMIO 0x%08lx, irq %d\\n", port,\n\t\t\tbase, irq);')
    assert kept_layout(BEFORE, spatch_printed, "dev_info", "dev_dbg") == WANT


def test_a_longer_name_moves_the_continuation_right():
    before = "void f(int n)\n{\n\tpr_warn(\"short %d\\n\",\n\t\tn);\n}\n"
    printed = "void f(int n)\n{\n\tpr_warn_once(\"short %d\\n\", n);\n}\n"
    assert kept_layout(before, printed, "pr_warn", "pr_warn_once") == \
        "void f(int n)\n{\n\tpr_warn_once(\"short %d\\n\",\n\t\t     n);\n}\n"


def test_a_line_that_would_grow_past_80_columns_is_left_as_spatch_printed_it():
    before = "void f(int n)\n{\n\t\tdev_err(d, \"a message that is already quite long: %d\\n\", n);\n}\n"
    printed = ("void f(int n)\n{\n\t\tdev_err_ratelimited(d,\n"
               "\t\t\t\t    \"a message that is already quite long: %d\\n\", n);\n}\n")
    assert kept_layout(before, printed, "dev_err", "dev_err_ratelimited") == printed


def test_other_changes_than_the_rename_are_left_as_spatch_printed_them():
    before = "void f(int n)\n{\n\tpr_info(\"%d\\n\",\n\t\tn);\n}\n"
    printed = "void f(int n)\n{\n\tpr_debug(\"%d\\n\", n + 1);\n}\n"
    assert kept_layout(before, printed, "pr_info", "pr_debug") == printed


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_with_spatch(tmp_path):
    printed = _spatch(tmp_path, BEFORE, "dev_info", "dev_dbg")
    assert kept_layout(BEFORE, printed, "dev_info", "dev_dbg") == WANT


LONG_ARGS = """static void qux_fail(struct qux *q, struct qux_req *req)
{
\tif (!req->op) {
\t\tdev_err(q->dev,
\t\t\t"%s: no op for %s\\n",
\t\t\tq->name, req->tfm->__crt_alg->cra_driver_name);
\t}
}
"""


@pytest.mark.parametrize("new,col", [("dev_err_ratelimited", "\t\t\t\t    "), ("dev_err_probe_once", "\t\t\t\t   ")])
def test_a_continuation_line_moved_past_80_columns_is_broken_after_an_argument(new, col):
    """Before: the moved last line would pass 80 columns, so spatch's own layout was kept, whose first
    line is not the quoted one renamed (the check then said the call was not renamed).  A careful hand
    breaks the moved line after an argument."""
    printed = LONG_ARGS.replace('dev_err(q->dev,\n\t\t\t"%s: no op for %s\\n",\n\t\t\tq->name, ',
                                f'{new}(q->dev, "%s: no op for %s\\n",\n{col}q->name,\n{col}')
    got = kept_layout(LONG_ARGS, printed, "dev_err", new)
    assert got == LONG_ARGS.replace(
        'dev_err(q->dev,\n\t\t\t"%s: no op for %s\\n",\n\t\t\tq->name, req->tfm',
        f'{new}(q->dev,\n{col}"%s: no op for %s\\n",\n{col}q->name,\n{col}req->tfm')
    assert max(len(ln.expandtabs(8)) for ln in got.splitlines()) <= 80


def test_a_moved_line_with_no_argument_to_break_at_keeps_spatch_s_layout():
    arg = "q->a_rather_long_name_of_a_member->and_another_one_here"
    before = f"void f(struct q *q)\n{{\n\tpr_warn(\"x %s\\n\",\n\t\t{arg});\n}}\n"
    printed = f"void f(struct q *q)\n{{\n\tpr_warn_ratelimited(\"x %s\\n\",\n\t\t\t    {arg});\n}}\n"
    assert kept_layout(before, printed, "pr_warn", "pr_warn_ratelimited") == printed



CONG = "net/ipv4/tcp_cong.c"
CONG_AT = "\tstrscpy(name, ca->name, TCP_CA_NAME_MAX);\n\trcu_read_unlock();\n}\n"
CONG_NEW = CONG_AT + """
u32 tcp_default_key(struct net *net)
{
\tconst struct tcp_congestion_ops *ca;
\tu32 key;

\trcu_read_lock();
\tca = rcu_dereference(net->ipv4.tcp_congestion_control);
\tkey = ca->key;
\tif (!key)
\t\tpr_warn("default congestion control %s has no key\\n", ca->name);
\trcu_read_unlock();
\treturn key;
}
"""


def test_a_renamed_call_spatch_wraps_past_80_columns_is_applied(tmp_path, kernel_source):
    """Before: the check looked for the renamed call on one line, found it on two and failed the rule."""
    from patches.model import Status
    from tests.unit.kinds_support import hunks, on_real_code
    s, _, before, after = on_real_code(
        tmp_path, kernel_source, CONG, [(CONG_AT, CONG_NEW)], "tcp_default_key",
        ["+\t\tpr_warn(\"default congestion control %s has no key\\n\", ca->name);"],
        "pr_warn_once(), this can be triggered from userspace repeatedly.")
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert [h for h in hunks(CONG, before, after) if h[:1] in "+-"] == [
        "-\t\tpr_warn(\"default congestion control %s has no key\\n\", ca->name);",
        "+\t\tpr_warn_once(\"default congestion control %s has no key\\n\",",
        "+\t\t\t     ca->name);"]
