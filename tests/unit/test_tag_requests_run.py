"""A reviewer asks for a Fixes: tag (writing the commit out) and for Cc: stable: the next version's
commit message carries both, in the kernel's order, the Fixes: line as the tree knows the commit, and
the changelog credits the reviewer."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.test_drop_patch import AUTHOR, BASE, PATCH1, PATH, REVIEWER, _git, _reply, _run, _series

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")


def _asking(tmp_path, body: str):
    """The series, with the reviewer's BODY on patch 1 ("{base}": the sha of the commit it sits on)."""
    tree, mbox = _series(tmp_path, "Looks fine.")
    text = mbox.decode()
    body = body.replace("{base}", _git(tree, "rev-parse", "master").strip())
    ids = [ln.split("<")[1].rstrip(">") for ln in text.splitlines() if ln.lower().startswith("message-id:")]
    subject = [ln for ln in text.splitlines() if ln.startswith("Subject: ")][1][len("Subject: "):]
    reply = _reply("t1@example.nl", ids[1], subject, REVIEWER,
                   f"On Wed, Apr 02, {AUTHOR[0]} wrote:\n> Why it matters.\n\n{body}\n\nPiet",
                   "Tue, 08 Apr 2025 10:00:00 +0000")
    return tree, (text + "\n" + reply).encode()


def test_fixes_and_stable_are_added(tmp_path):
    tree, mbox = _asking(tmp_path, 'Please add a Fixes tag:\n\nFixes: {base} ("misc: add the qrx7 driver")\n\n'
                                   "And Cc stable, the leak is user visible.")
    base = _git(tree, "rev-parse", "master").strip()
    result = _run(tmp_path, tree, mbox)
    tags = [(s.status, s.trailer, s.reason) for s in result.suggestions if s.kind == "trailer"]
    assert tags == [(Status.APPLIED, f'Fixes: {base[:12]} ("misc: add the qrx7 driver")', ""),
                    (Status.APPLIED, "Cc: stable@vger.kernel.org", "")]
    message = _git(tree, "log", "-1", "--format=%B", f"{result.branch}~2")
    assert message.endswith(f'Why it matters.\n\nFixes: {base[:12]} ("misc: add the qrx7 driver")\n'
                            f"Cc: stable@vger.kernel.org\nSigned-off-by: {AUTHOR[0]} <{AUTHOR[1]}>\n\n")
    mail = (tmp_path / "out" / "v3-0001-misc-qrx7-clear-the-driver-data-at-probe.patch").read_text()
    assert "Changes in v3:\n- Add a Fixes: tag (Piet)\n- Cc stable (Piet)\n" in mail


def test_a_fixes_line_naming_another_subject_is_manual(tmp_path):
    tree, mbox = _asking(tmp_path, 'Missing Fixes: {base} ("misc: qrx7: add the driver")')
    base = _git(tree, "rev-parse", "master").strip()
    result = _run(tmp_path, tree, mbox)
    assert [(s.status, s.reason) for s in result.suggestions if s.kind == "trailer"] == [
        (Status.MANUAL, f'commit {base[:12]} of the tree is "misc: add the qrx7 driver", not '
                        '"misc: qrx7: add the driver": check the Fixes: tag and add it by hand')]
    assert "Fixes:" not in _git(tree, "log", "--format=%B", f"master..{result.branch}")


def _one_patch(tmp_path, trailer: str, comment: str, maintainers: str = ""):
    """A one-patch v1 whose message carries TRAILER, and a reply quoting it with COMMENT; the tree has
    MAINTAINERS when given."""
    tree = tmp_path / "tree"
    tree.mkdir()
    _git(tree, "init", "-q", "-b", "master")
    (tree / PATH).parent.mkdir(parents=True)
    (tree / PATH).write_text(BASE)
    if maintainers:
        (tree / "MAINTAINERS").write_text(maintainers)
    _git(tree, "add", ".")
    _git(tree, "commit", "-q", "-m", "misc: add the qrx7 driver")
    (tree / PATH).write_text(PATCH1)
    _git(tree, "commit", "-q", "-a", "-m", f"misc: qrx7: clear the driver data at probe\n\nA stale pointer "
         f"survived a failed probe.\n\n{trailer}\nSigned-off-by: {AUTHOR[0]} <{AUTHOR[1]}>")
    mail = _git(tree, "format-patch", "--stdout", "-1", "--no-signature", "--thread")
    msgid = next(ln for ln in mail.splitlines() if ln.lower().startswith("message-id:")).split("<")[1].rstrip(">")
    reply = _reply("s1@example.nl", msgid, "[PATCH] misc: qrx7: clear the driver data at probe", REVIEWER,
                   f"On Wed, Apr 02, {AUTHOR[0]} wrote:\n> {trailer}\n\n{comment}\n\nPiet",
                   "Tue, 08 Apr 2025 10:00:00 +0000")
    return tree, (mail + "\n" + reply).encode()


