"""cocci.isos: a generated rule that writes `!` matches `!` as written, without spatch expanding every
`!` into `== 0` / `== NULL` variants (which multiply: two of them took spatch minutes)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import combine, spatch
from cocci.isos import literal_negations

OFF = "disable not_int1, not_int2, not_ptr1, not_ptr2"

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


def test_the_rules_that_write_a_negation_say_so_in_their_header():
    out = literal_negations(REMOVE)
    assert f"@remove {OFF}@\n" in out
    assert out.replace(f" {OFF}", "") == REMOVE
    move = ("@rm exists@\nidentifier src = f;\n@@\n\n src(...) {\n ... when any\n- WARN_ON(!ptr);\n"
            " ... when any\n }\n\n@add depends on rm@\nidentifier dst = g;\n@@\n\n"
            " dst(...) {\n+ WARN_ON(!ptr);\n ...\n }\n")
    out = literal_negations(move)
    assert f"@rm {OFF} exists@\n" in out and f"@add depends on rm {OFF}@\n" in out


def test_no_negation_no_change():
    plain = REMOVE.replace("!(flags & GIZMO_A) && !(flags & GIZMO_B)", "flags != 0")
    assert literal_negations(plain) == plain                           # `!=` is no negation
    noted = plain.replace("-\treturn -EINVAL;", "-\treturn -EINVAL; // !important")
    assert literal_negations(noted) == noted                           # nor a `!` in a comment
    script = '@script:python s@\nx << r.x;\n@@\nif not x: print("!")\n'
    assert literal_negations(script) == script
    own = REMOVE.replace("@remove@", "@remove disable not_int1@")
    assert literal_negations(own) == own                               # the rule chose its isos already


def test_an_unnamed_rule_keeps_no_name_when_merged():
    out = literal_negations("@@\nexpression E;\n@@\n\n- WARN_ON(!E)\n+ WARN_ON_ONCE(!E)\n")
    assert out.startswith(f"@ {OFF}@\n") or out.startswith(f"@{OFF}@\n")
    assert combine.split(out)[1][0].name == ""
    assert f"@rule_1_0 {OFF}@" in combine.merge([out])


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")
def test_two_negations_are_parsed_at_once_and_match_as_written(tmp_path: Path):
    (tmp_path / "r.cocci").write_text(literal_negations(REMOVE))
    (tmp_path / "gizmo.c").write_text(SRC)
    spatch.apply(tmp_path / "r.cocci", [tmp_path / "gizmo.c"], timeout=30)   # minutes with the isos on
    assert (tmp_path / "gizmo.c").read_text() == SRC.replace(
        "\tif (!(flags & GIZMO_A) && !(flags & GIZMO_B))\n\t\treturn -EINVAL;\n", "")
