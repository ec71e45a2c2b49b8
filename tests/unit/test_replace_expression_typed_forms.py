"""replace-expression between min()/max()/clamp() and their typed forms: the reviewer's `min_t(size_t, len,
max)` stands for the quoted `min(len, max)` with the same operands (and `min(a, b)` for `min_t(T, a, b)`);
other operands line up with nothing."""
from __future__ import annotations

from pathlib import Path

from patches.model import Status
from tests.unit.kinds_support import applied, sugg

PATH = "lib/llist.c"
SRC = """\
static size_t llist_copy_len(size_t len, unsigned int max)
{
\treturn min(len, max);
}

static size_t llist_pad_len(size_t len, size_t pad)
{
\treturn max_t(size_t, len, pad);
}
"""


def run(tmp_path: Path, fn: str, line: str, comment: str):
    no = SRC.splitlines().index(line) + 1
    s = sugg(PATH, fn, ["+" + line], comment, answer="", lines=(no, no))
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_the_typed_form_written_for_the_untyped_call(tmp_path):
    s, after = run(tmp_path, "llist_copy_len", "\treturn min(len, max);", "min_t(size_t, len, max)")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == SRC.replace("\treturn min(len, max);", "\treturn min_t(size_t, len, max);")


def test_the_untyped_form_written_for_the_typed_call(tmp_path):
    s, after = run(tmp_path, "llist_pad_len", "\treturn max_t(size_t, len, pad);", "max(len, pad)")
    assert (s.kind, s.status) == ("replace-expression", Status.APPLIED), s.reason
    assert after == SRC.replace("\treturn max_t(size_t, len, pad);", "\treturn max(len, pad);")


def test_other_operands_line_up_with_nothing(tmp_path):
    s, after = run(tmp_path, "llist_copy_len", "\treturn min(len, max);", "min_t(size_t, len, PAGE_SIZE)")
    assert s.status != Status.APPLIED and after == SRC
