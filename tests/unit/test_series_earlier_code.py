"""A review of patch 2 that asks for a change to code patch 1 added ("tmx42_read_config() from patch 1
should be static"): made in patch 2 the change would land in the wrong patch (patch 1 adding the function
as it was, patch 2 changing it), so it is left to the author, naming patch 1; asked on patch 1 itself it
is made there, and patch 2 carries it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.respin import RespinRequest, ThreadInput, run_respin
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
\tdev_info(&client->dev, "probed\\n");
\treturn 0;
}

static void tmx42_remove(struct i2c_client *client)
{
}
"""

PATCH1 = BASE.replace("static int tmx42_probe(", """\
int tmx42_read_config(struct i2c_client *client)
{
\treturn i2c_smbus_read_byte_data(client, 0x01);
}

static int tmx42_probe(""").replace("\treturn 0;\n}\n", "\treturn tmx42_read_config(client);\n}\n")
PATCH2 = PATCH1.replace("static void tmx42_remove(struct i2c_client *client)\n{\n}\n",
                        "static void tmx42_remove(struct i2c_client *client)\n{\n"
                        "\tdev_dbg(&client->dev, \"config %d\\n\", tmx42_read_config(client));\n}\n")
STATIC = "static int tmx42_read_config(struct i2c_client *client)\n"


def _git(tree: Path, *args: str, date: str = "2025-03-10T10:00:00+00:00") -> str:
    return mailseries.git(tree, *args, who=AUTHOR, date=date)


def _series(tmp_path: Path, on: int, quote: str, comment: str) -> tuple[Path, bytes]:
    tree = tmp_path / "tree"
    first = ("hwmon: (tmx42) read the config at probe\n\nThe sensor may power up in shutdown mode.\n\n"
             f"Signed-off-by: {AUTHOR[0]} <{AUTHOR[1]}>")
    second = ("hwmon: (tmx42) print the config at remove\n\nTo see what the firmware left.\n\n"
             f"Signed-off-by: {AUTHOR[0]} <{AUTHOR[1]}>")
    mails, ids, subjects = mailseries.one_file_series(
        tree, PATH, BASE, [(PATCH1, first, "2025-03-09T10:00:00+00:00"), (PATCH2, second, "2025-03-09T10:01:00+00:00")],
        AUTHOR, "tmx42-config")
    review = mailseries.reply("r1@example.se", ids[on - 1], subjects[on - 1], REVIEWER, AUTHOR,
                              f"On Sun, Mar 09, Ilona Varga wrote:\n> +{quote}\n\n{comment}\n\nTomas",
                              "Mon, 10 Mar 2025 12:00:00 +0000")
    return tree, (mails + "\n" + review).encode()


def _run(tmp_path: Path, tree: Path, mbox: bytes):
    return run_respin(RespinRequest(tree=tree, out=tmp_path / "out", threads=[ThreadInput("t.mbox", mbox)],
                                    checkpatch=False))


def test_a_change_asked_on_patch_2_to_what_patch_1_added_is_left_to_the_author(tmp_path):
    tree, mbox = _series(tmp_path, 2, '\tdev_dbg(&client->dev, "config %d\\n", tmx42_read_config(client));',
                         "tmx42_read_config() added in patch 1 should be static, nothing else calls it.")
    result = _run(tmp_path, tree, mbox)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("make-static", Status.MANUAL, f"the lines of {PATH} this changes are added by patch 1/2, not by patch 2/2: "
                                       "make the change in patch 1/2 by hand")]
    assert _git(tree, "show", f"{result.branch}~1:{PATH}") == PATCH1
    assert _git(tree, "show", f"{result.branch}:{PATH}") == PATCH2


def test_the_same_change_asked_on_patch_1_is_made_there(tmp_path):
    tree, mbox = _series(tmp_path, 1, "int tmx42_read_config(struct i2c_client *client)", "This can be static.")
    result = _run(tmp_path, tree, mbox)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [("make-static", Status.APPLIED, "")]
    assert _git(tree, "show", f"{result.branch}~1:{PATH}") == PATCH1.replace("int tmx42_read_config(", "static int "
                                                                             "tmx42_read_config(", 1)
    assert STATIC in _git(tree, "show", f"{result.branch}:{PATH}")
    # patch 2 is the same change as before, on the static function
    assert mailseries.changed(_git(tree, "diff", f"{result.branch}~1", result.branch)) == \
        mailseries.changed(_git(tree, "diff", "tmx42-config~1", "tmx42-config"))
