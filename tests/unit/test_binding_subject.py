"""A binding reviewer's nit on the subject ('subject: drop second/last, redundant "bindings"') under the
quoted commit message: the next version's subject no longer says the word, and the changelog says so."""
from __future__ import annotations

import shutil

import pytest

from app.respin import RespinRequest, ThreadInput, run_respin
from patches.model import Status
from tests.unit.mailseries import AUTHOR, REVIEWER, git, one_file_series, reply

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "Documentation/devicetree/bindings/iio/light/acme,qx200.yaml"
BASE = "# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)\n"
NEW = BASE + "%YAML 1.2\n---\ntitle: Acme QX200 light sensor\n"


def _respin(tmp_path, comment: str):
    tree = tmp_path / "tree"
    message = (f"dt-bindings: iio: light: add bindings for Acme QX200\n\nDocument the Acme QX200 light sensor.\n\n"
               f"Signed-off-by: {AUTHOR[0]} <{AUTHOR[1]}>")
    mails, ids, subjects = one_file_series(tree, PATH, BASE, [(NEW, message, "2025-03-09T10:00:00+00:00")],
                                           AUTHOR, "qx200")
    body = (f"On Sun, Mar 09, {AUTHOR[0]} wrote:\n> Document the Acme QX200 light sensor.\n>\n"
            f"> Signed-off-by: {AUTHOR[0]} <{AUTHOR[1]}>\n\n{comment}\n\nTomas")
    review = reply("r1@example.se", ids[0], subjects[0], REVIEWER, AUTHOR, body, "Mon, 10 Mar 2025 12:00:00 +0000")
    result = run_respin(RespinRequest(tree=tree, out=tmp_path / "out",
                                      threads=[ThreadInput("t.mbox", (mails + "\n" + review).encode())],
                                      checkpatch=False))
    return tree, result


def test_the_redundant_word_leaves_the_subject(tmp_path):
    tree, result = _respin(tmp_path, 'A nit, subject: drop second/last, redundant "bindings". The "dt-bindings" '
                                     "prefix is already stating that these are bindings.")
    [s] = [s for s in result.suggestions if s.kind == "message-edit"]
    assert (s.status, s.summary) == (Status.APPLIED, 'Drop "bindings" from the subject')
    subject = git(tree, "log", "-1", "--format=%s", result.branch, who=AUTHOR, date="2025-03-10T10:00:00+00:00")
    assert subject == "dt-bindings: iio: light: add Acme QX200\n"


def test_a_word_whose_dropping_leaves_the_wording_to_mend_is_left_to_the_author(tmp_path):
    tree, result = _respin(tmp_path, 'Subject: drop "Acme", the vendor is in the prefix already.')
    [s] = [s for s in result.suggestions if s.anchor.in_message]
    assert (s.status, s.reason) == (Status.MANUAL, 'dropping "Acme" leaves the subject\'s wording to mend: edit '
                                                   'it by hand')
    subject = git(tree, "log", "-1", "--format=%s", result.branch, who=AUTHOR, date="2025-03-10T10:00:00+00:00")
    assert subject == "dt-bindings: iio: light: add bindings for Acme QX200\n"
