"""remove-dead-code: the quoted statement the reviewer says never runs goes (real 6.12 mm/ and kernel/ code)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Anchor, Person, Response, Status, Suggestion

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

REAL = "\tmax_idx = DIV_ROUND_UP(i_size_read(inode), PAGE_SIZE);\n\tif (unlikely(index >= max_idx))\n" \
       "\t\treturn VM_FAULT_SIGBUS;\n\n\ttrace_mm"
DEAD = "\tif (max_idx < 0)\n\t\treturn VM_FAULT_SIGBUS;\n"


def respin_one(tmp_path: Path, path: str, text: str, fn: str, quoted: list[str], comment: str,
               answer: str = "Good catch, will drop it.") -> tuple[Suggestion, list[str], str]:
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Vlastimil Reviewer"), comment=comment,
                   anchor=Anchor(file=path, function=fn, code=[q[1:].strip() for q in quoted]),
                   quoted=quoted, response=Response.ACCEPTED, response_text=answer, kind="code")
    planned = RU.plan([s], {s.id: CodeContext(path, text, fn, {path: text}, [])})
    files, edits = A.apply(RU.render(planned), planned, {path: text}, tmp_path)
    lines = [ln for e in edits for ln in e.diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("---", "+++")]
    return s, lines, files[path]


def v4(kernel_source) -> str:
    text = kernel_source("mm/filemap.c")
    assert text.count(REAL) == 1
    return text.replace(REAL, REAL.replace("\tif (unlikely", DEAD + "\tif (unlikely"))


def test_a_condition_that_can_never_be_true_goes(tmp_path, kernel_source):
    s, diff, after = respin_one(tmp_path, "mm/filemap.c", v4(kernel_source), "filemap_fault",
                                ["+\tif (max_idx < 0)", "+\t\treturn VM_FAULT_SIGBUS;"],
                                "pgoff_t is unsigned, this can never be true.")
    assert (s.status, s.kind) == (Status.APPLIED, "remove-dead-code"), s.reason
    assert diff == ["-\tif (max_idx < 0)", "-\t\treturn VM_FAULT_SIGBUS;"]
    assert after == kernel_source("mm/filemap.c")


def test_several_quoted_statements_without_a_condition_are_manual(tmp_path, kernel_source):
    text = v4(kernel_source)
    s, diff, after = respin_one(tmp_path, "mm/filemap.c", text, "filemap_fault",
                                ["+\tmax_idx = DIV_ROUND_UP(i_size_read(inode), PAGE_SIZE);",
                                 "+\tif (max_idx < 0)", "+\t\treturn VM_FAULT_SIGBUS;"],
                                "This is dead code.")
    assert s.status == Status.MANUAL and diff == [] and after == text
    assert "the quote holds several statements and the comment does not say which of them is dead" in s.reason


def test_a_warning_and_its_return_said_unreachable_are_manual(tmp_path, kernel_source):
    text = kernel_source("kernel/kcov.c")
    s, diff, _ = respin_one(tmp_path, "kernel/kcov.c", text, "kcov_move_area",
                            ["+\t\tWARN_ON(1);", "+\t\treturn;"], "The return is unreachable, isn't it?")
    assert s.status == Status.MANUAL and diff == []
