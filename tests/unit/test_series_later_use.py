"""A local that patch 1 declares and only patch 2 starts to use: "rate is unused" under patch 1 is true of
patch 1 alone, but dropping the declaration there leaves patch 2 using a name nothing declares (it applies,
and does not build).  The drop is left to the author, naming the later use; with no later use it is made."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from patches.model import Status
from tests.unit import mailseries

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "drivers/hwmon/tmx42.c"
AUTHOR, REVIEWER = mailseries.AUTHOR, mailseries.REVIEWER

BASE = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/device.h>
#include <linux/i2c.h>

static int tmx42_probe(struct i2c_client *client)
{
\tstruct device *dev = &client->dev;
\tint cfg;

\tcfg = i2c_smbus_read_byte_data(client, 0x01);
\tif (cfg < 0)
\t\treturn cfg;
\tdev_info(dev, "config %d\\n", cfg);
\treturn 0;
}
"""
# patch 1 prints the config in hex and declares the rate, patch 2 computes and prints it
PATCH1 = BASE.replace("\tint cfg;\n", "\tunsigned int rate;\n\tint cfg;\n", 1).replace("config %d", "config %#x", 1)
PATCH2 = PATCH1.replace('\tdev_info(dev, "config %#x\\n", cfg);\n',
                        '\trate = (cfg >> 5) & 0x3;\n\tdev_info(dev, "config %#x, rate %u\\n", cfg, rate);\n', 1)
# patch 1 brings in the local `dev` (INLINE1), patch 2 adds a second use of it (INLINE2)
NO_DEV = BASE.replace("\tstruct device *dev = &client->dev;\n", "", 1).replace(
    '\tdev_info(dev, "config %d\\n", cfg);\n', "", 1)
INLINE1 = BASE.replace("\tint cfg;\n\n", '\tint cfg;\n\n\tdev_dbg(dev, "probing\\n");\n', 1).replace(
    '\tdev_info(dev, "config %d\\n", cfg);\n', "", 1)
INLINE2 = INLINE1.replace("\treturn 0;\n", '\tdev_info(dev, "config %d\\n", cfg);\n\treturn 0;\n', 1)


def _git(tree: Path, *args: str) -> str:
    return mailseries.git(tree, *args, who=AUTHOR, date="2025-03-10T10:00:00+00:00")


def _run(tmp_path: Path, patch1: str, patch2: str, quote: str, comment: str, base: str = BASE):
    patches = [(patch1, "hwmon: (tmx42) prepare for the rate\n\nNo change yet."),
               (patch2, "hwmon: (tmx42) print the rate\n\nFor bring-up.")]
    return mailseries.respin_reviewed(tmp_path, PATH, base, patches, "tmx42-rate", quote, comment)


@pytest.mark.parametrize("comment", ["rate is unused.",
                                     "This isn't used in this patch, please add it in the patch that uses it."])
def test_a_local_a_later_patch_starts_to_use_is_not_dropped(tmp_path, comment):
    """Before: the declaration went from patch 1 and patch 2 assigned and printed an undeclared rate."""
    tree, result = _run(tmp_path, PATCH1, PATCH2, "\tunsigned int rate;", comment)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("manual", Status.MANUAL, "drop-variable: a later patch of the series uses rate in tmx42_probe(): it is "
                                  "unused in this patch only; moving its declaration to that patch is for the author")]
    assert _git(tree, "show", f"{result.branch}~1:{PATH}") == PATCH1
    assert _git(tree, "show", f"{result.branch}:{PATH}") == PATCH2


def test_a_local_no_later_patch_uses_is_dropped(tmp_path):
    tree, result = _run(tmp_path, PATCH1, PATCH1.replace("\treturn 0;\n", "\n\treturn 0;\n", 1),
                        "\tunsigned int rate;", "rate is unused.")
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [("drop-variable", Status.APPLIED, "")]
    assert _git(tree, "show", f"{result.branch}~1:{PATH}") == PATCH1.replace("\tunsigned int rate;\n", "", 1)


def test_a_local_a_later_patch_uses_again_is_not_inlined(tmp_path):
    """Before: patch 1 wrote &client->dev in place of dev and dropped it, and patch 2's dev_dbg(dev, ...) was
    left with no dev."""
    tree, result = _run(tmp_path, INLINE1, INLINE2, "\tstruct device *dev = &client->dev;",
                        "dev is used once, just use &client->dev directly.", base=NO_DEV)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("manual", Status.MANUAL, "drop-variable: a later patch of the series uses dev in tmx42_probe() too: "
                                  "dropping it here would break that patch")]
    assert _git(tree, "show", f"{result.branch}~1:{PATH}") == INLINE1
    assert _git(tree, "show", f"{result.branch}:{PATH}") == INLINE2


