"""A request for "both" (or "all of these", "everywhere") under a quote cut to one of the places: the
change is carried to the other like place of the code the patch adds when that is certain (the one
other like call of the quoted function, else of the patch's code), and never reported `applied` when it
reached fewer places than the words ask for."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocci.propagate import fewer_places, merge, named_patches, places
from cocci.recipes._evidence import more_places, two_places
from patches.model import Status
from tests.unit import mailseries

PATH = "drivers/hwmon/qx42.c"
AUTHOR, REVIEWER = mailseries.AUTHOR, mailseries.REVIEWER

BASE = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/device.h>
#include <linux/i2c.h>

static int qx42_probe(struct i2c_client *client)
{
\treturn 0;
}
"""

PATCH = BASE.replace("static int qx42_probe(", """\
static int qx42_sync(struct i2c_client *client)
{
\tstruct device *dev = &client->dev;
\tint ret;

\tret = i2c_smbus_write_byte_data(client, 0x01, 0x80);
\tif (ret < 0) {
\t\tdev_err(&client->dev, "reset failed: %d\\n", ret);
\t\treturn ret;
\t}
\tWARN_ON(ret > 0x7f);

\tret = i2c_smbus_read_byte_data(client, 0x02);
\tif (ret < 0) {
\t\tdev_err(&client->dev, "status read failed: %d\\n", ret);
\t\treturn ret;
\t}
\tWARN_ON(ret & 0x80);
\treturn 0;
}

static ssize_t qx42_mode_show(struct device *dev, struct device_attribute *attr, char *buf)
{
\treturn sprintf(buf, "%d\\n", 1);
}

static ssize_t qx42_rate_show(struct device *dev, struct device_attribute *attr, char *buf)
{
\treturn sprintf(buf, "%d\\n", 2);
}

static int qx42_probe(""")

WARN2 = "\tWARN_ON(ret & 0x80);"
ERR1 = '\t\tdev_err(&client->dev, "reset failed: %d\\n", ret);'
SHOW1 = '\treturn sprintf(buf, "%d\\n", 1);'

needs_spatch = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def _respin(tmp_path: Path, quote: str, comment: str, patch: str = PATCH):
    """The result of a respin whose review quotes QUOTE of PATCH with COMMENT, and the new PATH."""
    tree, result = mailseries.respin_reviewed(tmp_path, PATH, BASE, [(patch, "hwmon: (qx42) sync the chip\n\n"
                                                                    "Reset it and check its status.")],
                                              "qx42-sync", quote, comment)
    return result, mailseries.shown(tree, result.branch, PATH)


@pytest.mark.parametrize("comment, words", [
    ("WARN_ON_ONCE() for both, please.", "both"),
    ("You have dev, use it in both.", "both"),
    ("Both can be const.", "Both"),
    ("dev_dbg() in both places.", "both"),
    ("Both calls should be dev_dbg().", "Both calls"),
    ("Drop both WARN_ON()s, they are not useful.", "both WARN_ON()s"),
    ("Both dev_errs can go.", "Both dev_errs"),
    ("Please use dev for all of these.", "all of these"),
    ("sysfs_emit() everywhere, please.", "everywhere"),
    ("Make every call dev_err_probe().", "every call"),
    ("The same for these two calls.", "these two calls"),
    ("The alignment is off here and in the return below.", "here and in"),
    ("return ret here, and in the two writes above too.", "here, and in"),
    ("WARN_ON_ONCE() here, and also in patch 2.", ""),               # a place named apart
    ("Please fix this and elsewhere.", "elsewhere"),
    ("%pe in all three, please.", "all three"),
    ("This can be const, and the max one too.", "and the max one too"),
    ("Print the error in each case.", "each case"),
    ("Both exports should be _GPL.", "Both exports"),
    ("All the symbols here should be exported _GPL.", "All the symbols"),
    ("Missing \\n at the end of these messages.", "these messages"),
    ("Those casts are not needed.", "Those casts"),
    ("Not these prints.", ""),                             # denied
    ("This message lacks a newline.", ""),
    ("Use dev here, not both.", ""),                       # denied
    ("Both the goto and the label can go.", ""),           # two parts of one change
    ("No need for min_t() here, both are size_t.", ""),    # the operands, not places
    ("This is called for all registers, so dev_dbg().", ""),
    ("WARN_ON_ONCE(), please.", ""),
])
def test_words_that_ask_for_more_places(comment, words):
    assert more_places(comment) == words


def test_both_asks_for_two_places_and_all_for_every_one():
    assert two_places("dev_dbg() in both places.") and two_places("these two calls")
    assert not two_places("all of these") and not two_places("everywhere")


