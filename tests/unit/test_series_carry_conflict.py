"""A series of two patches where patch 1 adds code that patch 2 rewrites, and reviewers ask for edits on
it: the patch-1 edit on the lines patch 2 rewrites is left to the author (one report line naming patch 2
and the file), and every other edit still lands, exactly; whether patch 2 gets edits of its own (its file
is given whole, the earlier edits merged in) or is only carried across (its diff no longer applies)."""
from __future__ import annotations

import json
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
\tstruct device *dev = &client->dev;

\tdev_info(dev, "probed\\n");
\treturn 0;
}
"""

PATCH1 = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/device.h>
#include <linux/i2c.h>

static int tmx42_read_config(struct i2c_client *client)
{
\tint cfg;

\tcfg = i2c_smbus_read_byte_data(client, 0x01);
\tdev_dbg(&client->dev, "config %d\\n", cfg);
\tif (cfg < 0)
\t\treturn cfg;

\tcfg |= 0x40;

\tdev_dbg(&client->dev, "writing config\\n");
\treturn i2c_smbus_write_byte_data(client, 0x01, cfg);
}

static int tmx42_probe(struct i2c_client *client)
{
\tstruct device *dev = &client->dev;

\tdev_info(dev, "probed\\n");
\treturn tmx42_read_config(client);
}
"""

PATCH2 = PATCH1.replace('\tdev_dbg(&client->dev, "config %d\\n", cfg);\n',
                        '\tdev_dbg(&client->dev, "config register %#04x\\n", cfg);\n') \
    .replace('\tdev_info(dev, "probed\\n");\n',
             '\tdev_info(dev, "probed\\n");\n\tdev_dbg(dev, "addr %#x\\n", client->addr);\n')


def _git(tree: Path, *args: str, date: str = "2025-03-10T10:00:00+00:00") -> str:
    return mailseries.git(tree, *args, who=AUTHOR, date=date)


def _reply(msgid: str, parent: str, subject: str, who: tuple[str, str], body: str, date: str) -> str:
    return mailseries.reply(msgid, parent, subject, who, AUTHOR, body, date)


def _series(tmp_path: Path, review_2: bool = True) -> tuple[Path, bytes]:
    tree = tmp_path / "tree"
    first = ("hwmon: (tmx42) set the one-shot bit at probe\n\nThe sensor powers up in shutdown mode.\n\n"
             f"Signed-off-by: {AUTHOR[0]} <{AUTHOR[1]}>")
    second = ("hwmon: (tmx42) print the config and the address in hex\n\nEasier to compare with the "
             f"datasheet.\n\nSigned-off-by: {AUTHOR[0]} <{AUTHOR[1]}>")
    mails, ids, subjects = mailseries.one_file_series(
        tree, PATH, BASE, [(PATCH1, first, "2025-03-09T10:00:00+00:00"), (PATCH2, second, "2025-03-09T10:01:00+00:00")],
        AUTHOR, "tmx42-config")
    q = "> "
    r1 = _reply("r1@example.se", ids[0], subjects[0], REVIEWER,
                f"On Sun, Mar 09, Ilona Varga wrote:\n{q}+\tdev_dbg(&client->dev, \"config %d\\n\", cfg);\n\n"
                f"Please drop this.\n\n{q}+\tdev_dbg(&client->dev, \"writing config\\n\");\n\n"
                "Please drop this one too.\n\nTomas", "Mon, 10 Mar 2025 12:00:00 +0000")
    r2 = _reply("r2@example.se", ids[1], subjects[1], REVIEWER,
                f"On Sun, Mar 09, Ilona Varga wrote:\n{q}+\tdev_dbg(dev, \"addr %#x\\n\", client->addr);\n\n"
                "Please drop this.\n\nTomas", "Mon, 10 Mar 2025 12:05:00 +0000")
    return tree, (mails + "\n" + r1 + ("\n" + r2 if review_2 else "")).encode()