def test_a_local_no_later_patch_uses_again_is_inlined(tmp_path):
    tree, result = _run(tmp_path, INLINE1, INLINE1.replace("\treturn 0;\n", "\n\treturn 0;\n", 1),
                        "\tstruct device *dev = &client->dev;", "dev is used once, just use &client->dev directly.",
                        base=NO_DEV)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [("drop-variable", Status.APPLIED, "")]
    assert _git(tree, "show", f"{result.branch}~1:{PATH}") == INLINE1.replace(
        "\tstruct device *dev = &client->dev;\n", "", 1).replace("dev_dbg(dev,", "dev_dbg(&client->dev,", 1)


# patch 1 adds a shift macro (for patch 2) and a helper it calls once; patch 2 uses both
HELPERS1 = BASE.replace("static int tmx42_probe(", """\
#define TMX42_RATE_SHIFT\t5

static int tmx42_read_config(struct i2c_client *client)
{
\treturn i2c_smbus_read_byte_data(client, 0x01);
}

static int tmx42_probe(""", 1).replace("\tcfg = i2c_smbus_read_byte_data(client, 0x01);\n",
                                       "\tcfg = tmx42_read_config(client);\n", 1)
HELPERS2 = HELPERS1.replace("\treturn 0;\n}\n", """\
\treturn 0;
}

static void tmx42_remove(struct i2c_client *client)
{
\tint cfg = tmx42_read_config(client);

\tdev_dbg(&client->dev, "rate %d\\n", cfg >> TMX42_RATE_SHIFT);
}
""", 1)
HELPER_WHOLE = "\n".join(["static int tmx42_read_config(struct i2c_client *client)", "{",
                          "\treturn i2c_smbus_read_byte_data(client, 0x01);", "}"])


@pytest.mark.parametrize("quote, comment, name", [
    ("#define TMX42_RATE_SHIFT\t5", "Drop this define, please.", "TMX42_RATE_SHIFT"),
    (HELPER_WHOLE, "This helper is called once, just open-code it.", "tmx42_read_config"),
])
def test_a_definition_a_later_patch_uses_is_not_taken_away(tmp_path, quote, comment, name):
    """Before: the macro (the helper) went from patch 1, and patch 2, which applied as before, used it."""
    tree, result = _run(tmp_path, HELPERS1, HELPERS2, quote, comment)
    assert [(s.status, s.reason) for s in result.suggestions] == [
        (Status.MANUAL, f"patch 2/2 uses {name}, which this change takes away: make the change by hand in both "
                        "patches")]
    assert _git(tree, "show", f"{result.branch}~1:{PATH}") == HELPERS1
    assert _git(tree, "show", f"{result.branch}:{PATH}") == HELPERS2


def test_a_definition_no_later_patch_uses_is_taken_away(tmp_path):
    tree, result = _run(tmp_path, HELPERS1, HELPERS1.replace("\treturn 0;\n}\n", "\n\treturn 0;\n}\n", 1),
                        "#define TMX42_RATE_SHIFT\t5", "Drop this define, please.")
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [("drop-define", Status.APPLIED, "")]


# patch 1 retries the read; the later patch changes the loop over the counter
POLL1 = BASE.replace("\tint cfg;\n", "\tu32 tries;\n\tint cfg;\n", 1).replace(
    "\tcfg = i2c_smbus_read_byte_data(client, 0x01);\n",
    "\tfor (tries = 0; tries < 5; tries++) {\n\t\tcfg = i2c_smbus_read_byte_data(client, 0x01);\n"
    "\t\tif (cfg >= 0)\n\t\t\tbreak;\n\t}\n", 1)


def test_a_local_whose_uses_a_later_patch_changes_keeps_its_type(tmp_path):
    """Before: patch 1 declared the counter u8, and patch 2's loop up to 500 never ended."""
    later = POLL1.replace("tries < 5;", "tries < 500;", 1)
    tree, result = _run(tmp_path, POLL1, later, "\tu32 tries;", "u8 is enough here.")
    assert [(s.status, s.reason) for s in result.suggestions] == [
        (Status.MANUAL, "replace-expression: u8 lines up with nothing on the quoted lines; retype-local: a later "
                        "patch of the series changes the uses of tries in tmx42_probe(): whether they hold with u8 is "
                        "for the author")]
    assert _git(tree, "show", f"{result.branch}:{PATH}") == later


def test_a_local_no_later_patch_uses_otherwise_gets_its_type(tmp_path):
    tree, result = _run(tmp_path, POLL1, POLL1.replace("\treturn 0;\n", "\n\treturn 0;\n", 1), "\tu32 tries;",
                        "u8 is enough here.")
    assert [(s.kind, s.status) for s in result.suggestions] == [("retype-local", Status.APPLIED)]
    assert "\tu8 tries;\n" in _git(tree, "show", f"{result.branch}~1:{PATH}")


# patch 1 initialises ret needlessly; the later patch returns it before the first assignment
RET1 = BASE.replace("\tint cfg;\n", "\tint ret = 0;\n\tint cfg;\n", 1).replace(
    "\treturn 0;\n", "\tret = i2c_smbus_write_byte_data(client, 0x01, cfg | 0x40);\n\treturn ret;\n", 1)
