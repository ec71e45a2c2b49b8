"""Lines spatch prints again keep the kernel's 80 columns, not spatch's own 78."""
from __future__ import annotations

import shutil

import pytest

from cocci import spatch

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

RULE = "@@\nexpression list es;\n@@\n- pr_warn(es)\n+ pr_warn_ratelimited(es)\n"


def _run(tmp_path, line: str) -> str:
    src = tmp_path / "t.c"
    src.write_text(f"static int f(unsigned long state)\n{{\n\tif (state) {{\n\t\t{line}\n\t\treturn 1;\n\t}}\n"
                   "\treturn 0;\n}\n")
    rule = tmp_path / "r.cocci"
    rule.write_text(RULE)
    spatch.apply(rule, [src])
    return src.read_text()


def test_a_changed_line_of_79_columns_stays_one_line(tmp_path):
    out = _run(tmp_path, 'pr_warn("oneshot: delay_off %lu too long\\n", state);')
    assert '\t\tpr_warn_ratelimited("oneshot: delay_off %lu too long\\n", state);\n' in out


def test_a_changed_line_wider_than_80_columns_is_still_wrapped(tmp_path):
    out = _run(tmp_path, 'pr_warn("oneshot: the delay_off value %lu is too long\\n", state);')
    assert '\t\tpr_warn_ratelimited("oneshot: the delay_off value %lu is too long\\n",\n' in out
