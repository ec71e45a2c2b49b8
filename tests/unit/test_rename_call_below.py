"""rename-call and "Same below.": the quoted call and the like calls after it in the quoted function, in
one rule; never the calls above the quote, nor those of another function."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.model import Status
from tests.unit.kinds_support import hunks, sugg

PATH = "drivers/misc/foo.c"
SRC = """// SPDX-License-Identifier: GPL-2.0
#include <linux/bug.h>

static int foo_read(struct foo *f)
{
	int ret;

	ret = foo_bus_read(f, FOO_A);
	WARN_ON(ret < 0);
	ret = foo_bus_read(f, FOO_B);
	WARN_ON(ret < 0);
	ret = foo_bus_read(f, FOO_C);
	WARN_ON(ret < 0);
	return ret;
}

static int foo_write(struct foo *f)
{
	int ret;

	ret = foo_bus_write(f, FOO_A);
	WARN_ON(ret < 0);
	return ret;
}
"""
pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def run(tmp_path: Path, quoted: list[str], lines: tuple[int, int], comment: str, base: str | None = None):
    s = sugg(PATH, "foo_read", quoted, comment, lines=lines)
    ctx = CodeContext(PATH, SRC, "foo_read", {PATH: SRC}, [(s.id, s.quoted)],
                      base_files=None if base is None else {PATH: base})
    planned = RU.plan([s], {s.id: ctx})
    rules = RU.render(planned)
    out, _ = A.apply(rules, planned, {PATH: SRC}, tmp_path)
    return s, rules, out[PATH]


def test_same_below_renames_the_later_calls_of_the_function_only(tmp_path):
    s, rules, after = run(tmp_path, ["+ ret = foo_bus_read(f, FOO_B);", "+ WARN_ON(ret < 0);"], (10, 11),
                          "WARN_ON_ONCE(), please: a broken bus would flood the log. Same below.")
    assert (s.status, s.reason, s.kind) == (Status.APPLIED, "", "rename-call")
    assert s.summary == "Use WARN_ON_ONCE() instead of WARN_ON() (x2)"
    assert 'p[0].line in ("11", "13")' in rules[0].text
    assert "the like ones below it" in rules[0].text
    assert hunks(PATH, SRC, after) == [
        "@@ -8,9 +8,9 @@",
        " \tret = foo_bus_read(f, FOO_A);",
        " \tWARN_ON(ret < 0);",
        " \tret = foo_bus_read(f, FOO_B);",
        "-\tWARN_ON(ret < 0);",
        "+\tWARN_ON_ONCE(ret < 0);",
        " \tret = foo_bus_read(f, FOO_C);",
        "-\tWARN_ON(ret < 0);",
        "+\tWARN_ON_ONCE(ret < 0);",
        " \treturn ret;",
        " }",
        " ",
    ]


def test_same_below_with_nothing_below_says_so(tmp_path):
    s, _, after = run(tmp_path, ["+ ret = foo_bus_read(f, FOO_C);", "+ WARN_ON(ret < 0);"], (12, 13),
                      "Ditto further down: WARN_ON_ONCE() please.")
    assert (s.status, s.reason) == (
        Status.APPLIED, 'partly: "same below" found no like place after the quoted lines in foo_read()')
    assert hunks(PATH, SRC, after) == [
        "@@ -10,7 +10,7 @@",
        " \tret = foo_bus_read(f, FOO_B);",
        " \tWARN_ON(ret < 0);",
        " \tret = foo_bus_read(f, FOO_C);",
        "-\tWARN_ON(ret < 0);",
        "+\tWARN_ON_ONCE(ret < 0);",
        " \treturn ret;",
        " }",
        " ",
    ]


def test_same_below_leaves_the_kernel_calls_the_patch_did_not_add(tmp_path):
    # the patch added the FOO_A and FOO_B reads; the FOO_C one was there before it
    base = SRC.replace("\tret = foo_bus_read(f, FOO_A);\n\tWARN_ON(ret < 0);\n"
                       "\tret = foo_bus_read(f, FOO_B);\n\tWARN_ON(ret < 0);\n", "")
    s, _, after = run(tmp_path, ["+ ret = foo_bus_read(f, FOO_A);", "+ WARN_ON(ret < 0);"], (8, 9),
                      "Please use WARN_ON_ONCE(). Same below.", base=base)
    assert (s.status, s.reason) == (Status.APPLIED, "")
    assert [ln for ln in hunks(PATH, SRC, after) if ln[:1] in "+-"] == [
        "-\tWARN_ON(ret < 0);", "+\tWARN_ON_ONCE(ret < 0);",
        "-\tWARN_ON(ret < 0);", "+\tWARN_ON_ONCE(ret < 0);"]
    assert after.count("WARN_ON(ret < 0);") == 2          # FOO_C's, the kernel's, and foo_write()'s


def test_without_same_below_only_the_quoted_call(tmp_path):
    s, _, after = run(tmp_path, ["+ ret = foo_bus_read(f, FOO_B);", "+ WARN_ON(ret < 0);"], (10, 11),
                      "WARN_ON_ONCE(), please.")
    assert (s.status, s.reason) == (Status.APPLIED, "")
    assert after.count("WARN_ON_ONCE(") == 1


SHOW = """// SPDX-License-Identifier: GPL-2.0
#include <linux/sysfs.h>

static ssize_t foo_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	int n;

	n = sprintf(buf, "%d\\n", 1);
	n += sprintf(buf + n, "%d\\n", 2);
	return n;
}
"""


def test_same_below_leaves_a_later_call_the_new_name_cannot_take(tmp_path):
    """sysfs_emit() writes at the start of the page only: the later sprintf(buf + n, ...) is no like place."""
    s = sugg(PATH, "foo_show", ["+ n = sprintf(buf, \"%d\\n\", 1);"], "sysfs_emit() please. Same below.", lines=(8, 8))
    ctx = CodeContext(PATH, SHOW, "foo_show", {PATH: SHOW}, [(s.id, s.quoted)])
    planned = RU.plan([s], {s.id: ctx})
    out, _ = A.apply(RU.render(planned), planned, {PATH: SHOW}, tmp_path)
    assert (s.status, s.reason) == (
        Status.APPLIED, 'partly: "same below" found no like place after the quoted lines in foo_show()')
    assert [ln for ln in hunks(PATH, SHOW, out[PATH]) if ln[:1] in "+-"] == [
        "-\tn = sprintf(buf, \"%d\\n\", 1);", "+\tn = sysfs_emit(buf, \"%d\\n\", 1);"]
