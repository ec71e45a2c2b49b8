"""return-directly ("return foo() directly"): `v = E; if (v) return v; return 0;` and `v = E; return v;`
become `return E;` (v goes when unused), and anything that is not exactly that is manual."""
from __future__ import annotations

from pathlib import Path

from cocci.recipes import return_directly
from patches.model import Status, Suggestion
from tests.unit.kinds_support import KINDS, applied, sugg

PATH = "drivers/misc/qx.c"
SRC = (KINDS / "qx_ring_locals.c").read_text()


def run(tmp_path: Path, fn: str, quoted: list[str], comment: str) -> tuple[Suggestion, str]:
    s = sugg(PATH, fn, quoted, comment, answer="Sure.")
    return s, applied(tmp_path, PATH, SRC, s)[0]


def test_a_checked_value_is_returned_directly_and_its_local_goes(tmp_path):
    s, after = run(tmp_path, "qx_set", ["+\tif (ret)", "+\t\treturn ret;", "+", "+\treturn 0;"],
                   "Just return regmap_write() here.")
    assert (s.kind, s.status) == ("return-directly", Status.APPLIED), s.reason
    assert after == SRC.replace("\tint ret;\n\n\tret = regmap_write(q->map, QX_REG,\n\t\t\t   v);\n\tif (ret)\n"
                                "\t\treturn ret;\n\n\treturn 0;\n",
                                "\treturn regmap_write(q->map, QX_REG,\n\t\t\t    v);\n")


def test_a_check_for_negative_values_only_is_not_return_directly(tmp_path):
    s, after = run(tmp_path, "qx_set2", ["+\tif (ret < 0)", "+\t\treturn ret;"], "Return it directly.")
    assert s.status == Status.MANUAL and after == SRC


def test_a_local_of_another_type_than_the_function_returns_is_manual(tmp_path):
    s, after = run(tmp_path, "qx_get", ["+\tret = qx_read(q);", "+\treturn ret;"], "Simply return qx_read().")
    assert s.status == Status.MANUAL and "returns long" in s.reason and after == SRC


def test_what_asks():
    for yes in ("Return the result of foo() directly.", "You can just return foo() here."):
        assert return_directly.asks(yes), yes
    for no in ("Why do we return here?", "No need to init txp, it's set in the loop."):
        assert not return_directly.asks(no), no
