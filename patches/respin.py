"""The whole pipeline, one call: thread(s) + tree -> v5 series.

    read threads -> review (suggestions) -> rules -> edits (spatch) -> series (rebase) -> mails

Callers (the CLI, the service) build a RespinRequest and get a RespinResult or
a RespinError whose message is one line naming the bad input.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

Progress = Callable[[str, str], None]   # (stage, message); stages: parsing, rules, spatch, rebase, mails, checkpatch


class RespinError(Exception):
    """Bad input or an impossible respin; str(e) is one line that says what to fix."""


@dataclass
class ThreadInput:
    name: str           # file name as given (for messages)
    data: bytes


@dataclass
class RespinRequest:
    tree: Path
    threads: list[ThreadInput]
    out: Path
    series: str = ""                # "base..hugetlb"; "" = find from the thread's subjects
    base: str = ""                  # where to `git am` the vN mails when the tree lacks them
    rules: list[ThreadInput] = field(default_factory=list)   # user .cocci files
    exclude: set[str] = field(default_factory=set)           # suggestion ids the user unticked
    propagate: bool = False
    force: bool = False             # overwrite an existing <branch>-v5
    branch: str = ""                # name of the new branch ("" = <branch>-v<N+1>)
    progress: Progress | None = None
