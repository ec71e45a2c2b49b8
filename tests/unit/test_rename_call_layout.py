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
