"""A reviewer asks to drop a whole patch ("This patch isn't needed ..."): the next version leaves it out,
the later patches carried across and renumbered, the cover letter's changelog says which patch went and
for whom; unless the author declines, it is only a question, or a later patch builds on it (then the
author is told, and the series is sent whole)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.respin import RespinRequest, ThreadInput, run_respin
from patches.model import Status
from tests.unit import mailseries

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

PATH = "drivers/misc/qrx7.c"
AUTHOR = ("Marta Lindqvist", "marta.lindqvist@example.se")
REVIEWER = ("Piet de Wolf", "piet.dewolf@example.nl")

BASE = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/device.h>
#include <linux/platform_device.h>

static int qrx7_probe(struct platform_device *pdev)
{
\tstruct device *dev = &pdev->dev;

\tdev_info(dev, "ready\\n");
\treturn 0;
}

static void qrx7_remove(struct platform_device *pdev)
{
}
"""

PATCH1 = BASE.replace("\treturn 0;\n}\n", "\tplatform_set_drvdata(pdev, NULL);\n\treturn 0;\n}\n", 1)
PATCH2 = PATCH1.replace('\tdev_info(dev, "ready\\n");\n',
                        '\tdev_info(dev, "ready\\n");\n\tdev_dbg(dev, "id %d\\n", pdev->id);\n')
PATCH3 = PATCH2.replace("static void qrx7_remove(struct platform_device *pdev)\n{\n}\n",
                        "static void qrx7_remove(struct platform_device *pdev)\n{\n"
                        "\tdev_info(&pdev->dev, \"gone\\n\");\n}\n")
# a third patch that rewrites the line patch 2 adds: it cannot go without patch 2
WITHOUT_2 = PATCH3.replace('\tdev_dbg(dev, "id %d\\n", pdev->id);\n', "")
# a second patch that adds a helper, and a third that calls it in another function: the third applies
# without the second, but does not build
PATCH2_HELPER = PATCH1.replace("static int qrx7_probe(", "static int qrx7_id(struct platform_device *pdev)\n{\n"
                               "\treturn pdev->id;\n}\n\nstatic int qrx7_probe(", 1)
PATCH3_CALLS_2 = PATCH2_HELPER.replace("static void qrx7_remove(struct platform_device *pdev)\n{\n}\n",
                                       "static void qrx7_remove(struct platform_device *pdev)\n{\n"
                                       "\tdev_info(&pdev->dev, \"gone %d\\n\", qrx7_id(pdev));\n}\n")
PATCH3_ON_2 = PATCH2.replace('\tdev_dbg(dev, "id %d\\n", pdev->id);\n', '\tdev_dbg(dev, "id %#x\\n", pdev->id);\n')


def _git(tree: Path, *args: str, date: str = "2025-04-02T10:00:00+00:00") -> str:
    return mailseries.git(tree, *args, who=AUTHOR, date=date)


def _commit(tree: Path, text: str, subject: str, date: str) -> None:
    (tree / PATH).write_text(text)
    _git(tree, "add", PATH)
    _git(tree, "commit", "-q", "-m", f"{subject}\n\nWhy it matters.\n\nSigned-off-by: {AUTHOR[0]} <{AUTHOR[1]}>",
         date=date)


def _reply(msgid: str, parent: str, subject: str, who: tuple[str, str], body: str, date: str) -> str:
    return mailseries.reply(msgid, parent, subject, who, AUTHOR, body, date)


SUBJECTS = ["misc: qrx7: clear the driver data at probe", "misc: qrx7: print the device id",
            "misc: qrx7: say when the device goes"]


