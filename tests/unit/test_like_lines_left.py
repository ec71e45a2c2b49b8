"""A comment under several like statements (both branches of an #ifdef) is read for the statement right
above it; the like lines of the same quote that the change left as they are make it `partly`, never a
plain `applied`."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci.propagate import like_lines_left
from patches.model import Status
from tests.unit import mailseries

PATH = "drivers/misc/frob.c"
BASE = "// SPDX-License-Identifier: GPL-2.0\n#include <linux/device.h>\n"
ERR = '\t\tdev_err(dev, "enable failed: %d\\n", ret);'
BRANCHES = ["#ifdef CONFIG_FROB_FAST", "\tret = frob_enable(f, 1);", "\tif (ret) {", ERR, "\t\treturn ret;", "\t}",
            "#else", "\tret = frob_enable(f, 0);", "\tif (ret) {", ERR, "\t\treturn ret;", "\t}"]
PATCH = BASE + "\nstatic int frob_setup(struct device *dev, struct frob *f)\n{\n\tint ret;\n\n" + \
    "\n".join(BRANCHES) + "\n#endif\n\tf->ready = true;\n\treturn 0;\n}\n"

needs_spatch = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def _respin(tmp_path: Path, comment: str, quote: list[str] = BRANCHES):
    patches = [(PATCH, "misc: frob: set the chip up\n\nEnable it.")]
    tree, result = mailseries.respin_reviewed(tmp_path, PATH, BASE, patches, "frob-setup", "\n".join(quote), comment)
    return result, mailseries.shown(tree, result.branch, PATH)


@needs_spatch
def test_a_print_changed_under_two_like_branches_is_partly_naming_the_other(tmp_path):
    result, after = _respin(tmp_path, "%pe please.")
    s = next(x for x in result.suggestions if x.kind == "format-specifier")
    assert s.status == Status.APPLIED
    assert s.reason == ("partly: the quote above the comment holds a line like the one changed, left as it is "
                        '(`dev_err(dev, "enable failed: %d\\n", ret);`): the change was made right above the '
                        "comment only")
    assert after.count('dev_err(dev, "enable failed: %pe\\n", ERR_PTR(ret));') == 1
    assert after.count(ERR) == 1


@needs_spatch
def test_a_change_made_to_every_like_line_of_the_quote_is_applied(tmp_path):
    result, after = _respin(tmp_path, "s/enable failed/failed to enable/")
    s = next(x for x in result.suggestions if x.kind == "replace-text")     # a string's text only
    assert (s.status, s.reason) == (Status.APPLIED, "")
    assert after.count('dev_err(dev, "failed to enable: %d\\n", ret);') == 2


@needs_spatch
def test_a_quote_of_one_branch_is_applied(tmp_path):
    result, after = _respin(tmp_path, "%pe please.", BRANCHES[7:])
    s = next(x for x in result.suggestions if x.kind == "format-specifier")
    assert (s.status, s.reason) == (Status.APPLIED, "")
    assert after.count(ERR) == 1


QUOTE = ["+\tfoo_start(priv, 1);", "+\tif (ret)", '+\t\tdev_err(dev, "no start: %d\\n", ret);', " \tx = 1;",
         "-\tfoo_stop(priv, FOO_ALL);", '+\t\tdev_err(dev, "no start: %d\\n", ret);']
DIFF = '--- a/f.c\n+++ b/f.c\n@@ -5,1 +5,1 @@\n-\t\tdev_err(dev, "no start: %d\\n", ret);\n' \
       '+\t\tdev_err(dev, "no start: %pe\\n", ERR_PTR(ret));\n'
AFTER = '\t\tdev_err(dev, "no start: %d\\n", ret);\n\t\tdev_err(dev, "no start: %pe\\n", ERR_PTR(ret));\n'


def test_like_lines_left_names_the_quoted_call_left_standing():
    assert like_lines_left("%pe please", QUOTE, [DIFF], AFTER) == ['dev_err(dev, "no start: %d\\n", ret);']


def test_like_lines_left_counts_no_line_the_change_reached_too():
    both = DIFF.replace("@@ -5,1 +5,1 @@\n", "@@ -3,1 +3,1 @@\n" + DIFF.split("@@\n")[1] + "@@ -5,1 +5,1 @@\n")
    assert like_lines_left("%pe please", QUOTE, [both], AFTER.replace("%d", "%pe")) == []


def test_like_lines_left_ignores_removed_lines_braces_and_kept_duplicates():
    # the quote's like line is one the patch removed: no place of the new code
    stop = "--- a/f.c\n+++ b/f.c\n@@ -5,1 +5,0 @@\n-\tfoo_stop(priv, FOO_ALL);\n"
    kept = "\tfoo_stop(priv, FOO_ALL);\n"
    assert like_lines_left("drop it", QUOTE + [" \tfoo_stop(priv, FOO_ALL);"], [stop], kept) == []
    assert like_lines_left("drop it", QUOTE + [" \tfoo_stop(priv, FOO_ALL);"] * 2, [stop], kept) == \
        ["foo_stop(priv, FOO_ALL);"]
    # a brace, a bare `return;` or the end of a call wrapped over lines is no place of its own
    brace = "--- a/f.c\n+++ b/f.c\n@@ -5,2 +5,1 @@\n-\treturn;\n-\t}\n+\t}\n"
    assert like_lines_left("no need", ["+\treturn;", "+\t}", "+\treturn;", "+\t}"], [brace], "\treturn;\n\t}\n") == []
    wrapped = "--- a/f.c\n+++ b/f.c\n@@ -5,1 +5,1 @@\n-\t\t\tret);\n+\t\t\tERR_PTR(ret));\n"
    assert like_lines_left("%pe", ["+\t\t\tret);", "+\t\t\tret);"], [wrapped], "\t\t\tret);\n") == []
    # "already called above, drop this one": the other one stays on purpose
    drop = DIFF.split("+\t\tdev_err(dev, \"no start: %pe")[0]
    assert like_lines_left("Already printed above, drop this one.", QUOTE, [drop], AFTER) == []


def test_like_lines_left_names_each_like_statement_that_is_no_call():
    ret = "--- a/f.c\n+++ b/f.c\n@@ -5,1 +5,1 @@\n-\t\treturn -EIO;\n+\t\treturn ret;\n"
    quote = ["+\t\treturn -EIO;", "+\t}", "+\t\treturn -EIO;", "+\t}", "+\t\treturn -EIO;"]
    after = "\t\treturn -EIO;\n\t}\n\t\treturn -EIO;\n\t}\n\t\treturn ret;\n"
    assert like_lines_left("return ret;", quote, [ret], after) == ["return -EIO;", "return -EIO;"]
    zero = "--- a/f.c\n+++ b/f.c\n@@ -5,1 +5,0 @@\n-\t\t*val = 0;\n"
    assert like_lines_left("not needed", ["+\t\t*val = 0;", "+\t\t*val = 0;"], [zero], "\t\t*val = 0;\n") == \
        ["*val = 0;"]
    jump = "--- a/f.c\n+++ b/f.c\n@@ -5,1 +5,1 @@\n-\t\tgoto err;\n+\t\treturn ret;\n"
    assert like_lines_left("return ret", ["+\t\tgoto err;", "+\t\tgoto err;"], [jump], "\t\tgoto err;\n") == \
        ["goto err;"]


SENDS = ["\tret = frob_send(f, cmd);", "\tif (ret) {", '\t\tdev_warn(dev, "cmd fail\\n");', "\t\treturn -EIO;", "\t}",
         "\tret = frob_send(f, len);", "\tif (ret) {", '\t\tdev_warn(dev, "len fail\\n");', "\t\treturn -EIO;", "\t}",
         "\tret = frob_wait(f);", "\tif (ret) {", '\t\tdev_warn(dev, "wait fail\\n");', "\t\treturn -EIO;"]
WRITE = BASE + "\nstatic int frob_write(struct device *dev, struct frob *f, u8 cmd, u8 len)\n{\n\tint ret;\n\n" + \
    "\n".join(SENDS) + "\n\t}\n\treturn 0;\n}\n"


@needs_spatch
def test_a_return_changed_under_three_like_returns_is_partly_naming_the_others(tmp_path):
    patches = [(WRITE, "misc: frob: write a command\n\nSend it.")]
    tree, result = mailseries.respin_reviewed(tmp_path, PATH, BASE, patches, "frob-write", "\n".join(SENDS),
                                              "return ret;")
    after = mailseries.shown(tree, result.branch, PATH)
    s = next(x for x in result.suggestions if x.kind == "propagate-error")
    assert s.status == Status.APPLIED
    assert s.reason == ("partly: the quote above the comment holds lines like the one changed, left as they are "
                        "(`return -EIO;`): the change was made right above the comment only")
    assert after.count("\t\treturn -EIO;") == 2 and after.count("\t\treturn ret;") == 1


@needs_spatch
def test_every_return_of_the_quote_changed_for_all_of_these_is_applied(tmp_path):
    patches = [(WRITE, "misc: frob: write a command\n\nSend it.")]
    tree, result = mailseries.respin_reviewed(tmp_path, PATH, BASE, patches, "frob-write", "\n".join(SENDS),
                                              "Don't override the errors, return ret in all of these.")
    after = mailseries.shown(tree, result.branch, PATH)
    s = next(x for x in result.suggestions if x.kind == "propagate-error")
    assert (s.status, s.reason) == (Status.APPLIED, "")
    assert after.count("\t\treturn -EIO;") == 0 and after.count("\t\treturn ret;") == 3