def test_places_counts_the_statements_a_diff_changes():
    one = "@@ -1,2 +1,2 @@\n-\tfoo(a,\n-\t    b);\n+\tbar(a,\n+\t    b);\n"
    assert places(one) == 1                                 # one call over two lines
    two = "@@ -1,2 +1,2 @@\n-\tfoo(a);\n-\tfoo(b);\n+\tbar(a);\n+\tbar(b);\n"
    assert places(two) == 2                                 # two calls on adjacent lines
    apart = "@@ -1,5 +1,5 @@\n-\tfoo(a);\n+\tbar(a);\n \tx = 1;\n \ty = 2;\n-\tfoo(b);\n+\tbar(b);\n"
    assert places(apart) == 2
    folded = "@@ -1,3 +1,1 @@\n-\tif (p) {\n-\t\tkfree(p);\n-\t}\n+\tkfree(p);\n"
    assert places(folded) == 1                              # a block rewritten into one statement
    twice = '@@ -1 +1,2 @@\n-\tpr_info("%d of %d\\n", a,\n-\t\tb);\n+\tpr_info("%u of %u\\n", a, b);\n'
    assert places(twice) == 2                               # the same change twice in one statement
    parens = "@@ -1 +1 @@\n-\tif ((a > b))\n+\tif (a > b)\n"
    assert places(parens) == 1                              # two edits that make one change
    braced = "@@ -1,2 +1,4 @@\n-\tif (r < 0)\n+\tif (r < 0) {\n+\t\tpr_err(\"x\");\n \t\treturn r;\n+\t}\n"
    assert places(braced) == 1                              # the closing brace of the same change


@needs_spatch
def test_both_under_one_of_two_calls_of_the_function_changes_the_other_too(tmp_path):
    """Before: manual, 'the comment says "both" but only one quoted WARN_ON() call was found'."""
    result, after = _respin(tmp_path, WARN2, "WARN_ON_ONCE() for both, please.")
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [("rename-call", Status.APPLIED, "")]
    assert after == PATCH.replace("\tWARN_ON(", "\tWARN_ON_ONCE(")


@needs_spatch
def test_both_under_a_call_whose_twin_is_in_another_function_of_the_patch(tmp_path):
    """The quoted function has no other sprintf(): the one other of the code the patch adds is taken."""
    result, after = _respin(tmp_path, SHOW1, "Please use sysfs_emit() for both.")
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [("rename-call", Status.APPLIED, "")]
    assert after == PATCH.replace("return sprintf(", "return sysfs_emit(")


@needs_spatch
def test_both_with_two_other_like_calls_in_the_function_is_manual(tmp_path):
    patch = PATCH.replace("\tWARN_ON(ret & 0x80);\n", "\tWARN_ON(ret & 0x80);\n\tWARN_ON(ret & 0x40);\n")
    result, after = _respin(tmp_path, WARN2, "WARN_ON_ONCE() for both, please.", patch)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("manual", Status.MANUAL, 'rename-call: the comment says "both" but only one quoted WARN_ON() call was '
                                  "found, and qx42_sync() has 2 other WARN_ON() calls the patch adds")]
    assert after == patch


@needs_spatch
def test_both_that_the_recipe_does_not_carry_is_partly(tmp_path):
    """Before: the quoted WARN_ON() went and the suggestion was reported applied."""
    result, after = _respin(tmp_path, WARN2, "Drop both WARN_ON()s, they are not useful.")
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("remove-statements", Status.APPLIED,
         'partly: "both WARN_ON()s" is not carried out by remove-statements: only the quoted place changed')]
    assert after == PATCH.replace(WARN2 + "\n", "")


# ---- "Same in the next patch.": the like places among the lines a later patch of the series adds

PATCH2 = PATCH.replace("static int qx42_probe(", """\
static int qx42_wake(struct i2c_client *client)
{
\tint ret;

\tret = i2c_smbus_read_byte_data(client, 0x03);
\tWARN_ON(ret & 0x80);
\treturn ret < 0 ? ret : 0;
}

static int qx42_probe(""")


def _series(tmp_path: Path, quote: str, comment: str, second: str = PATCH2):
    """The result of a respin of the two patches (PATCH, then SECOND) whose review of patch 1 quotes
    QUOTE with COMMENT, and PATH as each new patch leaves it."""
    tree, result = mailseries.respin_reviewed(
        tmp_path, PATH, BASE, [(PATCH, "hwmon: (qx42) sync the chip\n\nReset it."),
                               (second, "hwmon: (qx42) wake the chip\n\nRead its state.")], "qx42-wake", quote, comment)
    return result, [mailseries.shown(tree, f"{result.branch}{rev}", PATH) for rev in ("~1", "")]


