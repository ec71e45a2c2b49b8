"""rename-call never renames an array allocator to the plain one or back (kmalloc_array() takes
(n, size, flags), kmalloc() (size, flags)): the result would not build."""
from __future__ import annotations

from pathlib import Path

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, sugg
from tests.unit.test_alloc_fill_arrays import PATH, SRC   # the same two allocations, read by another recipe

CURVE = ["+\tfan->curve = kmalloc_array(n, sizeof(u16), GFP_KERNEL);"]


def run(tmp_path: Path, quoted: list[str], comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, "qx_fan_alloc", quoted, comment, answer="", lines=(8, 8))
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_the_array_allocator_is_never_renamed_to_the_plain_one(tmp_path):
    for comment in ("Use kmalloc() here.", "kmalloc() instead of kmalloc_array()"):
        s, after = run(tmp_path, CURVE, comment)
        assert s.status != Status.APPLIED and after == SRC, comment
