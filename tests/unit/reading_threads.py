"""A two-patch series of a small driver and its review mails, for the tests of how the review is read
(what the reviewer asks, takes back or leaves open, what the author answers): the whole run, with spatch."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.respin import RespinRequest, ThreadInput, run_respin
from patches.model import RespinResult
from tests.unit import mailseries

PATH = "drivers/misc/vlx3.c"
AUTHOR = ("Ines Haugen", "ines.haugen@example.no")
REVIEWER = ("Tomas Kral", "tomas.kral@example.cz")
OTHER = ("Ada Lindgren", "ada.lindgren@example.se")

BASE = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/io.h>
#include <linux/platform_device.h>

struct vlx3_priv {
\tvoid __iomem *base;
\tint irq;
};

static int vlx3_probe(struct platform_device *pdev)
{
\tstruct vlx3_priv *priv;

\tpriv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);
\tif (!priv)
\t\treturn -ENOMEM;
\tplatform_set_drvdata(pdev, priv);
\treturn 0;
}
"""
# patch 1 adds a register reader, patch 2 prints what it reads at probe
PATCH1 = BASE.replace("static int vlx3_probe", """\
static int vlx3_read_rev(struct vlx3_priv *priv)
{
\tu32 val;

\tval = readl(priv->base + 0x08);
\treturn val & 0xff;
}

static int vlx3_probe""", 1)
PATCH2 = PATCH1.replace("\tplatform_set_drvdata(pdev, priv);\n",
                        "\tplatform_set_drvdata(pdev, priv);\n"
                        "\tdev_info(&pdev->dev, \"rev %d\\n\", vlx3_read_rev(priv));\n", 1)
SUBJECTS = ["misc: vlx3: add a revision reader", "misc: vlx3: print the revision at probe"]
# the line of patch 1 the reviews below are about, quoted as a reply quotes it
READ = "> +\tval = readl(priv->base + 0x08);"
RETURN = "> +\treturn val & 0xff;"


def _git(tree: Path, *args: str, date: str = "2025-05-06T09:00:00+00:00") -> str:
    return mailseries.git(tree, *args, who=AUTHOR, date=date)


@dataclass
class Mail:
    """A reply in the thread: its Message-ID, the one it answers ("" for the patch reviewed), its sender,
    its body."""

    msgid: str
    parent: str
    sender: tuple[str, str]
    body: str


def series(tmp_path: Path, mails: list[Mail], on: int = 1, version: int = 2) -> tuple[Path, bytes]:
    """The tree (the series on branch vlx3) and the thread: the series as [PATCH vVERSION] with a cover
    letter, then MAILS, each answering patch ON or the mail it names."""
    tree = tmp_path / "tree"
    tree.mkdir()
    _git(tree, "init", "-q", "-b", "master")
    (tree / PATH).parent.mkdir(parents=True)
    commits = [(BASE, "misc: add the vlx3 driver"), *zip((PATCH1, PATCH2), SUBJECTS, strict=True)]
    for i, (text, subject) in enumerate(commits):
        if i == 1:
            _git(tree, "checkout", "-q", "-b", "vlx3")
        (tree / PATH).write_text(text)
        _git(tree, "add", PATH)
        _git(tree, "commit", "-q", "-m", f"{subject}\n\nWhy.\n\nSigned-off-by: {AUTHOR[0]} <{AUTHOR[1]}>",
             date=f"2025-05-06T09:0{i}:00+00:00")
    text = _git(tree, "format-patch", "--stdout", "-2", f"--subject-prefix=PATCH v{version}", "--thread=shallow",
                "--no-signature", "--cover-letter")
    ids = [ln.split("<", 1)[1].rstrip(">") for ln in text.splitlines() if ln.lower().startswith("message-id:")]
    subjects = [ln[len("Subject: "):] for ln in text.splitlines() if ln.startswith("Subject: ")]
    text = text.replace("*** SUBJECT HERE ***", "vlx3 revision").replace("*** BLURB HERE ***", "Two small patches.")
    for k, m in enumerate(mails):
        to = AUTHOR if m.sender != AUTHOR else REVIEWER
        text += "\n" + mailseries.reply(m.msgid, m.parent or ids[on], subjects[on], m.sender, to, m.body,
                                        f"Fri, 09 May 2025 1{k}:00:00 +0000")
    return tree, text.encode()


def review(comment: str, quote: str = READ) -> Mail:
    """The reviewer's mail on patch 1: COMMENT under QUOTE."""
    return Mail("rv1@example.cz", "", REVIEWER, f"On Tue, Ines Haugen wrote:\n{quote}\n\n{comment}\n\nTomas")


def answer(comment: str, text: str, quote: str = READ) -> Mail:
    """The author's answer TEXT under the review of COMMENT on QUOTE, quoted whole."""
    quoted = "\n".join("> " + ln for ln in comment.splitlines())
    return Mail("an1@example.no", "rv1@example.cz", AUTHOR,
                f"On Fri, Tomas Kral wrote:\n> On Tue, Ines Haugen wrote:\n>{quote}\n>\n{quoted}\n\n{text}\n\nInes")


def run(tmp_path: Path, tree: Path, mbox: bytes) -> RespinResult:
    return run_respin(RespinRequest(tree=tree, out=tmp_path / "out", threads=[ThreadInput("t.mbox", mbox)],
                                    checkpatch=False))


def file_at(tree: Path, rev: str) -> str:
    return _git(tree, "show", f"{rev}:{PATH}")
