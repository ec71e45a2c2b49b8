"""cocci.isos: a generated rule matches its operators as written, without spatch respelling each one
(`!x` as `x == 0`, `a == b` as `b == a`, ...): the respellings multiply, and took spatch minutes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cocci import combine, spatch
from cocci.isos import OPERATOR_ISOS, as_written, respelled

NEG = "not_int1, not_int2, not_ptr1, not_ptr2"

REMOVE = """/// Drop the early return in gizmo_probe()
@remove@
identifier fn = gizmo_probe;
symbol flags, GIZMO_A, GIZMO_B, EINVAL;
@@

fn(...) {
<...
- if (!(flags & GIZMO_A) && !(flags & GIZMO_B))
-\treturn -EINVAL;
...>
}
"""

SRC = """int gizmo_probe(struct gizmo *dev, unsigned long flags)
{
\tif (!(flags & GIZMO_A) && !(flags & GIZMO_B))
\t\treturn -EINVAL;
\tif ((flags & GIZMO_A) == 0 && (flags & GIZMO_B) == 0)
\t\treturn -EINVAL;
\treturn gizmo_start(dev);
}
"""


def test_the_rules_say_which_respellings_are_off():
    out = as_written(REMOVE)
    assert f"@remove disable {NEG}, bitand_comm@\n" in out
    assert out.replace(f" disable {NEG}, bitand_comm", "") == REMOVE
    move = ("@rm exists@\nidentifier src = f;\n@@\n\n src(...) {\n ... when any\n- WARN_ON(!ptr);\n"
            " ... when any\n }\n\n@add depends on rm@\nidentifier dst = g;\n@@\n\n"
            " dst(...) {\n+ WARN_ON(!ptr);\n ...\n }\n")
    out = as_written(move)
    assert f"@rm disable {NEG} exists@\n" in out and f"@add depends on rm disable {NEG}@\n" in out


@pytest.mark.parametrize("code, isos", [
    ("- if (a == NULL)", ["commeq", "is_zero", "is_null"]),
    ("- if (a != 0)", ["commneq", "isnt_zero", "isnt_null1"]),
    ("- x = (a | B) & ~C;", ["bitand_comm", "bitor_comm"]),
    ("- n = a + b - c;", ["plus_comm", "plus_assoc", "plus_minus_assoc1", "plus_minus_assoc2", "minus_assoc"]),
    ("- if (x >= y)", ["gtr_lss", "gtr_lss_eq"]),
    ("- x = a * b / c;", ["mult_comm", "times_assoc", "times_div_assoc1", "times_div_assoc2", "div_assoc"]),
    ("- if (a && b || c) return;", []),
    ("- p->count++;", []),
    ("- struct page *subpage = folio_page(folio, 0);", []),         # a declarator, no product
    ("- n = a*b;", ["mult_comm", "times_assoc", "times_div_assoc1", "times_div_assoc2"]),
    ("- pr_info(\"a == b & !c\"); // x + y", []),
    ("(\n- a.x\n|\n- b->x\n)", []),                               # SmPL's disjunction is no `|`
    ("+ /* one\n+ * two\n+ */\n  S", []),                          # nor a comment's `*`
])
def test_each_operator_turns_off_its_own_respellings(code, isos):
    rule = combine.split(f"@r@\nidentifier fn = f;\n@@\n\nfn(...) {{\n<+...\n{code}\n...+>\n}}\n")[1][0]
    assert respelled(rule) == isos


def test_no_operator_no_change():
    plain = REMOVE.replace("!(flags & GIZMO_A) && !(flags & GIZMO_B)", "gizmo_busy(flags)")
    assert as_written(plain) == plain
    script = '@script:python s@\nx << r.x;\n@@\nif not x: print("!")\n'
    assert as_written(script) == script
    own = REMOVE.replace("@remove@", "@remove disable not_int1@")
    assert as_written(own) == own                                      # the rule chose its isos already


def test_an_unnamed_rule_keeps_no_name_when_merged():
    out = as_written("@@\nexpression E;\n@@\n\n- WARN_ON(!E)\n+ WARN_ON_ONCE(!E)\n")
    assert out.startswith(f"@disable {NEG}@\n")
    assert combine.split(out)[1][0].name == ""
    assert f"@rule_1_0 disable {NEG}@" in combine.merge([out])


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_many_operators_are_parsed_at_once_and_match_as_written(tmp_path: Path):
    (tmp_path / "r.cocci").write_text(as_written(REMOVE))
    (tmp_path / "gizmo.c").write_text(SRC)
    spatch.apply(tmp_path / "r.cocci", [tmp_path / "gizmo.c"], timeout=30)   # minutes with the isos on
    assert (tmp_path / "gizmo.c").read_text() == SRC.replace(
        "\tif (!(flags & GIZMO_A) && !(flags & GIZMO_B))\n\t\treturn -EINVAL;\n", "")
    four = "".join(f"(flags & GIZMO_{c}) == 0 && " for c in "ABCD")[:-4]
    rule = REMOVE.replace("!(flags & GIZMO_A) && !(flags & GIZMO_B)", four) \
        .replace("GIZMO_B, EINVAL;", "GIZMO_B, GIZMO_C, GIZMO_D, EINVAL;")
    (tmp_path / "r.cocci").write_text(as_written(rule))
    src = SRC.replace("(flags & GIZMO_A) == 0 && (flags & GIZMO_B) == 0", four)
    (tmp_path / "gizmo.c").write_text(src)
    spatch.apply(tmp_path / "r.cocci", [tmp_path / "gizmo.c"], timeout=5)    # 6.5 s to parse with them on
    assert (tmp_path / "gizmo.c").read_text() == src.replace(f"\tif ({four})\n\t\treturn -EINVAL;\n", "")


STANDARD_ISO = Path("/usr/lib/coccinelle/standard.iso")


@pytest.mark.skipif(not STANDARD_ISO.is_file(), reason="Debian's coccinelle (standard.iso) is not installed")
def test_every_isomorphism_named_is_one_the_installed_spatch_has():
    # spatch rejects a rule that disables an isomorphism it does not know ("invalid iso name")
    known = set(re.findall(r"^@\s*(\w+)\s*@", STANDARD_ISO.read_text(), re.M))
    named = {iso for _, isos in OPERATOR_ISOS for iso in isos}
    assert named <= known, sorted(named - known)


def test_a_disable_clause_is_added_to():
    from cocci.isos import disabled
    assert disabled("add disable paren", ["paren", "commeq"]) == "add disable paren, commeq"
    assert disabled("mv exists", ["commeq"]) == "mv disable commeq exists"
    assert disabled("add", ["paren", "commeq", "paren"]) == "add disable paren, commeq"