def _series(tmp_path: Path, comment: str, answer: str = "", third: str = PATCH3,
            second: str = PATCH2) -> tuple[Path, bytes]:
    """A three-patch v2 with a cover letter; the reviewer answers patch 2 with COMMENT under its
    message, the author (when ANSWER) answers that."""
    tree = tmp_path / "tree"
    tree.mkdir()
    _git(tree, "init", "-q", "-b", "master")
    (tree / PATH).parent.mkdir(parents=True)
    _commit(tree, BASE, "misc: add the qrx7 driver", "2025-04-01T10:00:00+00:00")
    _git(tree, "checkout", "-q", "-b", "qrx7")
    for i, (text, subject) in enumerate(zip((PATCH1, second, third), SUBJECTS, strict=True)):
        _commit(tree, text, subject, f"2025-04-02T10:0{i}:00+00:00")
    mails = _git(tree, "format-patch", "--stdout", "-3", "--subject-prefix=PATCH v2", "--thread=shallow",
                 "--no-signature", "--cover-letter")
    ids, subjects = [], []
    for line in mails.splitlines():
        if line.lower().startswith("message-id:"):
            ids.append(line.split("<", 1)[1].rstrip(">"))
        if line.startswith("Subject: "):
            subjects.append(line[len("Subject: "):])
    mails = mails.replace("*** SUBJECT HERE ***", "qrx7 cleanups").replace("*** BLURB HERE ***", "Small things.")
    review = _reply("r2@example.nl", ids[2], subjects[2], REVIEWER,
                    f"On Wed, Apr 02, Marta Lindqvist wrote:\n> {SUBJECTS[1]}\n>\n> Why it matters.\n\n{comment}\n\n"
                    "Piet", "Mon, 07 Apr 2025 12:00:00 +0000")
    text = mails + "\n" + review
    if answer:
        text += "\n" + _reply("a2@example.se", "r2@example.nl", subjects[2], AUTHOR,
                              f"On Mon, Apr 07, Piet de Wolf wrote:\n> {comment}\n\n{answer}\n\nMarta",
                              "Tue, 08 Apr 2025 09:00:00 +0000")
    return tree, text.encode()


def _run(tmp_path: Path, tree: Path, mbox: bytes):
    return run_respin(RespinRequest(tree=tree, out=tmp_path / "out", threads=[ThreadInput("t.mbox", mbox)],
                                    checkpatch=False))


def _mails(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "out").glob("v3-*.patch"))


@pytest.mark.parametrize("comment", [
    "This patch isn't needed, the core already prints the id at probe.",
    "I don't think we need this commit. Please drop it.",
    "Please drop this patch, that kind of churn is not worth it.",     # the patch is what is not worth it
])
def test_the_patch_is_left_out_and_the_rest_renumbered(tmp_path, comment):
    tree, mbox = _series(tmp_path, comment)
    before = _git(tree, "for-each-ref", "--format=%(refname) %(objectname)")
    result = _run(tmp_path, tree, mbox)
    assert [(s.id, s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("2.1", "drop-patch", Status.APPLIED, "")]
    assert _mails(tmp_path) == ["v3-0000-cover-letter.patch",
                                "v3-0001-misc-qrx7-clear-the-driver-data-at-probe.patch",
                                "v3-0002-misc-qrx7-say-when-the-device-goes.patch"]
    cover = (tmp_path / "out" / "v3-0000-cover-letter.patch").read_text()
    assert "Subject: [PATCH v3 0/2] qrx7 cleanups" in cover
    assert f'- Drop patch 2/3 ("{SUBJECTS[1]}") (Piet)\n' in cover
    last = (tmp_path / "out" / "v3-0002-misc-qrx7-say-when-the-device-goes.patch").read_text()
    assert f"Subject: [PATCH v3 2/2] {SUBJECTS[2]}" in last
    # patches 1 and 3, patch 3's diff carried onto patch 1 unchanged
    assert _git(tree, "show", f"{result.branch}:{PATH}") == WITHOUT_2
    assert _git(tree, "log", "--format=%s", f"master..{result.branch}").splitlines() == [SUBJECTS[2], SUBJECTS[0]]
    assert _git(tree, "show", "--format=", f"{result.branch}~1") == _git(tree, "show", "--format=", "qrx7~2")
    after = _git(tree, "for-each-ref", "--format=%(refname) %(objectname)")
    assert sorted(set(after.splitlines()) - set(before.splitlines())) == [
        f"refs/heads/{result.branch} {_git(tree, 'rev-parse', result.branch).strip()}"]


def test_the_author_declining_keeps_the_patch(tmp_path):
    tree, mbox = _series(tmp_path, "Please drop this patch, nobody reads the id.",
                         answer="No, I'd rather keep it: the id is what tells two boards apart in the log.")
    result = _run(tmp_path, tree, mbox)
    assert [(s.kind, s.status) for s in result.suggestions] == [("drop-patch", Status.SKIPPED)]
    assert len(_mails(tmp_path)) == 4
    assert _git(tree, "show", f"{result.branch}:{PATH}") == PATCH3


@pytest.mark.parametrize("comment, reason", [
    ("Do we need this patch at all?", "a question whether the patch is needed: drop it by hand if you agree"),
    ("Once the core prints the id, this patch can be dropped.",
     "asked on a condition: drop the patch by hand when it holds"),
    ("This patch is not needed for stable.", None),
])
def test_a_question_or_a_condition_is_left_to_the_author(tmp_path, comment, reason):
    tree, mbox = _series(tmp_path, comment)
    result = _run(tmp_path, tree, mbox)
    assert len(_mails(tmp_path)) == 4
    if reason is None:
        assert all(s.kind != "drop-patch" for s in result.suggestions)
    else:
        assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [("drop-patch", Status.MANUAL, reason)]


def test_a_later_patch_that_builds_on_it_keeps_it(tmp_path):
    tree, mbox = _series(tmp_path, "This patch can be dropped.", third=PATCH3_ON_2)
    result = _run(tmp_path, tree, mbox)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("drop-patch", Status.MANUAL,
         f"patch 3/3 does not apply without patch 2/3 (conflict in {PATH}): drop it by hand")]
    assert len(_mails(tmp_path)) == 4
    assert _git(tree, "show", f"{result.branch}:{PATH}") == PATCH3_ON_2
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["suggestions"][0]["status"] == "manual"


