"""alloc-fill for arrays: `kmalloc_array(n, size)` (and its devm_/kv forms) zeroed whole by the memset()
after it becomes `kcalloc(n, size)`; a memset() of another amount, or the plain zeroing allocator asked
for instead, stays manual with the reason."""
from __future__ import annotations

from pathlib import Path

from patches.model import Status, Suggestion
from tests.unit.kinds_support import applied, hunks, sugg

PATH = "drivers/hwmon/qx-fan.c"
SRC = """\
static int qx_fan_alloc(struct device *dev, struct qx_fan *fan, unsigned int n)
{
\tfan->levels = devm_kmalloc_array(dev, n, sizeof(*fan->levels), GFP_KERNEL);
\tif (!fan->levels)
\t\treturn -ENOMEM;
\tmemset(fan->levels, 0, sizeof(*fan->levels) * n);

\tfan->curve = kmalloc_array(n, sizeof(u16), GFP_KERNEL);
\tif (!fan->curve)
\t\treturn -ENOMEM;
\tmemset(fan->curve, 0, n * sizeof(u32));
\treturn 0;
}
"""
LEVELS = ["+\tfan->levels = devm_kmalloc_array(dev, n, sizeof(*fan->levels), GFP_KERNEL);"]
CURVE = ["+\tfan->curve = kmalloc_array(n, sizeof(u16), GFP_KERNEL);"]


def run(tmp_path: Path, quoted: list[str], comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, "qx_fan_alloc", quoted, comment, answer="", lines=(3, 3) if quoted is LEVELS else (8, 8))
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_an_array_allocation_zeroed_whole_becomes_kcalloc(tmp_path):
    for comment in ("devm_kcalloc() would save you the memset().", "Why not devm_kcalloc()?",
                    "Please use devm_kcalloc() instead of devm_kmalloc_array() + memset()"):
        s, after = run(tmp_path, LEVELS, comment)
        assert (s.kind, s.status) == ("alloc-fill", Status.APPLIED), (comment, s.reason)
        assert hunks(PATH, SRC, after) == [
            "@@ -1,9 +1,8 @@",
            " static int qx_fan_alloc(struct device *dev, struct qx_fan *fan, unsigned int n)",
            " {",
            "-\tfan->levels = devm_kmalloc_array(dev, n, sizeof(*fan->levels), GFP_KERNEL);",
            "+\tfan->levels = devm_kcalloc(dev, n, sizeof(*fan->levels), GFP_KERNEL);",
            " \tif (!fan->levels)",
            " \t\treturn -ENOMEM;",
            "-\tmemset(fan->levels, 0, sizeof(*fan->levels) * n);",
            " ",
            " \tfan->curve = kmalloc_array(n, sizeof(u16), GFP_KERNEL);",
            " \tif (!fan->curve)",
        ]


def test_a_memset_of_another_amount_is_manual(tmp_path):
    s, after = run(tmp_path, CURVE, "kcalloc() please")
    assert s.status == Status.MANUAL and after == SRC
    assert s.reason == "alloc-fill: memset() fills n * sizeof(u32) bytes, kmalloc_array() allocates n elements of " \
        "sizeof(u16): kcalloc() would zero another amount"


def test_the_plain_zeroing_allocator_for_an_array_is_manual(tmp_path):
    s, after = run(tmp_path, CURVE, "Use kzalloc() instead of kmalloc() + memset().")
    assert s.status == Status.MANUAL and after == SRC
    assert s.reason == "alloc-fill: the quoted allocation is kmalloc_array(): its zeroing form is kcalloc(); " \
        "kzalloc() would drop the check of the count times the size"


def test_a_continuation_line_follows_the_shorter_name(tmp_path):
    text = SRC.replace("\tfan->curve = kmalloc_array(n, sizeof(u16), GFP_KERNEL);",
                       "\tfan->curve = kmalloc_array(n, sizeof(u16),\n\t\t\t\t   GFP_KERNEL);").replace(
        "memset(fan->curve, 0, n * sizeof(u32));", "memset(fan->curve, 0, n * sizeof(u16));")
    s = sugg(PATH, "qx_fan_alloc", ["+\tfan->curve = kmalloc_array(n, sizeof(u16),"], "Why not kcalloc()?",
             answer="", lines=(8, 8))
    after = applied(tmp_path, PATH, text, s)[0]
    assert s.status == Status.APPLIED, s.reason
    assert [x for x in hunks(PATH, text, after) if x[:1] in "+-"] == [
        "-\tfan->curve = kmalloc_array(n, sizeof(u16),", "-\t\t\t\t   GFP_KERNEL);",
        "+\tfan->curve = kcalloc(n, sizeof(u16),", "+\t\t\t     GFP_KERNEL);",
        "-\tmemset(fan->curve, 0, n * sizeof(u16));"]


PLAIN = SRC.replace("kmalloc_array(n, sizeof(u16), GFP_KERNEL)", "kmalloc(n * sizeof(u16), GFP_KERNEL)")


def test_a_multiplied_plain_allocation_zeroed_whole_becomes_kcalloc(tmp_path):
    text = PLAIN.replace("memset(fan->curve, 0, n * sizeof(u32));", "memset(fan->curve, 0, sizeof(u16) * n);")
    for comment in ("kcalloc() please, and then drop the memset().", "Use kcalloc()."):
        s = sugg(PATH, "qx_fan_alloc", ["+\tfan->curve = kmalloc(n * sizeof(u16), GFP_KERNEL);"], comment,
                 answer="", lines=(8, 8))
        after = applied(tmp_path, PATH, text, s)[0]
        assert (s.kind, s.status) == ("alloc-fill", Status.APPLIED), (comment, s.reason)
        assert [x for x in hunks(PATH, text, after) if x[:1] in "+-"] == [
            "-\tfan->curve = kmalloc(n * sizeof(u16), GFP_KERNEL);",
            "+\tfan->curve = kcalloc(n, sizeof(u16), GFP_KERNEL);",
            "-\tmemset(fan->curve, 0, sizeof(u16) * n);"]


def test_a_multiplied_plain_allocation_zeroed_in_part_is_manual(tmp_path):
    s = sugg(PATH, "qx_fan_alloc", ["+\tfan->curve = kmalloc(n * sizeof(u16), GFP_KERNEL);"],
             "kcalloc() please, and then drop the memset().", answer="", lines=(8, 8))
    after = applied(tmp_path, PATH, PLAIN, s)[0]
    assert s.status == Status.MANUAL and after == PLAIN
    assert s.reason == "alloc-fill: memset() fills n * sizeof(u32) bytes, kmalloc() allocates n elements of " \
        "sizeof(u16): kcalloc() would zero another amount"
