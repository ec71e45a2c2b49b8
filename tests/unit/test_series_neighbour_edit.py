"""An edit asked on patch 1 next to a line patch 2 changes ("drop this debug print" right under the line
patch 2 rewrites): git's 3-way merge calls it a conflict, and the edit is made on patch 2 too when patch 2's
own lines use nothing it took away.  A name the edit took off its line that the function still holds
(`cfg`, printed by the dropped line and assigned by patch 2's line) is not taken away."""
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

struct tmx42 {
\tstruct i2c_client *client;
\tint cfg;
};

static int tmx42_probe(struct i2c_client *client)
{
\treturn 0;
}
"""

PATCH1 = BASE.replace("static int tmx42_probe(", """\
static int tmx42_read_config(struct tmx42 *t)
{
\tint cfg;

\tcfg = i2c_smbus_read_byte_data(t->client, 0x01);
\tif (cfg < 0)
\t\treturn cfg;
\tt->cfg = cfg;
\tpr_debug("tmx42: config %d\\n", cfg);
\treturn 0;
}

static int tmx42_probe(""")
DEBUG = '\tpr_debug("tmx42: config %d\\n", cfg);\n'
PATCH2 = PATCH1.replace("\tt->cfg = cfg;\n", "\tt->cfg = cfg & ~0x40;\n")


def _git(tree: Path, *args: str, date: str = "2025-03-10T10:00:00+00:00") -> str:
    return mailseries.git(tree, *args, who=AUTHOR, date=date)


def _series(tmp_path: Path) -> tuple[Path, bytes]:
    tree = tmp_path / "tree"
    first = ("hwmon: (tmx42) cache the config\n\nRead it once.\n\n"
             f"Signed-off-by: {AUTHOR[0]} <{AUTHOR[1]}>")
    second = ("hwmon: (tmx42) keep the one-shot bit out of the cache\n\nIt reads back as 0.\n\n"
             f"Signed-off-by: {AUTHOR[0]} <{AUTHOR[1]}>")
    mails, ids, subjects = mailseries.one_file_series(
        tree, PATH, BASE, [(PATCH1, first, "2025-03-09T10:00:00+00:00"), (PATCH2, second, "2025-03-09T10:01:00+00:00")],
        AUTHOR, "tmx42-config")
    review = mailseries.reply("r1@example.se", ids[0], subjects[0], REVIEWER, AUTHOR,
                              f"On Sun, Mar 09, Ilona Varga wrote:\n> +{DEBUG.rstrip()}\n\n"
                              "Please drop this debug print.\n\nTomas", "Mon, 10 Mar 2025 12:00:00 +0000")
    return tree, (mails + "\n" + review).encode()


def test_an_edit_next_to_a_line_patch_2_changes_is_made_in_both(tmp_path):
    tree, mbox = _series(tmp_path)
    result = run_respin(RespinRequest(tree=tree, out=tmp_path / "out", threads=[ThreadInput("t.mbox", mbox)],
                                      checkpatch=False))
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("remove-statements", Status.APPLIED, "")]
    assert _git(tree, "show", f"{result.branch}~1:{PATH}") == PATCH1.replace(DEBUG, "")
    assert _git(tree, "show", f"{result.branch}:{PATH}") == PATCH2.replace(DEBUG, "")
    # patch 2 changes the one line it changed before
    assert [ln for ln in _git(tree, "diff", f"{result.branch}~1", result.branch).splitlines()
            if ln[:1] in "+-" and ln[:3] not in ("+++", "---")] == ["-\tt->cfg = cfg;", "+\tt->cfg = cfg & ~0x40;"]