def test_a_combined_tag_is_split_when_asked(tmp_path):
    tree, mbox = _one_patch(tmp_path, "Reported-and-tested-by: Ola Nordmann <ola@example.no>",
                            "Please separate this into two tags, checkpatch warns about the combined one.")
    result = _run(tmp_path, tree, mbox)
    assert [(s.kind, s.status) for s in result.suggestions] == [("split-tag", Status.APPLIED)]
    message = _git(tree, "log", "-1", "--format=%B", result.branch)
    assert message.endswith("Reported-by: Ola Nordmann <ola@example.no>\nTested-by: Ola Nordmann <ola@example.no>\n"
                            f"Signed-off-by: {AUTHOR[0]} <{AUTHOR[1]}>\n\n")
    mail = (tmp_path / "out" / "v2-0001-misc-qrx7-clear-the-driver-data-at-probe.patch").read_text()
    assert "Changes in v2:\n- Split Reported-and-tested-by into Reported-by and Tested-by (Piet)\n\n" in mail


MAINTAINERS = """\
QRX7 SENSOR DRIVER
M:\tMarta Lindqvist <marta.lindqvist@example.se>
S:\tMaintained
F:\tdrivers/misc/qrx7.c

PLATFORM DEVICE CORE
M:\tAnna Berg <anna@example.org>
R:\tJon Doe <jon@example.org>
S:\tSupported
"""


def test_the_maintainers_asked_for_are_copied(tmp_path):
    tree, mbox = _one_patch(tmp_path, "Cc: Ola Nordmann <ola@example.no>",
                            'Please Cc also the "platform device core" folks on the next version.', MAINTAINERS)
    result = _run(tmp_path, tree, mbox)
    assert [(s.kind, s.status) for s in result.suggestions] == [("cc-request", Status.APPLIED)]
    message = _git(tree, "log", "-1", "--format=%B", result.branch)
    assert message.endswith("Cc: Ola Nordmann <ola@example.no>\nCc: Anna Berg <anna@example.org>\n"
                            f"Cc: Jon Doe <jon@example.org>\nSigned-off-by: {AUTHOR[0]} <{AUTHOR[1]}>\n\n")
    mail = (tmp_path / "out" / "v2-0001-misc-qrx7-clear-the-driver-data-at-probe.patch").read_text()
    assert 'Changes in v2:\n- Cc the "platform device core" folks (Piet)\n\n' in mail


def test_a_sed_under_the_quoted_message_line_edits_the_message(tmp_path):
    tree, mbox = _one_patch(tmp_path, "Cc: Ola Nordmann <ola@example.no>", "")
    text = mbox.decode().replace("> Cc: Ola Nordmann <ola@example.no>\n\n\n",
                                 "> A stale pointer survived a failed probe.\n\ns/survived/outlived/\n\n"
                                 "Nit: drop the full stop.\n")
    result = _run(tmp_path, tree, text.encode())
    assert [(s.kind, s.status) for s in result.suggestions] == [("message-edit", Status.APPLIED)] * 2
    message = _git(tree, "log", "-1", "--format=%B", result.branch)
    assert "\n\nA stale pointer outlived a failed probe\n\n" in message
    mail = (tmp_path / "out" / "v2-0001-misc-qrx7-clear-the-driver-data-at-probe.patch").read_text()
    assert ('Changes in v2:\n- Fix the commit message wording ("survived" -> "outlived") (Piet)\n'
            "- Drop the full stop in the commit message (Piet)\n") in mail


def test_the_subject_prefix_asked_for_replaces_the_patch_own(tmp_path):
    tree, mbox = _one_patch(tmp_path, "Cc: Ola Nordmann <ola@example.no>",
                            "The subject prefix for this driver should be 'misc: (qrx7)', see git log.")
    result = _run(tmp_path, tree, mbox)
    assert [(s.kind, s.status) for s in result.suggestions] == [("message-edit", Status.APPLIED)]
    assert _git(tree, "log", "-1", "--format=%s", result.branch) == "misc: (qrx7) clear the driver data at probe\n"
    mail = (tmp_path / "out" / "v2-0001-misc-qrx7-clear-the-driver-data-at-probe.patch").read_text()
    assert "Subject: [PATCH v2] misc: (qrx7) clear the driver data at probe\n" in mail
    assert 'Changes in v2:\n- Use the subject prefix "misc: (qrx7)" (Piet)\n' in mail


