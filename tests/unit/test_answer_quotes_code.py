"""The author's answer quotes the reviewer's comment together with the code it was about, in one block
("> > +\tcode" lines, then "> comment"), below or above the answer: the answer is the answer to that
comment, not a comment of its own."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Response, Status
from tests.unit.test_drop_patch import AUTHOR, PATCH2, PATH, REVIEWER, _git, _reply, _run, _series

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

THIRD = PATCH2.replace("static void qrx7_remove(struct platform_device *pdev)\n{\n}\n",
                       "static void qrx7_remove(struct platform_device *pdev)\n{\n"
                       "\tdev_info(&pdev->dev, \"going away\\n\");\n\tplatform_set_drvdata(pdev, NULL);\n}\n")
LINE = "+\tdev_info(&pdev->dev, \"going away\\n\");"
COMMENTS = ["Please drop this print, nobody needs it.", "Drop this."]
REVIEWER_WROTE = f"On Mon, Apr 07, {REVIEWER[0]} wrote:\n"
WROTE = f"{REVIEWER_WROTE}> On Wed, Apr 02, {AUTHOR[0]} wrote:\n"


@pytest.mark.parametrize("comment", COMMENTS)
@pytest.mark.parametrize("answer", [
    # below the quote, with an empty quoted line between code and comment
    f"> > {LINE}\n> {{comment}}\n> \nWill do.",
    f"Will do.\n\n> > {LINE}\n> {{comment}}\n",
    f"{WROTE}> > {LINE}\n> \n> {{comment}}\n\nWill do, it goes in v3.",
    # below, no empty line, the code quoted with ">>"
    f"{WROTE}>> {LINE}\n> {{comment}}\n\nRight, dropped.",
    # above the whole quote (top-posted)
    f"Sure, I'll drop it.\n\n{WROTE}> > {LINE}\n> \n> {{comment}}\n>\n> {REVIEWER[0].split()[0]}",
    f"{WROTE}> > {LINE}\n> \n> {{comment}}\n> \nWill do.",
    f"> > {LINE}\n> > \n> {{comment}}\n\nWill do.",
    f"Will do.\n\n{WROTE}> > {LINE}\n> \n> {{comment}}\n",
    f"{WROTE}> > {LINE}\n> \n> {{comment}}\n> \n> Piet\n\nWill do.",
    f"{WROTE}> > {LINE}\n> {{comment}}\n\nOk, will drop it in v3.",
    f"{WROTE}> > +\tplatform_set_drvdata(pdev, NULL);\n> > {LINE}\n> \n> {{comment}}\n\nWill do.",
])
def test_the_answer_attaches_to_the_comment(tmp_path, answer, comment):
    _check(tmp_path, f"On Wed, Apr 02, {AUTHOR[0]} wrote:\n> {LINE}\n\n{comment}\n\nPiet",
           answer.format(comment=comment))


@pytest.mark.parametrize("answer", [
    f"Will do, thanks.\n\n{REVIEWER_WROTE}> Hi Marta,\n> \n> > {LINE}\n> \n> Drop this.\n> \n> Piet",
    f"Sure, it goes.\n\n{REVIEWER_WROTE}> Hello Marta!\n>\n> > {LINE}\n> Drop this.\n",
])
def test_a_quoted_greeting_is_no_other_comment(tmp_path, answer):
    # the reviewer greeted the author above the code: the answer above the whole quote is to the comment
    _check(tmp_path, f"Hi Marta,\n\nOn Wed, Apr 02, {AUTHOR[0]} wrote:\n> {LINE}\n\nDrop this.\n\nPiet", answer)


def _check(tmp_path, body, answer):
    tree, mbox = _series(tmp_path, "Looks fine.", third=THIRD)
    text = mbox.decode()
    ids = [ln.split("<")[1].rstrip(">") for ln in text.splitlines() if ln.lower().startswith("message-id:")]
    subject = [ln for ln in text.splitlines() if ln.startswith("Subject: ")][3][len("Subject: "):]
    text += "\n" + _reply("r3@example.nl", ids[3], subject, REVIEWER, body, "Mon, 07 Apr 2025 12:00:00 +0000")
    text += "\n" + _reply("a3@example.se", "r3@example.nl", subject, AUTHOR, answer + "\n\nMarta",
                          "Tue, 08 Apr 2025 09:00:00 +0000")
    result = _run(tmp_path, tree, text.encode())
    assert [(s.kind, s.status, s.response) for s in result.suggestions] == [
        ("remove-statements", Status.APPLIED, Response.ACCEPTED)], \
        [(s.comment, s.response, s.status, s.reason) for s in result.suggestions]
    assert '"going away' not in _git(tree, "show", f"{result.branch}:{PATH}")