def test_a_later_patch_that_calls_what_it_adds_keeps_it(tmp_path):
    tree, mbox = _series(tmp_path, "This patch can be dropped.", second=PATCH2_HELPER, third=PATCH3_CALLS_2)
    result = _run(tmp_path, tree, mbox)
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [
        ("drop-patch", Status.MANUAL,
         "patch 3/3 would not build without patch 2/3: it uses qrx7_id, which the patches asked to drop define; "
         "drop it by hand")]
    assert len(_mails(tmp_path)) == 4
    assert _git(tree, "show", f"{result.branch}:{PATH}") == PATCH3_CALLS_2


def _emptied(tmp_path: Path) -> tuple[Path, bytes]:
    """The reviewer asks to drop the one line patch 2 adds: nothing is left of it."""
    tree, mbox = _series(tmp_path, "")
    text = mbox.decode()
    at = text.index("From piet.dewolf@example.nl")
    head = text[:at]
    subject = [ln for ln in head.splitlines() if ln.startswith("Subject: ")][2][len("Subject: "):]
    parent = [ln for ln in head.splitlines() if ln.lower().startswith("message-id:")][2].split("<")[1].rstrip(">")
    return tree, (head + _reply("r2@example.nl", parent, subject, REVIEWER,
                                "On Wed, Apr 02, Marta Lindqvist wrote:\n> +\tdev_dbg(dev, \"id %d\\n\", pdev->id);\n\n"
                                "Please drop this.\n\nPiet",
                                "Mon, 07 Apr 2025 12:00:00 +0000")).encode()


def test_a_patch_the_edits_empty_is_left_out(tmp_path):
    tree, mbox = _emptied(tmp_path)
    result = _run(tmp_path, tree, mbox)
    assert [(s.id, s.status, s.reason) for s in result.suggestions] == [
        ("2.1", Status.APPLIED, "patch 2/3 changes nothing after the edits: left out of the series")]
    assert len(_mails(tmp_path)) == 3
    cover = (tmp_path / "out" / "v3-0000-cover-letter.patch").read_text()
    assert f'- Drop patch 2/3 ("{SUBJECTS[1]}"): nothing is left of it after the edits\n' in cover
    assert _git(tree, "show", f"{result.branch}:{PATH}") == WITHOUT_2


@pytest.mark.parametrize("answer", [
    "I disagree, the core only does that for boards with firmware ids.",
    "Yes, but only once the core fix lands.",          # an agreement on a condition
])
def test_another_reviewer_answering_the_drop_keeps_the_patch(tmp_path, answer):
    comment = "This patch isn't needed, the core already prints the id."
    tree, mbox = _series(tmp_path, comment)
    text = mbox.decode()
    subject = [ln for ln in text.splitlines() if ln.startswith("Subject: ")][2][len("Subject: "):]
    other = ("Ola Berg", "ola.berg@example.no")
    text += "\n" + _reply("b2@example.no", "r2@example.nl", subject, other,
                          f"On Mon, Apr 07, Piet de Wolf wrote:\n> {comment}\n\n"
                          f"{answer}\n\nOla",
                          "Mon, 07 Apr 2025 13:00:00 +0000")
    result = _run(tmp_path, tree, text.encode())
    assert [(s.kind, s.status, s.reason) for s in result.suggestions if s.kind == "drop-patch"] == [
        ("drop-patch", Status.MANUAL, "another reviewer answered this request: decide by hand")]
    assert len(_mails(tmp_path)) == 4
    assert _git(tree, "show", f"{result.branch}:{PATH}") == PATCH3