def test_a_subject_prefix_the_patch_has_already_is_no_edit_made(tmp_path):
    """The prefix named is the patch's own ("is ... already"): what the comment asks besides is not done,
    so the request is the author's, never applied with the message unchanged."""
    tree, mbox = _one_patch(tmp_path, "Cc: Ola Nordmann <ola@example.no>",
                            "The subject prefix for this driver is 'misc: qrx7:' already, but please use the "
                            "imperative: 'Clear the driver data'.")
    result = _run(tmp_path, tree, mbox)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("message-edit", Status.MANUAL, 'the commit message already reads as the edit read in the comment would make '
                                        'it (Use the subject prefix "misc: qrx7:"): what is asked is for the author')]
    assert _git(tree, "log", "-1", "--format=%s", result.branch) == "misc: qrx7: clear the driver data at probe\n"


def test_a_tag_asked_on_the_cover_letter_of_several_patches_is_left_to_the_author(tmp_path):
    # which of the three patches fixes the bug is not said: no patch gets the tags
    tree, mbox = _series(tmp_path, "Looks fine.")
    text = mbox.decode()
    base = _git(tree, "rev-parse", "master").strip()
    ids = [ln.split("<")[1].rstrip(">") for ln in text.splitlines() if ln.lower().startswith("message-id:")]
    subject = [ln for ln in text.splitlines() if ln.startswith("Subject: ")][0][len("Subject: "):]
    reply = _reply("c0@example.nl", ids[0], subject, REVIEWER,
                   f'On Wed, Apr 02, {AUTHOR[0]} wrote:\n> Small things.\n\nPlease add\n\nFixes: {base} '
                   '("misc: add the qrx7 driver")\n\nand Cc stable, the leak is user visible.\n\nPiet',
                   "Tue, 08 Apr 2025 10:00:00 +0000")
    result = _run(tmp_path, tree, (text + "\n" + reply).encode())
    tags = [(s.patch, s.status, s.reason) for s in result.suggestions if s.kind == "trailer"]
    why = "asked on the cover letter of a 3-patch series: add it to the patches it is for by hand"
    assert tags and all(t == (0, Status.MANUAL, why) for t in tags)
    log = _git(tree, "log", "--format=%B", f"master..{result.branch}")
    assert "Fixes:" not in log and "stable@" not in log


def test_a_tag_another_reviewer_answered_is_left_to_the_author(tmp_path):
    asked = "Please Cc stable, users hit this."
    tree, mbox = _series(tmp_path, asked)
    text = mbox.decode()
    subject = [ln for ln in text.splitlines() if ln.startswith("Subject: ")][2][len("Subject: "):]
    text += "\n" + _reply("b2@example.no", "r2@example.nl", subject, ("Ola Berg", "ola.berg@example.no"),
                          f"On Mon, Apr 07, Piet de Wolf wrote:\n> {asked}\n\n"
                          "No, this is no stable material, it only adds a debug print.\n\nOla",
                          "Mon, 07 Apr 2025 13:00:00 +0000")
    result = _run(tmp_path, tree, text.encode())
    assert [(s.status, s.reason) for s in result.suggestions if s.kind == "trailer"] == [
        (Status.MANUAL, "another reviewer answered this request: decide by hand")]
    assert "stable@" not in _git(tree, "log", "--format=%B", f"master..{result.branch}")


def test_a_fixes_tag_asked_where_the_message_has_another_is_left_to_the_author(tmp_path):
    had = 'Fixes: 0123456789ab ("misc: add qrx7")'
    tree, mbox = _one_patch(tmp_path, had, 'The Fixes tag should be:\n\nFixes: {base} ("misc: add the qrx7 driver")')
    base = _git(tree, "rev-parse", "HEAD~1").strip()
    result = _run(tmp_path, tree, mbox.replace(b"{base}", base.encode()))
    assert [(s.status, s.reason) for s in result.suggestions if s.kind == "trailer"] == [
        (Status.MANUAL, f'the commit message has "{had}" already: change it by hand')]
    assert _git(tree, "log", "-1", "--format=%B", result.branch).count("Fixes:") == 1