@needs_spatch
@pytest.mark.parametrize("comment", [
    "WARN_ON_ONCE(), please. Same in the next patch.",
    "Please make this WARN_ON_ONCE(). The same applies to patch 2/2.",
    "WARN_ON_ONCE() here, and also in patch 2.",
])
def test_same_in_the_next_patch_carries_the_change_to_the_like_places_it_adds(tmp_path, comment):
    """Before: only patch 1 changed, "partly: not carried out in the next patch, a place named in words"."""
    result, (one, two) = _series(tmp_path, "\tWARN_ON(ret > 0x7f);", comment)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [("rename-call", Status.APPLIED, "")]
    assert one == PATCH.replace("\tWARN_ON(ret > 0x7f);", "\tWARN_ON_ONCE(ret > 0x7f);")
    assert two == PATCH2.replace("\tWARN_ON(ret > 0x7f);", "\tWARN_ON_ONCE(ret > 0x7f);").replace(
        "\tWARN_ON(ret & 0x80);\n\treturn ret < 0", "\tWARN_ON_ONCE(ret & 0x80);\n\treturn ret < 0")


@needs_spatch
def test_same_in_a_next_patch_without_a_like_place_is_partly(tmp_path):
    second = PATCH2.replace("\tWARN_ON(ret & 0x80);\n\treturn ret < 0", "\treturn ret < 0")
    result, (one, two) = _series(tmp_path, "\tWARN_ON(ret > 0x7f);", "WARN_ON_ONCE(), please. Same in the next patch.",
                                 second)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("rename-call", Status.APPLIED, "partly: not carried out in patch 2/2: no like place among the lines it adds")]
    assert two == second.replace("\tWARN_ON(ret > 0x7f);", "\tWARN_ON_ONCE(ret > 0x7f);")


@needs_spatch
def test_same_in_the_next_patch_for_a_kind_that_does_not_carry_it_is_partly(tmp_path):
    result, (one, two) = _series(tmp_path, ERR1, "You have dev for this. Same in the next patch.")
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("use-local", Status.APPLIED, "partly: not carried out in the next patch, a place named in words (only the "
                                      "quoted place changed)")]
    assert one == PATCH.replace(ERR1, ERR1.replace("&client->dev", "dev"))


@pytest.mark.parametrize("comment, patch, total, words, numbers", [
    ("Same in the next patch.", 1, 3, "the next patch", [2]),
    ("also in patch 3", 1, 3, "patch 3", [3]),
    ("The same applies to patch 2/4.", 1, 4, "patch 2/4", [2]),
    ("Likewise for the following patches.", 2, 4, "the following patches", [3, 4]),
    ("Ditto in 3/4.", 2, 4, "3/4", [3]),
    ("Same for patches 2 and 3.", 1, 3, "patches 2 and 3", [2, 3]),
    ("Also for the other patch.", 1, 2, "the other patch", [2]),
    ("Also for the other patch.", 1, 3, "the other patch", []),      # which one is not said
    ("Same in patch 1.", 2, 3, "patch 1", []),                       # an earlier patch: not carried
    ("Same in the next patch.", 3, 3, "the next patch", []),         # there is none
    ("WARN_ON_ONCE(), please.", 1, 2, "", []),
])
def test_patches_a_comment_carries_its_request_to(comment, patch, total, words, numbers):
    assert named_patches(comment, patch, total) == (words, numbers)


@needs_spatch
def test_a_like_call_the_recipe_would_not_change_so_is_not_carried(tmp_path):
    """sysfs_emit() writes a sysfs page: a sprintf() into a buffer of its own in the next patch stays."""
    second = PATCH.replace("static int qx42_probe(", """\
static void qx42_name(struct i2c_client *client, char *name)
{
\tsprintf(name, "qx42-%d", client->addr);
}

static int qx42_probe(""")
    result, (one, two) = _series(tmp_path, SHOW1, "sysfs_emit() please. Same in the next patch.", second)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("rename-call", Status.APPLIED, "partly: not carried out at line 38 of drivers/hwmon/qx42.c in patch 2 "
                                        "(qx42_name()): the code there is not like the quoted code")]
    assert one == PATCH.replace(SHOW1, SHOW1.replace("sprintf(", "sysfs_emit("))
    assert two == second.replace(SHOW1, SHOW1.replace("sprintf(", "sysfs_emit("))


def test_merge_takes_the_brace_a_braced_body_gets_with_its_change():
    """Before: the `}` the rule adds after `return r;` was an insertion of no allowed line and was left
    out: the carried place opened a brace it never closed."""
    before = "\tif (r < 0)\n\t\treturn r;\n\tx = r;\n"
    after = "\tif (r < 0) {\n\t\tpr_err(\"x\");\n\t\treturn r;\n\t}\n\tx = r;\n"
    assert merge(before, after, {1, 2, 3}) == (after, [1])
    assert merge(before, after, {2, 3}) == (before, [])     # the change itself is not allowed: nor its brace