RET2 = RET1.replace("\tif (cfg < 0)\n\t\treturn cfg;\n",
                    "\tif (cfg < 0)\n\t\treturn cfg;\n\tif (cfg & 0x40)\n\t\treturn ret;\n", 1)


def test_an_initializer_a_later_patch_reads_stays(tmp_path):
    """Before: patch 1 lost the `= 0`, and patch 2's early `return ret;` returned an uninitialised value."""
    tree, result = _run(tmp_path, RET1, RET2, "\tint ret = 0;", "No need to initialise ret.")
    assert [(s.status, s.reason) for s in result.suggestions] == [
        (Status.MANUAL, "drop-initializer: the initializer of ret cannot go safely in tmx42_probe() as a later patch "
                        "of the series leaves it: the first use of ret is not a plain assignment to it; "
                        "drop-variable: ret is initialized and assigned again in tmx42_probe()")]
    assert _git(tree, "show", f"{result.branch}:{PATH}") == RET2


def test_an_initializer_no_later_patch_reads_goes(tmp_path):
    tree, result = _run(tmp_path, RET1, RET1.replace("\treturn ret;\n", "\n\treturn ret;\n", 1), "\tint ret = 0;",
                        "No need to initialise ret.")
    assert [(s.kind, s.status) for s in result.suggestions] == [("drop-initializer", Status.APPLIED)]
    assert "\tint ret;\n" in _git(tree, "show", f"{result.branch}~1:{PATH}")


# patch 1 writes the config back under a lock; the later patch waits after the unlock
LOCK1 = BASE.replace("#include <linux/i2c.h>\n", "#include <linux/i2c.h>\n#include <linux/mutex.h>\n\n"
                     "static DEFINE_MUTEX(tmx42_lock);\n", 1).replace(
    "\treturn 0;\n", "\tmutex_lock(&tmx42_lock);\n\tcfg = i2c_smbus_write_byte_data(client, 0x01, cfg | 0x40);\n"
    "\tmutex_unlock(&tmx42_lock);\n\treturn cfg;\n", 1)
LOCK2 = LOCK1.replace("\tmutex_unlock(&tmx42_lock);\n", "\tmutex_unlock(&tmx42_lock);\n\tmsleep(20);\n", 1)


def test_a_guard_a_later_patch_would_hold_too_long_is_not_made(tmp_path):
    """Before: guard() held the lock to the end of the function, through the msleep() patch 2 adds after the
    unlock."""
    tree, result = _run(tmp_path, LOCK1, LOCK2, "\tmutex_lock(&tmx42_lock);", "Use guard() here.")
    assert [(s.status, s.reason) for s in result.suggestions] == [
        (Status.MANUAL, "lock-guard: as a later patch of the series leaves tmx42_probe(), line 20 (msleep(20);) runs "
                        "after the unlock: guard() would hold the lock through it; scoped_guard() around the locked "
                        "part, or leaving it, is for the author")]
    assert _git(tree, "show", f"{result.branch}:{PATH}") == LOCK2


def test_a_guard_no_later_patch_stands_in_the_way_of_is_made(tmp_path):
    tree, result = _run(tmp_path, LOCK1, LOCK1.replace("\tint cfg;\n", "\tint cfg;\n\n", 1),
                        "\tmutex_lock(&tmx42_lock);", "Use guard() here.")
    assert [(s.kind, s.status) for s in result.suggestions] == [("lock-guard", Status.APPLIED)]
    assert "\tguard(mutex)(&tmx42_lock);\n" in _git(tree, "show", f"{result.branch}~1:{PATH}")


# patch 1 prints a length; the later patch counts it down to zero
LEN1 = BASE.replace("\tint cfg;\n", "\tint cfg;\n\tint len;\n", 1).replace(
    "\treturn 0;\n", '\tlen = strlen(client->name);\n\tdev_info(dev, "name %.*s\\n", len, client->name);\n'
    "\treturn 0;\n", 1)
LEN2 = LEN1.replace("\treturn 0;\n", "\twhile (--len >= 0)\n\t\tcpu_relax();\n\treturn 0;\n", 1)


def test_a_local_a_later_patch_counts_below_zero_stays_signed(tmp_path):
    """Before: patch 1 made len unsigned, and patch 2's `while (--len >= 0)` never ended."""
    tree, result = _run(tmp_path, LEN1, LEN2, "\tint len;", "len can't be negative, make it unsigned.")
    assert [(s.status, s.reason) for s in result.suggestions] == [
        (Status.MANUAL, "make-unsigned: a later patch of the series changes the uses of len in tmx42_probe(): "
                        "whether they hold with unsigned int is for the author")]
    assert _git(tree, "show", f"{result.branch}:{PATH}") == LEN2
