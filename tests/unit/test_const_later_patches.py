"""A const asked on patch 1 for a pointer parameter or a local that a later patch of the series writes:
made const, the later patch would not build, so the request is left to the author with that reason; when
the later patches leave the function reading only, the plan is made as before."""
from __future__ import annotations

import pytest

from cocci.recipe import CodeContext, Manual
from cocci.recipes.const_decl import ConstDecl
from cocci.recipes.const_param import ConstParam
from patches.model import Anchor, Person, Response, Suggestion

PATH = "drivers/hwmon/lm73.c"
PATCH1 = """\
static int lm73_res(struct lm73_data *data)
{
\tint res = (data->ctrl & LM73_CTRL_RES_MASK) >> LM73_CTRL_RES_SHIFT;

\treturn res;
}
"""
# what patch 2 makes of it: it clears a bit through data and clamps res
WRITES = PATCH1.replace("\tint res = (data->ctrl", "\tdata->ctrl &= ~LM73_CTRL_TO_MASK;\n\tint res = (data->ctrl") \
    .replace("\n\treturn res;", "\n\tif (res > 3)\n\t\tres = 3;\n\treturn res;")
READS = PATCH1.replace("\n\treturn res;", "\n\tpr_debug(\"res %d\\n\", res);\n\treturn res;")


def _ask(comment: str, quoted: list[str]) -> Suggestion:
    return Suggestion(id="1.1", patch=1, reviewer=Person("Rita Reviewer", "rita@example.org"), comment=comment,
                      anchor=Anchor(file=PATH, function="lm73_res"), quoted=quoted, code=[],
                      response=Response.NONE)


def _ctx(later: str | None) -> CodeContext:
    return CodeContext(PATH, PATCH1, "lm73_res", {PATH: PATCH1}, base_files={PATH: ""},
                       later_files={PATH: later} if later is not None else {})


PARAM = _ask("data can point to const here.", ["+static int lm73_res(struct lm73_data *data)", "+{"])
LOCAL = _ask("res can be const.", ["+\tint res = (data->ctrl & LM73_CTRL_RES_MASK) >> LM73_CTRL_RES_SHIFT;"])


def test_a_parameter_a_later_patch_writes_through_stays_as_it_is():
    with pytest.raises(Manual) as e:
        ConstParam().understand(PARAM, _ctx(WRITES))
    assert str(e.value) == (f"data is written through in lm73_res() (line 3) as the later patches of the series "
                            f"leave {PATH}: a const there would break their build")


def test_a_local_a_later_patch_assigns_stays_as_it_is():
    with pytest.raises(Manual) as e:
        ConstDecl().understand(LOCAL, _ctx(WRITES))
    assert str(e.value) == "a later patch of the series changes res in lm73_res(): a const here would break its build"


@pytest.mark.parametrize("later", [None, READS])
def test_read_only_in_the_later_patches_too_is_made_const(later):
    param = ConstParam().understand(PARAM, _ctx(later))
    local = ConstDecl().understand(LOCAL, _ctx(later))
    assert param is not None and param.summary == "Make data of lm73_res() point to const"
    assert local is not None and local.summary == "Make res const"
