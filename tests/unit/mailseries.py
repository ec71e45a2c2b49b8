"""Small git trees and review mails for the tests that run a whole respin on a series of our own."""
from __future__ import annotations

import subprocess
from pathlib import Path


def git(tree: Path, *args: str, who: tuple[str, str], date: str) -> str:
    """`git -C TREE ARGS` as WHO (name, address) at DATE, with no outside configuration."""
    env = {"GIT_AUTHOR_NAME": who[0], "GIT_AUTHOR_EMAIL": who[1], "GIT_COMMITTER_NAME": who[0],
           "GIT_COMMITTER_EMAIL": who[1], "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "HOME": str(tree), "PATH": "/usr/bin:/bin"}
    return subprocess.run(["git", "-C", str(tree), *args], check=True, capture_output=True, text=True,
                          env=env, timeout=60).stdout


def reply(msgid: str, parent: str, subject: str, sender: tuple[str, str], to: tuple[str, str], body: str,
          date: str) -> str:
    """One mbox message from SENDER to TO answering PARENT."""
    return (f"From {sender[1]} Mon Mar 10 12:00:00 2025\nFrom: {sender[0]} <{sender[1]}>\n"
            f"To: {to[0]} <{to[1]}>\nSubject: Re: {subject}\nDate: {date}\nMessage-ID: <{msgid}>\n"
            f"In-Reply-To: <{parent}>\nReferences: <{parent}>\nContent-Type: text/plain; charset=UTF-8\n\n"
            f"{body}\n")


def one_file_series(tree: Path, path: str, base: str, patches: list[tuple[str, str, str]], who: tuple[str, str],
                    branch: str) -> tuple[str, list[str], list[str]]:
    """A repository at TREE whose master commits PATH as BASE, then BRANCH with one commit per (text,
    message, date) of PATCHES; (their patch mails as v2, threaded, the mails' Message-IDs, their subjects)."""
    tree.mkdir()
    git(tree, "init", "-q", "-b", "master", who=who, date="2025-03-01T10:00:00+00:00")
    (tree / path).parent.mkdir(parents=True)
    for k, (text, message, date) in enumerate([(base, "hwmon: add the tmx42 driver", "2025-03-01T10:00:00+00:00"),
                                               *patches]):
        if k == 1:
            git(tree, "checkout", "-q", "-b", branch, who=who, date=date)
        (tree / path).write_text(text)
        git(tree, "add", path, who=who, date=date)
        git(tree, "commit", "-q", "-m", message, who=who, date=date)
    mails = git(tree, "format-patch", "--stdout", f"-{len(patches)}", "--subject-prefix=PATCH v2",
                "--thread=shallow", "--no-signature", "--no-cover-letter", who=who, date="2025-03-10T10:00:00+00:00")
    ids = [ln.split("<", 1)[1].rstrip(">") for ln in mails.splitlines() if ln.lower().startswith("message-id:")]
    subjects = [ln[len("Subject: "):] for ln in mails.splitlines() if ln.startswith("Subject: ")]
    return mails, ids, subjects


def changed(diff: str) -> list[str]:
    """The removed and added lines of DIFF."""
    return [ln for ln in diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]


AUTHOR = ("Ilona Varga", "ilona.varga@example.hu")
REVIEWER = ("Tomas Berg", "tomas.berg@example.se")


def respin_reviewed(tmp_path: Path, path: str, base: str, patches: list[tuple[str, str]], branch: str, quote: str,
                    comment: str):
    """(tree, result) of a respin of the one-file series BASE + PATCHES ((text, subject and body) each, by
    AUTHOR, signed off) whose review of patch 1 quotes the lines of QUOTE, each as an added line, with
    COMMENT under them."""
    from app.respin import RespinRequest, ThreadInput, run_respin

    tree = tmp_path / "tree"
    signed = [(text, f"{message}\n\nSigned-off-by: {AUTHOR[0]} <{AUTHOR[1]}>", f"2025-03-09T10:0{k}:00+00:00")
              for k, (text, message) in enumerate(patches)]
    mails, ids, subjects = one_file_series(tree, path, base, signed, AUTHOR, branch)
    review = reply("r1@example.se", ids[0], subjects[0], REVIEWER, AUTHOR,
                   "On Sun, Mar 09, Ilona Varga wrote:\n" + "\n".join(f"> +{q}" for q in quote.split("\n")) +
                   f"\n\n{comment}\n\nTomas", "Mon, 10 Mar 2025 12:00:00 +0000")
    result = run_respin(RespinRequest(tree=tree, out=tmp_path / "out",
                                      threads=[ThreadInput("t.mbox", (mails + "\n" + review).encode())],
                                      checkpatch=False))
    return tree, result


def shown(tree: Path, rev: str, path: str) -> str:
    """PATH as REV of TREE has it."""
    return git(tree, "show", f"{rev}:{path}", who=AUTHOR, date="2025-03-10T10:00:00+00:00")