def test_a_dropped_patch_with_edits_in_a_series_of_four(tmp_path):
    """Patch 3 of 4 is dropped from the cover letter and has an edit of its own asked; patch 4 touches
    another file: the edit is skipped with the patch, patch 4 becomes 3/3, the report maps it."""
    tree = tmp_path / "tree"
    tree.mkdir()
    _git(tree, "init", "-q", "-b", "master")
    (tree / PATH).parent.mkdir(parents=True)
    (tree / "drivers/misc/Kconfig").write_text('config QRX7\n\ttristate "QRX7"\n')
    _git(tree, "add", "drivers/misc/Kconfig")
    _commit(tree, BASE, "misc: add the qrx7 driver", "2025-04-01T10:00:00+00:00")
    _git(tree, "checkout", "-q", "-b", "qrx7")
    for i, (text, subject) in enumerate(zip((PATCH1, PATCH2, PATCH3), SUBJECTS, strict=True)):
        _commit(tree, text, subject, f"2025-04-02T10:0{i}:00+00:00")
    (tree / "drivers/misc/Kconfig").write_text('config QRX7\n\ttristate "QRX7"\n\tdepends on OF\n')
    _git(tree, "commit", "-q", "-a", "-m", f"misc: qrx7: depend on OF\n\nIt reads the node.\n\n"
                                          f"Signed-off-by: {AUTHOR[0]} <{AUTHOR[1]}>", date="2025-04-02T10:05:00+00:00")
    mails = _git(tree, "format-patch", "--stdout", "-4", "--subject-prefix=PATCH v2", "--thread=shallow",
                 "--no-signature", "--cover-letter")
    ids = [ln.split("<", 1)[1].rstrip(">") for ln in mails.splitlines() if ln.lower().startswith("message-id:")]
    subjects = [ln[len("Subject: "):] for ln in mails.splitlines() if ln.startswith("Subject: ")]
    mails = mails.replace("*** SUBJECT HERE ***", "qrx7 cleanups").replace("*** BLURB HERE ***", "Small things.")
    text = mails + "\n" + _reply("r3@example.nl", ids[3], subjects[3], REVIEWER,
                                 "On Wed, Apr 02, Marta wrote:\n> +\tdev_info(&pdev->dev, \"gone\\n\");\n\n"
                                 "Please use dev_dbg() here.\n\nPiet", "Mon, 07 Apr 2025 12:00:00 +0000")
    text += "\n" + _reply("r0@example.nl", ids[0], subjects[0], REVIEWER,
                          "On Wed, Apr 02, Marta wrote:\n> Small things.\n\nPatch 3 can be dropped, the core "
                          "already logs the removal.\n\nPiet", "Mon, 07 Apr 2025 12:05:00 +0000")
    result = _run(tmp_path, tree, text.encode())
    assert [(s.patch, s.kind, s.status, s.reason) for s in result.suggestions] == [
        (3, "rename-call", Status.SKIPPED, "patch 3/4 is dropped from the series, as asked"),
        (3, "drop-patch", Status.APPLIED, "")]
    assert _mails(tmp_path) == ["v3-0000-cover-letter.patch",
                                "v3-0001-misc-qrx7-clear-the-driver-data-at-probe.patch",
                                "v3-0002-misc-qrx7-print-the-device-id.patch",
                                "v3-0003-misc-qrx7-depend-on-OF.patch"]
    cover = (tmp_path / "out" / "v3-0000-cover-letter.patch").read_text()
    assert "Subject: [PATCH v3 0/3] qrx7 cleanups" in cover
    assert f'Changes in v3:\n- Drop patch 3/4 ("{SUBJECTS[2]}") (Piet)\n' in cover
    assert "Subject: [PATCH v3 3/3] misc: qrx7: depend on OF" in \
        (tmp_path / "out" / "v3-0003-misc-qrx7-depend-on-OF.patch").read_text()
    assert _git(tree, "show", f"{result.branch}:{PATH}") == PATCH2
    assert "depends on OF" in _git(tree, "show", f"{result.branch}:drivers/misc/Kconfig")
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert [(p["number"], p["file"]) for p in report["patches"]] == [
        (1, "v3-0001-misc-qrx7-clear-the-driver-data-at-probe.patch"),
        (2, "v3-0002-misc-qrx7-print-the-device-id.patch"), (4, "v3-0003-misc-qrx7-depend-on-OF.patch")]
