"""Two quoted calls that read alike ("going" and "gone" differ only in their strings), each asked to be
renamed (the second by "Same here."): both are renamed; the second is not taken for done because the
first one was."""
from __future__ import annotations

import shutil

import pytest

from patches.model import Status
from tests.unit.test_drop_patch import AUTHOR, PATCH2, PATH, REVIEWER, _git, _reply, _run, _series

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

THIRD = PATCH2.replace("static void qrx7_remove(struct platform_device *pdev)\n{\n}\n",
                       "static void qrx7_remove(struct platform_device *pdev)\n{\n"
                       "\tdev_info(&pdev->dev, \"going\\n\");\n\tplatform_set_drvdata(pdev, NULL);\n"
                       "\tdev_info(&pdev->dev, \"gone\\n\");\n}\n")


@pytest.mark.parametrize("second", ["Same here.", "Please use dev_dbg() for this one too."])
def test_both_alike_calls_are_renamed(tmp_path, second):
    tree, mbox = _series(tmp_path, "Looks fine.", third=THIRD)
    text = mbox.decode()
    ids = [ln.split("<")[1].rstrip(">") for ln in text.splitlines() if ln.lower().startswith("message-id:")]
    subject = [ln for ln in text.splitlines() if ln.startswith("Subject: ")][3][len("Subject: "):]
    body = (f"On Wed, Apr 02, {AUTHOR[0]} wrote:\n> +\tdev_info(&pdev->dev, \"going\\n\");\n\n"
            "Please use dev_dbg() for this.\n\n> +\tplatform_set_drvdata(pdev, NULL);\n"
            f"> +\tdev_info(&pdev->dev, \"gone\\n\");\n\n{second}\n\nPiet")
    text += "\n" + _reply("r3@example.nl", ids[3], subject, REVIEWER, body, "Mon, 07 Apr 2025 12:00:00 +0000")
    result = _run(tmp_path, tree, text.encode())
    assert [(s.kind, s.status, s.reason) for s in result.suggestions] == [("rename-call", Status.APPLIED, "")] * 2
    code = _git(tree, "show", f"{result.branch}:{PATH}")
    assert '\tdev_dbg(&pdev->dev, "going\\n");\n\tplatform_set_drvdata(pdev, NULL);\n' \
           '\tdev_dbg(&pdev->dev, "gone\\n");\n' in code


def test_the_same_call_asked_twice_renames_it_alone(tmp_path):
    # two reviewers ask the same of the first line: the second request finds it done, and the alike
    # line after it stays
    tree, mbox = _series(tmp_path, "Looks fine.", third=THIRD)
    text = mbox.decode()
    ids = [ln.split("<")[1].rstrip(">") for ln in text.splitlines() if ln.lower().startswith("message-id:")]
    subject = [ln for ln in text.splitlines() if ln.startswith("Subject: ")][3][len("Subject: "):]
    for k, who in enumerate([REVIEWER, ("Ola Berg", "ola.berg@example.no")]):
        body = (f"On Wed, Apr 02, {AUTHOR[0]} wrote:\n> +\tdev_info(&pdev->dev, \"going\\n\");\n\n"
                "Please use dev_dbg() for this.\n\nThanks")
        text += "\n" + _reply(f"r3{k}@example.nl", ids[3], subject, who, body, f"Mon, 07 Apr 2025 12:0{k}:00 +0000")
    result = _run(tmp_path, tree, text.encode())
    assert [s.status for s in result.suggestions if s.kind == "rename-call"] == [Status.APPLIED] * 2
    code = _git(tree, "show", f"{result.branch}:{PATH}")
    assert '\tdev_dbg(&pdev->dev, "going\\n");\n\tplatform_set_drvdata(pdev, NULL);\n' \
           '\tdev_info(&pdev->dev, "gone\\n");\n' in code
