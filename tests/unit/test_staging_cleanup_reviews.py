"""Reviews of checkpatch-style cleanups, as staging drivers get them: "Line up the parameters with the open
paren.", "Don't add the blank line here.", a cast that converts between pointer types, a change the
reviewer leaves for another patch or waives with "Fine as is.", and "Do one thing per patch."."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from patches.model import Status
from tests.unit import mailseries
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/staging/quux/quux_core.c"
BASE = """// SPDX-License-Identifier: GPL-2.0
#include <linux/device.h>
#include "quux.h"

u8 quux_run_hdl(struct quux_adapter *qa, u8 *pbuf)
{
	struct quux_run_param *p;

	if (pbuf == NULL)
		return QUUX_PARAM_ERR;
	p = (struct quux_run_param *)pbuf;
	if (p->func)
		p->func(p->context);
	dev_dbg(qa->dev, "ran handler %u of queue %u\\n",
		p->id, p->queue);
	qa->count += (u64)p->len;
	return QUUX_OK;
}
"""
# what every patch of these tests does besides the change reviewed
CLEAN = BASE.replace("\tif (pbuf == NULL)", "\tif (!pbuf)")
needs_spatch = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def _respin(tmp_path: Path, new: str, quote: list[str], comment: str):
    patches = [(new, "staging: quux: fix checkpatch warnings\n\nFix the style of quux_run_hdl().")]
    tree, result = mailseries.respin_reviewed(tmp_path, PATH, BASE, patches, "quux-style", "\n".join(quote), comment)
    (s,) = [x for x in result.suggestions if x.kind != "trailer"]
    return s, new, mailseries.shown(tree, result.branch, PATH)


@needs_spatch
def test_line_up_with_the_open_paren_aligns_the_continuation(tmp_path):
    new = CLEAN.replace("\t\tp->id, p->queue);", "\t\t\tp->id, p->queue);")
    s, new, after = _respin(tmp_path, new, ['\tdev_dbg(qa->dev, "ran handler %u of queue %u\\n",',
                                            "\t\t\tp->id, p->queue);"],
                            "Line up the parameters with the open paren.")
    assert (s.kind, s.status, s.reason) == ("align-continuation", Status.APPLIED, "")
    assert after == CLEAN


@needs_spatch
def test_dont_add_the_blank_line_drops_the_one_the_patch_added(tmp_path):
    new = CLEAN.replace("\t\treturn QUUX_PARAM_ERR;\n", "\t\treturn QUUX_PARAM_ERR;\n\n")
    s, new, after = _respin(tmp_path, new, ["\t\treturn QUUX_PARAM_ERR;", "", "\tp = (struct quux_run_param *)pbuf;"],
                            "Don't add the blank line here.")
    assert (s.kind, s.status, s.reason) == ("blank-line", Status.APPLIED, "")
    assert after == CLEAN


@needs_spatch
def test_dont_add_braces_drops_the_braces_the_patch_added(tmp_path):
    new = CLEAN.replace("\tif (p->func)\n\t\tp->func(p->context);\n",
                        "\tif (p->func) {\n\t\tp->func(p->context);\n\t}\n")
    s, new, after = _respin(tmp_path, new, ["\tif (p->func) {", "\t\tp->func(p->context);", "\t}"],
                            "Don't add braces around a single statement, checkpatch will complain.")
    assert (s.kind, s.status, s.reason) == ("drop-braces", Status.APPLIED, "")
    assert after == CLEAN


@needs_spatch
def test_a_cast_between_pointers_to_other_types_is_kept(tmp_path):
    new = CLEAN
    s, new, after = _respin(tmp_path, new, ["\tp = (struct quux_run_param *)pbuf;"], "No need for the cast.")
    assert (s.kind, s.status) == ("manual", Status.MANUAL)
    assert s.reason == ("drop-cast: the (struct quux_run_param *) cast of pbuf turns a u8 * into a struct "
                        "quux_run_param *: C converts between pointers to other types only with a cast: without it "
                        "the build warns or fails")
    assert after == new


@needs_spatch
def test_a_cast_left_for_another_patch_is_not_dropped(tmp_path):
    new = CLEAN
    s, new, after = _respin(tmp_path, new, ["\tqa->count += (u64)p->len;"],
                            "Unrelated, but this cast is pointless. Leave it for another patch though.")
    assert (s.status, s.reason) == (Status.SKIPPED, "put off by the reviewer to another patch or series, and the "
                                                    "author did not take it up")
    assert after == new


@needs_spatch
def test_fine_as_is_after_the_remark_takes_it_back(tmp_path):
    new = CLEAN
    s, new, after = _respin(tmp_path, new, ["\tif (!pbuf)", "\t\treturn QUUX_PARAM_ERR;"],
                            "The blank line after this is missing, but that is not your patch's fault. Fine as is.")
    assert (s.kind, s.status) == ("withdrawn", Status.SKIPPED)
    assert s.reason == "not asked for: the reviewer says \"Fine as is.\""
    assert after == new


@needs_spatch
def test_one_thing_per_patch_asks_to_split_it(tmp_path):
    new = CLEAN.replace("u8 *pbuf)", "u8 *buf)").replace("pbuf", "buf")
    s, new, after = _respin(tmp_path, new, ["u8 quux_run_hdl(struct quux_adapter *qa, u8 *buf)"],
                            "This renames too much. Do one thing per patch.")
    assert s.status == Status.MANUAL
    assert s.reason == ("asks to split this patch into several: moving changes between the commits of the series "
                        "is left to the author")
    assert after == new


def test_a_continuation_under_dropped_parentheses_moves_left_with_them(tmp_path):
    path = "drivers/staging/qx/qx.c"
    src = ("static unsigned int qx_get(struct qx *q)\n{\n\tunsigned int v;\n\n\tv = qx_read(q, QX_CTRL);\n"
           "\tv &= (QX_MATCH |\n\t      QX_SELECT | QX_ENABLE);\n\treturn v;\n}\n")
    quoted = ["\tv &= (QX_MATCH |", "\t      QX_SELECT | QX_ENABLE);"]
    s = sugg(path, "qx_get", ["+" + q for q in quoted], "Remove the unnecessary parens.", lines=(6, 7))
    s.quote = s.anchor.code = quoted
    after, _, _ = pipeline(tmp_path, path, src, [s])
    assert (s.kind, s.status, s.reason) == ("drop-parens", Status.APPLIED, "")
    assert [h for h in hunks(path, src, after) if h[:1] in "+-"] == [
        "-\tv &= (QX_MATCH |", "-\t      QX_SELECT | QX_ENABLE);",
        "+\tv &= QX_MATCH |", "+\t     QX_SELECT | QX_ENABLE;"]


LIGHT = """\
static int qx_brightness_set(struct qx_channel *ch)
{
\tint ret;

\tif (qx_is_flash(ch)) {
\t\tret = qx_flash_set(ch);
\t\treturn ret;
\t}
\tret = qx_led_set(ch);
\tif (ch->releasing)
\t\tret = qx_release(ch);
\treturn ret;
}
"""


def _light(tmp_path: Path, first: int, last: int, comment: str):
    quoted = LIGHT.splitlines()[first - 1:last]
    s = sugg("drivers/staging/qx/qx_light.c", "qx_brightness_set", ["+" + q for q in quoted], comment,
             lines=(first, last))
    s.quote = s.anchor.code = quoted
    after, _, _ = pipeline(tmp_path, "drivers/staging/qx/qx_light.c", LIGHT, [s])
    return s, after


def test_return_directly_inside_a_braced_block(tmp_path):
    s, after = _light(tmp_path, 6, 7, "Just return directly.")
    assert (s.kind, s.status, s.reason) == ("return-directly", Status.APPLIED, "")
    assert [h for h in hunks("drivers/staging/qx/qx_light.c", LIGHT, after) if h[:1] in "+-"] == [
        "-\t\tret = qx_flash_set(ch);", "-\t\treturn ret;", "+\t\treturn qx_flash_set(ch);"]


def test_the_body_of_a_braceless_if_is_not_returned_directly(tmp_path):
    s, after = _light(tmp_path, 11, 12, "Just return directly.")
    assert after == LIGHT and s.status == Status.MANUAL
    assert "the quote holds no `v = E;` followed by `return v;`" in s.reason
