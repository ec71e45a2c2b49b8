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
