"""Requests on a selftest's shell script: its functions read like C to the recipes, but spatch cannot
parse the file; only the text edits are made, the rest is manual saying the file is not C."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "tools/testing/selftests/net/qx_names.sh"
SRC = """\
#!/bin/bash
# SPDX-License-Identifier: GPL-2.0

qx_dup_test()
{
\tRET=0
\tlocal output

\tip link property add $DEV altname $NAME
\tcheck_fail $? "Unexpected success adding a duplicate name"

\toutput=$(ip -j -p link show $DEV)
\tlog_test "qx duplicate test"
}
"""


def test_a_written_substitution_is_a_text_edit(tmp_path):
    """Before: replace-code also took the s/old/new/ and ran spatch on the script, which failed the
    comment."""
    s = sugg(PATH, "qx_dup_test", ["+\tlog_test \"qx duplicate test\""], "s/duplicate test/duplicate name test/",
             lines=(13, 13))
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.kind, s.status) == ("replace-text", Status.APPLIED), s.reason
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == [
        "-\tlog_test \"qx duplicate test\"", "+\tlog_test \"qx duplicate name test\""]


@pytest.mark.parametrize("comment", ["output is never used, drop it.", "Please check the return code here too."])
def test_other_requests_are_manual_saying_the_file_is_not_c(tmp_path, comment):
    s = sugg(PATH, "qx_dup_test", ["+\toutput=$(ip -j -p link show $DEV)"], comment, lines=(12, 12))
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert after == SRC and s.status == Status.MANUAL
    assert s.reason.startswith(f"{PATH} is not C source"), s.reason