def test_an_edit_a_later_patch_rewrites_is_left_to_the_author_and_the_others_land(tmp_path):
    tree, mbox = _series(tmp_path)
    result = run_respin(RespinRequest(tree=tree, out=tmp_path / "out", threads=[ThreadInput("t.mbox", mbox)],
                                      checkpatch=False))
    report = sorted((s.id, s.status, s.reason, s.quoted[0] if s.quoted else "") for s in result.suggestions)
    assert report == [
        ("1.1", Status.MANUAL, f"patch 2/2 rewrites these lines of {PATH}: make the change by hand in both patches",
         '+\tdev_dbg(&client->dev, "config %d\\n", cfg);'),
        ("1.2", Status.APPLIED, "", '+\tdev_dbg(&client->dev, "writing config\\n");'),
        ("2.1", Status.APPLIED, "", '+\tdev_dbg(dev, "addr %#x\\n", client->addr);'),
    ]
    interdiff = (tmp_path / "out" / "interdiff.diff").read_text()
    assert mailseries.changed(interdiff) == [
        '-\tdev_dbg(&client->dev, "writing config\\n");',
        '-\tdev_dbg(dev, "addr %#x\\n", client->addr);',
    ]
    one = _git(tree, "show", "--format=", f"{result.branch}~1", "--", PATH)
    assert '-\tdev_dbg(&client->dev, "writing config\\n");' not in one
    assert '+\tdev_dbg(&client->dev, "config %d\\n", cfg);' in one          # kept: patch 2 rewrites it
    assert '+\tdev_dbg(&client->dev, "writing config\\n");' not in one
    assert _git(tree, "show", f"{result.branch}:{PATH}") == PATCH2.replace(
        '\tdev_dbg(&client->dev, "writing config\\n");\n', "").replace(
        '\tdev_dbg(dev, "addr %#x\\n", client->addr);\n', "")


def test_a_later_patch_that_no_longer_applies_leaves_the_edit_under_it_to_the_author(tmp_path):
    tree, mbox = _series(tmp_path, review_2=False)
    result = run_respin(RespinRequest(tree=tree, out=tmp_path / "out", threads=[ThreadInput("t.mbox", mbox)],
                                      checkpatch=False))
    report = sorted((s.id, s.status, s.reason) for s in result.suggestions)
    assert report == [
        ("1.1", Status.MANUAL, f"patch 2/2 rewrites these lines of {PATH}: make the change by hand in both patches"),
        ("1.2", Status.APPLIED, ""),
    ]
    interdiff = (tmp_path / "out" / "interdiff.diff").read_text()
    assert mailseries.changed(interdiff) == [
        '-\tdev_dbg(&client->dev, "writing config\\n");',
    ]
    # patch 2 is carried unchanged: the same diff on the edited patch 1
    assert mailseries.changed(_git(tree, "diff", f"{result.branch}~1", result.branch)) == \
        mailseries.changed(_git(tree, "diff", "HEAD~1", "HEAD"))
    assert _git(tree, "show", f"{result.branch}:{PATH}") == PATCH2.replace(
        '\tdev_dbg(&client->dev, "writing config\\n");\n', "")


def test_the_report_says_it_and_the_branch_is_the_only_thing_added(tmp_path):
    tree, mbox = _series(tmp_path)
    before = _git(tree, "for-each-ref", "--format=%(refname) %(objectname)")
    result = run_respin(RespinRequest(tree=tree, out=tmp_path / "out", threads=[ThreadInput("t.mbox", mbox)],
                                      checkpatch=False))
    after = _git(tree, "for-each-ref", "--format=%(refname) %(objectname)")
    assert sorted(set(after.splitlines()) - set(before.splitlines())) == [
        f"refs/heads/{result.branch} {_git(tree, 'rev-parse', result.branch).strip()}"]
    assert set(before.splitlines()) <= set(after.splitlines())
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    left = [s for s in report["suggestions"] if s["status"] == "manual"]
    assert [(s["id"], s["reason"]) for s in left] == [
        ("1.1", f"patch 2/2 rewrites these lines of {PATH}: make the change by hand in both patches")]