BRACED = PATCH.replace("""\tif (ret < 0) {
\t\tdev_err(&client->dev, "reset failed: %d\\n", ret);
\t\treturn ret;
\t}
""", "\tif (ret < 0)\n\t\treturn ret;\n").replace("""\tif (ret < 0) {
\t\tdev_err(&client->dev, "status read failed: %d\\n", ret);
\t\treturn ret;
\t}
""", "\tif (ret < 0)\n\t\treturn ret;\n")


@needs_spatch
def test_reviewer_code_for_both_places_is_carried_to_the_other_whole(tmp_path):
    comment = ("Please print the error:\n\n\tif (ret < 0) {\n\t\tdev_err(dev, \"failed: %d\\n\", ret);\n"
               "\t\treturn ret;\n\t}\n\nThe same for both.")
    result, after = _respin(tmp_path, "\tif (ret < 0)\n\t\treturn ret;", comment, BRACED)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [("replace-code", Status.APPLIED, "")]
    assert after == BRACED.replace("\tif (ret < 0)\n\t\treturn ret;\n", "\tif (ret < 0) {\n\t\tdev_err(dev, "
                                   "\"failed: %d\\n\", ret);\n\t\treturn ret;\n\t}\n")


@needs_spatch
def test_both_means_the_like_places_the_quote_holds_when_it_holds_them(tmp_path):
    """The quote shows both checks; the reviewer's code is written for the second: the first changes too,
    and a third like check further down the patch stays as it is."""
    third = BRACED.replace("static int qx42_probe(struct i2c_client *client)\n{\n\treturn 0;\n}\n", """\
static int qx42_probe(struct i2c_client *client)
{
\tint ret = qx42_sync(client);

\tif (ret < 0)
\t\treturn ret;
\treturn 0;
}
""")
    quote = "\n".join(third.splitlines()[9:17])
    assert quote.startswith("\tret = i2c_smbus_write_byte_data") and quote.endswith("\t\treturn ret;")
    comment = ("Please print the error:\n\n\tif (ret < 0) {\n\t\tdev_err(dev, \"failed: %d\\n\", ret);\n"
               "\t\treturn ret;\n\t}\n\nThe same for both.")
    result, after = _respin(tmp_path, quote, comment, third)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [("replace-code", Status.APPLIED, "")]
    braced = "\tif (ret < 0) {\n\t\tdev_err(dev, \"failed: %d\\n\", ret);\n\t\treturn ret;\n\t}\n"
    assert after == third.replace("\tif (ret < 0)\n\t\treturn ret;\n", braced, 2)


@needs_spatch
def test_everywhere_leaves_a_like_call_the_recipe_would_not_change_so(tmp_path):
    """Before: "sysfs_emit() everywhere" made the sprintf() into a name buffer a sysfs_emit() too."""
    patch = PATCH.replace("static int qx42_probe(", """\
static void qx42_name(struct i2c_client *client, char *name)
{
\tsprintf(name, "qx42-%d", client->addr);
}

static int qx42_probe(""")
    result, after = _respin(tmp_path, SHOW1, "sysfs_emit() everywhere, please.", patch)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("rename-call", Status.APPLIED, "partly: not carried out at line 38 of drivers/hwmon/qx42.c in patch 1 "
                                        "(qx42_name()): the code there is not like the quoted code")]
    assert after == patch.replace("return sprintf(", "return sysfs_emit(")


def test_these_messages_under_one_changed_place_is_partly():
    """Before: "Missing \\n at the end of these messages." under two prints added it to the last one only,
    and said applied."""
    assert fewer_places(more_places("Missing \\n at the end of these messages."), "format-specifier", False) == \
        'partly: "these messages" is not carried out by format-specifier: only the quoted place changed'


@needs_spatch
def test_these_messages_changed_in_one_place_is_partly(tmp_path):
    """Before: the newline went into the last quoted print only, and the suggestion said applied."""
    patch = PATCH.replace(' failed: %d\\n", ret)', ' failed", ret)')
    lines = patch.split("\n")
    first = lines.index("\tret = i2c_smbus_write_byte_data(client, 0x01, 0x80);")
    quote = "\n".join(lines[first:first + 12])
    result, after = _respin(tmp_path, quote, "Missing \\n at the end of these messages.", patch)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("format-specifier", Status.APPLIED,
         'partly: "these messages" is not carried out by format-specifier: only the quoted place changed')]
    assert after == patch.replace('"status read failed"', '"status read failed\\n"')


def test_here_and_in_after_a_comma_under_one_changed_place_is_partly():
    """Before: "return ret here, and in the two writes above too." changed the quoted return only, said applied."""
    assert fewer_places(more_places("return ret here, and in the two writes above too."), "propagate-error",
                        True) == 'partly: "here, and in" asks for more places than the quoted one, and no other ' \
                                 'like place was changed'
