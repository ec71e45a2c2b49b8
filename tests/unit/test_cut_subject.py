"""A reply whose mailer cut the patch's long subject at the fold ("Re: [PATCH v2] ... VEML3328 driver"
for "... driver bindings"): its quote is read as a review of the patch mail of that number, not as a
second patch 1 the tree cannot hold."""
from __future__ import annotations

import shutil

import pytest

from app.respin import RespinRequest, ThreadInput, run_respin
from patches.model import Status
from tests.unit.mailseries import AUTHOR, REVIEWER, one_file_series, reply, shown

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "drivers/misc/qrx.c"
BASE = "int qrx_count;\n"
NEW = BASE + "static int qrx_limit = 4;\n"


def test_a_reply_under_a_cut_subject_reviews_the_patch_of_its_number(tmp_path):
    tree = tmp_path / "tree"
    message = (f"misc: qrx: add a limit for the number of outstanding requests of the controller\n\n"
               f"Add it.\n\nSigned-off-by: {AUTHOR[0]} <{AUTHOR[1]}>")
    mails, ids, _ = one_file_series(tree, PATH, BASE, [(NEW, message, "2025-03-09T10:00:00+00:00")], AUTHOR, "qrx")
    assert "outstanding\n requests" in mails       # git folded the subject header
    review = reply("r1@example.se", ids[0], "[PATCH v2] misc: qrx: add a limit for the number of outstanding",
                   REVIEWER, AUTHOR, f"On Sun, Mar 09, {AUTHOR[0]} wrote:\n> +static int qrx_limit = 4;\n\n"
                   "s/qrx_limit/qrx_max_pending/\n\nTomas", "Mon, 10 Mar 2025 12:00:00 +0000")
    result = run_respin(RespinRequest(tree=tree, out=tmp_path / "out",
                                      threads=[ThreadInput("t.mbox", (mails + "\n" + review).encode())],
                                      checkpatch=False))
    assert [(p.number, p.changed) for p in result.patches] == [(1, True)]
    assert [s.status for s in result.suggestions] == [Status.APPLIED]
    assert shown(tree, result.branch, PATH) == BASE + "static int qrx_max_pending = 4;\n"
