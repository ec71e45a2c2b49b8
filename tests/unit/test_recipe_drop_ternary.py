"""drop-ternary: `c ? 1 : 0` becomes c when c is a truth value; never a value that would need !!."""
from __future__ import annotations

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
struct qx_chip {
\tstruct regmap *map;
\tbool inverted;
\tu32 flags;
};

static int qx_init(struct qx_chip *chip)
{
\tint ret;

\tret = regmap_write(chip->map, 0x11, chip->inverted ? 1 : 0);
\tif (ret)
\t\treturn ret;
\treturn regmap_write(chip->map, 0x12, (chip->flags & 0x4) ? 1 : 0);
}
"""


def _sugg(line: int, comment: str):
    quoted = SRC.splitlines()[line - 1]
    s = sugg(PATH, "qx_init", ["+" + quoted], comment, lines=(line, line))
    s.quote = s.anchor.code = [quoted]
    return s


@pytest.mark.parametrize("comment", ["chip->inverted is a bool, the ternary is not needed.",
                                     "Please use chip->inverted directly, it is a bool."])
def test_a_bool_needs_no_ternary(tmp_path, comment):
    s = _sugg(11, comment)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.kind, s.status) == ("drop-ternary", Status.APPLIED), s.reason
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == [
        "-\tret = regmap_write(chip->map, 0x11, chip->inverted ? 1 : 0);",
        "+\tret = regmap_write(chip->map, 0x11, chip->inverted);"]


def test_a_mask_test_would_need_two_nots_and_is_manual(tmp_path):
    s = _sugg(14, "The ternary is not needed.")
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC and s.status == Status.MANUAL
    assert "without the ternary it would need !!" in s.reason
