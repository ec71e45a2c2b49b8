"""An edit asked on patch 2 that changes only lines patch 1 added belongs in patch 1: it is told apart so
that it is left to the author rather than made in the wrong patch."""
from __future__ import annotations

from patches.placement import earlier_patch

PATH = "drivers/hwmon/lm73.c"
BASE = "struct lm73_data {\n\tu8 ctrl;\n};\n\nstatic int lm73_probe(void)\n{\n\treturn 0;\n}\n"
# patch 1 adds a helper; patch 2 calls it from the probe
P1 = BASE.replace("\nstatic int lm73_probe", "\nint lm73_read_ctrl(void)\n{\n\treturn 1;\n}\n\nstatic int lm73_probe")
P2 = P1.replace("\treturn 0;\n}\n", "\treturn lm73_read_ctrl();\n}\n")
FILES = {1: {PATH: P1}, 2: {PATH: P2}}
BEFORE = {1: {PATH: BASE}, 2: {PATH: P1}}


def _diff(old: str, new: str) -> str:
    return (f"--- a/{PATH}\n+++ b/{PATH}\n@@ -1,{len(old.splitlines())} +1,{len(new.splitlines())} @@\n" +
            "".join(f"-{x}\n" for x in old.splitlines()) + "".join(f"+{x}\n" for x in new.splitlines()))


def test_an_edit_of_the_lines_an_earlier_patch_added_is_that_patch_s():
    edit = _diff("int lm73_read_ctrl(void)", "static int lm73_read_ctrl(void)")
    assert earlier_patch(edit, 2, FILES, BEFORE) == (PATH, 1)


def test_an_edit_of_the_patch_s_own_lines_or_older_ones_stays():
    assert earlier_patch(_diff("\treturn lm73_read_ctrl();", "\treturn lm73_read_ctrl() ? : 0;"), 2, FILES,
                         BEFORE) is None
    assert earlier_patch(_diff("\tu8 ctrl;", "\tunsigned char ctrl;"), 2, FILES, BEFORE) is None
    # one line of patch 1 and one of patch 2's own: the edit is patch 2's
    both = _diff("int lm73_read_ctrl(void)\n\treturn lm73_read_ctrl();", "static int lm73_read_ctrl(void)\n\treturn 2;")
    assert earlier_patch(both, 2, FILES, BEFORE) is None
    # on the first patch, and an edit that only adds lines, there is nothing to tell
    assert earlier_patch(_diff("int lm73_read_ctrl(void)", "static int lm73_read_ctrl(void)"), 1, FILES,
                         BEFORE) is None
    assert earlier_patch(f"--- a/{PATH}\n+++ b/{PATH}\n@@ -1,0 +2 @@\n+\tu8 res;\n", 2, FILES, BEFORE) is None
